"""The HUBSPOT processor. Its documented bodies are in corpus/HUBSPOT/ (test_corpus.py)."""

import pytest

from svit_appliance.processors import NoContactDetails, PayloadError
from tests.processors.helpers import one, process


def test_hubspot_creation_events_say_why_they_name_no_one():
    events = [{"objectId": 1, "portalId": 33, "subscriptionType": "contact.creation"},
              {"objectId": 2, "portalId": 33, "subscriptionType": "contact.deletion"}]
    with pytest.raises(NoContactDetails) as raised:
        process("HUBSPOT", events)
    assert "contact.creation, contact.deletion" in raised.value.warning
    assert raised.value.references == {"objectIds": [1, 2], "portalId": 33}


def test_hubspot_property_changes_make_one_person_per_contact():
    events = [{"objectId": 1, "subscriptionType": "contact.propertyChange", "propertyName": "email", "propertyValue": "a@x.io"},
              {"objectId": 2, "subscriptionType": "contact.propertyChange", "propertyName": "phone", "propertyValue": "+1 555 0100"},
              {"objectId": 3, "subscriptionType": "deal.propertyChange", "propertyName": "email", "propertyValue": "no@x.io"}]
    assert [(p.email, p.phone) for p in process("HUBSPOT", events)] == [("a@x.io", None), (None, "+1 555 0100")]


def test_hubspot_refuses_an_array_that_is_not_events():
    with pytest.raises(PayloadError, match="objectId"):
        process("HUBSPOT", [{"email": "a@x.io"}])


def test_hubspot_drops_internal_properties():
    person = one("HUBSPOT", {"objectId": 5, "properties": {"email": "a@x.io", "hs_object_id": "5", "jobtitle": "CTO"}})
    assert person.attributes == {"jobtitle": "CTO", "hubspot_contact_id": 5}

"""The FACEBOOK_LEAD_ADS processor. Its documented bodies are in corpus/FACEBOOK_LEAD_ADS/ (test_corpus.py)."""

import pytest

from svit_appliance.processors import INTEGRATION_TYPES, NoContactDetails, PayloadError

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_facebook_leadgen_raises_no_contact_details_with_the_ids():
    body = {"object": "page", "entry": [{"id": "1", "time": 1, "changes": [
        {"field": "leadgen", "value": {"leadgen_id": 444, "form_id": 555, "page_id": 1, "ad_id": 7}}]}]}
    with pytest.raises(NoContactDetails) as raised:
        process("FACEBOOK_LEAD_ADS", body)
    assert "444" in raised.value.warning
    assert raised.value.references == {"leadgen_id": [444], "form_id": [555], "page_id": [1], "ad_id": [7]}


@pytest.mark.parametrize("body", [{"object": "page"}, {"object": "page", "entry": [{"changes": [{"field": "feed"}]}]}])
def test_facebook_refuses_other_page_changes(body):
    with pytest.raises(PayloadError):
        process("FACEBOOK_LEAD_ADS", body)

"""The PAPERFORM processor. Its documented bodies are in corpus/PAPERFORM/ (test_corpus.py)."""

import pytest

from svit_appliance.processors import INTEGRATION_TYPES, PayloadError

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_paperform_refuses_a_body_without_data():
    with pytest.raises(PayloadError, match="data"):
        process("PAPERFORM", {"submission_id": "x"})

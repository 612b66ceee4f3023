"""The WPFORMS processor. Its documented bodies are in corpus/WPFORMS/ (test_corpus.py)."""


from svit_appliance.processors import INTEGRATION_TYPES

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_wpforms_splits_multiple_values_and_reads_date_times():
    person = one("WPFORMS", {"email": "a@example.com", "services": "A||B", "when[value]": "2026-01-01", "when[unix]": "1"})
    assert person.attributes == {"services": ["A", "B"], "when": "2026-01-01"}

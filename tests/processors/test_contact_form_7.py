"""The CONTACT_FORM_7 processor. Its documented bodies are in corpus/CONTACT_FORM_7/ (test_corpus.py)."""


from svit_appliance.processors import INTEGRATION_TYPES

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_contact_form_7_keeps_special_mail_tags_as_attributes():
    person = one("CONTACT_FORM_7", {"your-email": "a@example.com", "_remote_ip": "203.0.113.9"})
    assert person.attributes == {"_remote_ip": "203.0.113.9"}

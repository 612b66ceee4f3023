"""The ELEMENTOR processor. Its documented bodies are in corpus/ELEMENTOR/ (test_corpus.py)."""


from svit_appliance.processors import INTEGRATION_TYPES

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_elementor_advanced_data_keeps_form_and_meta_as_attributes():
    person = one("ELEMENTOR", {"form[id]": "f1", "form[name]": "Contact", "fields[email][id]": "email",
                               "fields[email][type]": "email", "fields[email][title]": "Where to write",
                               "fields[email][value]": "a@example.com", "meta[remote_ip][title]": "Remote IP",
                               "meta[remote_ip][value]": "203.0.113.9", "meta[credit][title]": "Powered by",
                               "meta[credit][value]": "Elementor"})
    assert person.email == "a@example.com"
    assert person.attributes == {"form_id": "f1", "form_name": "Contact", "Remote IP": "203.0.113.9"}

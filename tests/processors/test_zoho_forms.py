"""The ZOHO_FORMS processor. Its documented bodies are in corpus/ZOHO_FORMS/ (test_corpus.py)."""


from svit_appliance.processors import INTEGRATION_TYPES

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_zoho_forms_reads_name_objects_and_name_part_keys():
    assert one("ZOHO_FORMS", {"Name": {"first_name": "A", "last_name": "B"}, "Email": "a@x.io"}).name == "A B"
    assert one("ZOHO_FORMS", {"Name_First": "A", "Name_Last": "B", "Email": "a@x.io"}).name == "A B"

"""The GOOGLE_FORMS processor. Its documented bodies are in corpus/GOOGLE_FORMS/ (test_corpus.py)."""


from svit_appliance.processors import INTEGRATION_TYPES

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


def process(type_name, payload, config=None):
    return INTEGRATION_TYPES[type_name].process(payload, config or {})


def one(type_name, payload):
    persons = process(type_name, payload)
    assert len(persons) == 1, persons
    return persons[0]


def test_google_forms_takes_the_respondent_email_first():
    person = one("GOOGLE_FORMS", {"respondentEmail": "r@example.com",
                                  "answers": {"Email": "other@example.com", "Name": "Ann"}})
    assert (person.email, person.name) == ("r@example.com", "Ann")
    assert person.attributes["Email"] == "other@example.com"


def test_google_forms_reads_a_bare_list_of_item_responses():
    person = one("GOOGLE_FORMS", [{"title": "Имя", "response": "Ольга"}, {"title": "Телефон", "response": "+7 900 000-00-00"}])
    assert (person.name, person.phone) == ("Ольга", "+7 900 000-00-00")


def test_google_forms_keeps_checkbox_answers_as_lists():
    person = one("GOOGLE_FORMS", {"Email": ["a@example.com"], "Topics": ["CRM, Forms"]})
    assert person.attributes["Topics"] == "CRM, Forms"

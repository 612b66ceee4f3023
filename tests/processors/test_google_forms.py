"""The GOOGLE_FORMS processor. Its documented bodies are in corpus/GOOGLE_FORMS/ (test_corpus.py)."""


from tests.processors.helpers import one


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

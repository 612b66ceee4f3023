"""The GRAVITY_FORMS processor. Its documented bodies are in corpus/GRAVITY_FORMS/ (test_corpus.py)."""


from tests.processors.helpers import one


def test_gravity_forms_keeps_entry_bookkeeping_out_of_the_attributes():
    person = one("GRAVITY_FORMS", {"id": "9", "form_id": "1", "ip": "203.0.113.9", "user_agent": "UA", "is_read": 0,
                                   "2": "a@example.com"})
    assert person.attributes == {"entry_id": "9", "form_id": "1"}


def test_gravity_forms_does_not_take_an_address_for_a_name():
    person = one("GRAVITY_FORMS", {"4.1": "1 Main St", "4.3": "Springfield", "4.6": "United States", "2": "a@example.com"})
    assert (person.first_name, person.last_name, person.name) == (None, None, None)

"""The CONTACT_FORM_7 processor. Its documented bodies are in corpus/CONTACT_FORM_7/ (test_corpus.py)."""


from tests.processors.helpers import one


def test_contact_form_7_keeps_special_mail_tags_as_attributes():
    person = one("CONTACT_FORM_7", {"your-email": "a@example.com", "_remote_ip": "203.0.113.9"})
    assert person.attributes == {"_remote_ip": "203.0.113.9"}

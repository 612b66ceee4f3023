"""The ELEMENTOR processor. Its documented bodies are in corpus/ELEMENTOR/ (test_corpus.py)."""


from tests.processors.helpers import one


def test_elementor_advanced_data_keeps_form_and_meta_as_attributes():
    person = one("ELEMENTOR", {"form[id]": "f1", "form[name]": "Contact", "fields[email][id]": "email",
                               "fields[email][type]": "email", "fields[email][title]": "Where to write",
                               "fields[email][value]": "a@example.com", "meta[remote_ip][title]": "Remote IP",
                               "meta[remote_ip][value]": "203.0.113.9", "meta[credit][title]": "Powered by",
                               "meta[credit][value]": "Elementor"})
    assert person.email == "a@example.com"
    assert person.attributes == {"form_id": "f1", "form_name": "Contact", "Remote IP": "203.0.113.9"}

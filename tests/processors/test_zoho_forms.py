"""The ZOHO_FORMS processor. Its documented bodies are in corpus/ZOHO_FORMS/ (test_corpus.py)."""


from tests.processors.helpers import one


def test_zoho_forms_reads_name_objects_and_name_part_keys():
    assert one("ZOHO_FORMS", {"Name": {"first_name": "A", "last_name": "B"}, "Email": "a@x.io"}).name == "A B"
    assert one("ZOHO_FORMS", {"Name_First": "A", "Name_Last": "B", "Email": "a@x.io"}).name == "A B"

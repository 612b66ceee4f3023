"""The WPFORMS processor. Its documented bodies are in corpus/WPFORMS/ (test_corpus.py)."""


from tests.processors.helpers import one


def test_wpforms_splits_multiple_values_and_reads_date_times():
    person = one("WPFORMS", {"email": "a@example.com", "services": "A||B", "when[value]": "2026-01-01", "when[unix]": "1"})
    assert person.attributes == {"services": ["A", "B"], "when": "2026-01-01"}

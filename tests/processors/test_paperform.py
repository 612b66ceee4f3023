"""The PAPERFORM processor. Its documented bodies are in corpus/PAPERFORM/ (test_corpus.py)."""

import pytest

from svit_appliance.processors import PayloadError
from tests.processors.helpers import process


def test_paperform_refuses_a_body_without_data():
    with pytest.raises(PayloadError, match="data"):
        process("PAPERFORM", {"submission_id": "x"})

"""The FACEBOOK_LEAD_ADS processor. Its documented bodies are in corpus/FACEBOOK_LEAD_ADS/ (test_corpus.py)."""

import pytest

from svit_appliance.processors import NoContactDetails, PayloadError
from tests.processors.helpers import process


def test_facebook_leadgen_raises_no_contact_details_with_the_ids():
    body = {"object": "page", "entry": [{"id": "1", "time": 1, "changes": [
        {"field": "leadgen", "value": {"leadgen_id": 444, "form_id": 555, "page_id": 1, "ad_id": 7}}]}]}
    with pytest.raises(NoContactDetails) as raised:
        process("FACEBOOK_LEAD_ADS", body)
    assert "444" in raised.value.warning
    assert raised.value.references == {"leadgen_id": [444], "form_id": [555], "page_id": [1], "ad_id": [7]}


@pytest.mark.parametrize("body", [{"object": "page"}, {"object": "page", "entry": [{"changes": [{"field": "feed"}]}]}])
def test_facebook_refuses_other_page_changes(body):
    with pytest.raises(PayloadError):
        process("FACEBOOK_LEAD_ADS", body)

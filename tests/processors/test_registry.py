"""Every type of the registry: scalar bodies are refused, odd values never crash a processor."""

import pytest

from svit_appliance.processors import NoContactDetails, PayloadError
from tests.processors.helpers import process

NEW_TYPES = ("GOOGLE_FORMS", "WPFORMS", "GRAVITY_FORMS", "ELEMENTOR", "CONTACT_FORM_7", "HUBSPOT", "ZOHO_FORMS",
             "PAPERFORM", "FACEBOOK_LEAD_ADS")


@pytest.mark.parametrize("type_name", NEW_TYPES)
@pytest.mark.parametrize("payload", ["text", 42, None, True])
def test_it_rejects_a_scalar_body(type_name, payload):
    with pytest.raises(PayloadError):
        process(type_name, payload)


ODD = [
    {"": None, "x": [None, {}, []], "1.3": {"a": None}, "data": "x", "fields[": "y", "entry": [None]},
    {"data": [None, 1, {"type": ["email"], "value": {"x": 1}}], "namedValues": {"Q": [[]]}},
    {"properties": {"email": {"value": None}, "firstname": [1]}, "fields": {"a": "b", "c": {"value": None}}},
]


@pytest.mark.parametrize("type_name", NEW_TYPES)
@pytest.mark.parametrize("payload", ODD)
def test_it_never_fails_on_odd_values(type_name, payload):
    try:
        result = process(type_name, payload)
    except (PayloadError, NoContactDetails):
        return
    assert isinstance(result, list)

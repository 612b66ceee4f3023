"""The JSON rules of ``http.bodies.parse_json`` in-process: the quick test that lets most bodies skip
the walk over their strings and nesting must never let through what the walk refuses."""
import pytest

from svit_appliance.http.bodies import parse_json
from svit_appliance.http.errors import ApiError

DEPTH = 8


@pytest.mark.parametrize("body, refusal", [
    (b'{"a": "\\ud800"}', "lone surrogate"),
    (b'{"a": "\\uD800"}', "lone surrogate"),  # hex digits of either case
    (b'{"\\uDFFF": 1}', "lone surrogate"),
    (b'["x", {"b": ["\\udc00"]}]', "lone surrogate"),
    (b"[" * (DEPTH + 1) + b"]" * (DEPTH + 1), f"nesting deeper than {DEPTH}"),
    (b'{"a":' * (DEPTH + 1) + b"1" + b"}" * (DEPTH + 1), f"nesting deeper than {DEPTH}"),
    (b'{"a": 1, "a": 2}', "duplicate key"),
    (b'{"a": NaN}', "NaN is not a JSON number"),
    (b"\xef\xbb\xbf\xef\xbb\xbf{}", "Unexpected UTF-8 BOM"),
])
def test_it_refuses_what_the_contract_refuses(body, refusal):
    with pytest.raises(ApiError) as raised:
        parse_json(body, DEPTH)
    assert refusal in raised.value.detail


@pytest.mark.parametrize("body, value", [
    (b'{"emoji": "\\ud83d\\ude00"}', {"emoji": "\U0001F600"}),  # a surrogate pair is one character
    (b'{"path": "C:\\\\ud800"}', {"path": "C:\\ud800"}),  # an escaped backslash, then plain text
    (b"[" * DEPTH + b"]" * DEPTH, [[[[[[[[]]]]]]]]),  # exactly at the limit
    (b'{"text": "' + b"{[" * DEPTH + b'"}', {"text": "{[" * DEPTH}),  # brackets in a string nest nothing
    (b"\xef\xbb\xbf{\"a\": 1}", {"a": 1}),
])
def test_it_accepts_what_the_contract_accepts(body, value):
    assert parse_json(body, DEPTH) == value

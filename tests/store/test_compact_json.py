"""The stored JSON text: what json.dumps writes with compact separators and UTF-8 kept."""
import json

import pytest

from svit_appliance.store.compact_json import to_json

VALUES = [{"name": "Zoë \"Z\"\n", "tags": [1, 2.5, None, True, False], "nested": {}}, "text", 7, None, [],
          {"ok": float("inf")}]


@pytest.mark.parametrize("value", VALUES)
def test_it_writes_what_json_dumps_writes(value):
    assert to_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_it_refuses_what_json_cannot_write():
    with pytest.raises(TypeError):
        to_json({"when": object()})

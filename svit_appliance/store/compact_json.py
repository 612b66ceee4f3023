"""Compact JSON text (UTF-8 kept as it is, no spaces), the form svit stores in its JSON columns."""
import json
from json import encoder as _json_encoder
from typing import Any, Callable


def _build_encoder() -> Callable[[Any], str]:
    """``json.JSONEncoder.encode`` builds its C encoder anew on every call, about two thirds of
    the cost of encoding a timeline entry; an import encodes three per row, so this one is built
    once (the pure-Python encoder where the C one is missing)."""
    options = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make_encoder = _json_encoder.c_make_encoder
    if make_encoder is None:
        return options.encode
    encode = make_encoder(None, options.default, _json_encoder.encode_basestring, None, ":", ",",
                          False, False, True)
    return lambda value: "".join(encode(value, 0))


to_json = _build_encoder()

"""Reading request bodies strictly: JSON that Python's ``json`` would wrongly accept is refused,
and form posts become a JSON object of their fields.

Every refusal is an ``ApiError`` with a detail that tells the sender what to fix.
"""
import json
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from .errors import ApiError
from .multipart import parse_multipart

JSON_TYPES = ("application/json", "text/plain", "")
FORM_URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class ParsedBody:
    value: Any
    stored_bytes: bytes
    stored_content_type: str


def invalid(detail: str) -> ApiError:
    return ApiError("INVALID_REQUEST", detail)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _reject_constant(name: str):
    raise invalid(f"Body is not valid JSON: {name} is not a JSON number")


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise invalid(f"Body is not valid JSON: number {text[:40]} is out of range")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise invalid(f"Body is not valid JSON: duplicate key {duplicate!r:.80}")
    return result


# one decoder for every body (json.loads with hooks would build a new one per call)
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_constant=_reject_constant, parse_float=_parse_float)


def _may_break_rules(body: bytes, max_depth: int) -> bool:
    """Whether the parsed value needs walking: a lone surrogate can only come from a ``\\uD800``-
    ``\\uDFFF`` escape (strict UTF-8 decoding refuses an encoded one), and nesting deeper than
    ``max_depth`` needs more than ``max_depth`` brackets. Most bodies have neither, and skip the walk."""
    # one scan for any \u escape first: most bodies have none, and skip the two narrower scans
    return ((b"\\u" in body and (b"\\ud" in body or b"\\uD" in body))
            or body.count(b"{") + body.count(b"[") > max_depth)


def _check_structure(value: Any, max_depth: int) -> None:
    """Iteratively check nesting depth and strings (lone surrogates cannot be stored as UTF-8)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_text(node)
        elif isinstance(node, (dict, list)):
            if depth > max_depth:
                raise invalid(f"Body is not valid JSON: nesting deeper than {max_depth} levels")
            if isinstance(node, dict):
                for key, item in node.items():
                    _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in node)


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise invalid("Body is not valid JSON: a string holds a lone surrogate escape (\\ud800-\\udfff)") from None


def decode_utf8(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise invalid(f"Body is not valid UTF-8: byte 0x{body[error.start]:02x} at position {error.start}") from None
    return text.removeprefix("\ufeff")


def parse_json(body: bytes, max_depth: int) -> Any:
    """Parse a JSON body, refusing duplicate keys, NaN/Infinity, lone surrogates and deep nesting."""
    text = decode_utf8(body)
    if not text.strip():
        raise invalid("Request body is empty: send a JSON value")
    try:
        if text.startswith("\ufeff"):  # a second byte order mark: refused as json.loads refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise invalid(f"Body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise invalid(f"Body is not valid JSON: nesting deeper than {max_depth} levels") from None
    except ValueError as error:
        raise invalid(f"Body is not valid JSON: {str(error).split(';')[0][:120]}") from None
    if _may_break_rules(body, max_depth):
        _check_structure(value, max_depth)
    return value


def _fields_to_object(pairs: list[tuple[str, Any]]) -> dict:
    fields: dict[str, Any] = {}
    for key, value in pairs:
        _check_text(key)
        if key in fields:
            existing = fields[key]
            fields[key] = existing + [value] if isinstance(existing, list) else [existing, value]
        else:
            fields[key] = value
    return fields


def parse_urlencoded(body: bytes) -> dict:
    text = decode_utf8(body)
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict",
                          max_num_fields=10_000)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid(f"Form body could not be read: {str(error)[:120]}") from None
    return _fields_to_object(pairs)


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip()[:1] in (b"{", b"[")


def to_json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def parse_request_body(request, max_depth: int) -> ParsedBody:
    """The body of an ingestion request as a JSON value plus the bytes to store for it."""
    kind = media_type(request.content_type if request.headers.get("content-type") else "")
    body = request.body or b""
    if not body.strip():
        raise invalid("Request body is empty: send a JSON value")
    if kind in JSON_TYPES or kind.endswith("+json") or (kind == FORM_URLENCODED and _looks_like_json(body)):
        return ParsedBody(parse_json(body, max_depth), body, "application/json")
    if kind == FORM_URLENCODED:
        fields = parse_urlencoded(body)
    elif kind == MULTIPART:
        fields = _multipart(request, body)
    else:
        raise ApiError("UNSUPPORTED_MEDIA_TYPE",
                       f"Content-Type '{kind[:80]}' is not supported: send application/json, "
                       "application/x-www-form-urlencoded or multipart/form-data")
    return ParsedBody(fields, to_json_bytes(fields), "application/json")


def _multipart(request, body: bytes) -> dict:
    pairs = parse_multipart(body, request.headers.get("content-type", ""))
    if not pairs:
        raise invalid("Multipart body could not be read: no fields found (check the boundary and parts)")
    for _, value in pairs:
        if isinstance(value, str):
            _check_text(value)
    return _fields_to_object(pairs)

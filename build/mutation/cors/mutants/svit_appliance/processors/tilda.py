"""TILDA: form webhooks, form-encoded fields (Name, Email, Phone, custom names, plus tranid and
formid) stored as a JSON object. Tilda's ``test=test`` ping names no one: []."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, compact, identified, person_from_answers

# Never kept: the API key Tilda can send in the body, and the visitor's cookies (tracking noise).
_DROPPED = {"apikey", "tildaapikey", "key", "secret", "token", "cookies"}


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A TILDA body must be the form's fields as an object (Name, Email, Phone...).")
    fields = {key: value for key, value in payload.items() if not _dropped(key, config)}
    if fields == {"test": "test"}:
        return []
    answers = [Answer(str(key), value) for key, value in fields.items()]
    return identified(person_from_answers(answers))


def _dropped(key: Any, config: dict | None) -> bool:
    custom = (config or {}).get("api_key_field")
    return compact(key) in _DROPPED or (isinstance(custom, str) and compact(key) == compact(custom))

"""GRAVITY_FORMS: the Webhooks Add-On's request, JSON or form-encoded, in either of its two
request bodies:

- "All Fields": the entry object, its answers keyed by field id ("1", "2") and sub-input id
  ("1.3", "1.6"), beside the entry's properties (id, form_id, date_created, source_url...).
  The entry holds no labels: a name field is known by its sub-inputs (.3 first, .6 last, and
  no street .1 as an address has), an email address and a phone number by their shapes;
- "Select Fields": the keys the site owner chose, each mapped to a field, read like labels.
"""
import re
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    ATTRIBUTE,
    Answer,
    identified,
    nest_form_fields,
    person_from_answers,
    shape_kind,
)

_FIELD_ID = re.compile(r"^(\d+)(?:\.(\d+))?$")
_NAME_INPUTS = {"3": "first_name", "6": "last_name"}
_OTHER_NAME_INPUTS = {"2", "4", "8"}  # prefix, middle, suffix
_EXTRAS = {"id": "entry_id", "form_id": "form_id", "date_created": "date_created", "source_url": "source_url"}
# Entry properties that tell an admin nothing about the person.
_DROPPED = {
    "post_id", "is_starred", "is_read", "ip", "user_agent", "currency", "payment_status",
    "payment_date", "payment_amount", "payment_method", "transaction_id", "is_fulfilled",
    "created_by", "transaction_type", "status", "date_updated", "source_id",
}


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A GRAVITY_FORMS body must be the entry or the selected fields: an object.")
    body = nest_form_fields(payload)
    fields = {key: value for key, value in body.items() if _FIELD_ID.match(str(key))}
    answers = _entry_answers(fields)
    answers += [Answer(str(key), value) for key, value in body.items()
                if key not in fields and key not in _EXTRAS and key not in _DROPPED]
    extras = {name: body.get(key) for key, name in _EXTRAS.items()}
    return identified(person_from_answers(answers, extras))


def _entry_answers(fields: dict) -> list[Answer]:
    groups: dict[str, dict[str, Any]] = {}
    for key, value in fields.items():
        field_id, input_id = _FIELD_ID.match(str(key)).groups()
        groups.setdefault(field_id, {})[input_id or ""] = value
    answers = []
    for field_id, inputs in groups.items():
        if _is_name(inputs):
            answers += [Answer(f"Field {field_id}.{i}", v, _NAME_INPUTS.get(i, ATTRIBUTE)) for i, v in inputs.items()]
        else:
            answers += [_unlabelled(f"Field {field_id}" + (f".{i}" if i else ""), v) for i, v in inputs.items()]
    return answers


def _is_name(inputs: dict) -> bool:
    parts = set(inputs) - {""}
    return bool(parts & set(_NAME_INPUTS)) and parts <= set(_NAME_INPUTS) | _OTHER_NAME_INPUTS


def _unlabelled(label: str, value: Any) -> Answer:
    return Answer(label, value, shape_kind(value))

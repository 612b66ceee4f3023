"""TALLY: the ``FORM_RESPONSE`` webhook. Each of ``data.fields`` is an answer labelled by its
question; INPUT_EMAIL and INPUT_PHONE_NUMBER are declared; choice ids become option texts."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, as_dict, as_list, identified, person_from_answers

_DECLARED = {"INPUT_EMAIL": "email", "INPUT_PHONE_NUMBER": "phone"}
_CHOICES = {"MULTIPLE_CHOICE", "DROPDOWN", "CHECKBOXES", "MULTI_SELECT", "RANKING"}
_FILES = {"FILE_UPLOAD", "SIGNATURE"}


def process(payload: Any, config: dict) -> list[PersonInput]:
    data = _data(payload)
    answers = [_answer(field) for field in as_list(data["fields"]) if _kept(field)]
    extras = {"form_name": data.get("formName"), "submitted_at": data.get("createdAt")}
    return identified(person_from_answers(answers, extras))


def _data(payload: Any) -> dict:
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        raise PayloadError("A TALLY body must be a FORM_RESPONSE event: an object with data.fields.")
    event_type = payload.get("eventType")
    if event_type is not None and event_type != "FORM_RESPONSE":
        raise PayloadError(f"A TALLY integration reads FORM_RESPONSE events, not {event_type!r}.")
    return data


def _kept(field: Any) -> bool:
    # Tally repeats each ticked checkbox as its own true/false field: the list field says it all.
    if not isinstance(field, dict):
        return False
    return not (field.get("type") == "CHECKBOXES" and isinstance(field.get("value"), bool))


def _answer(field: dict) -> Answer:
    label = field.get("label") or field.get("key") or "field"
    return Answer(str(label), _value(field), _DECLARED.get(str(field.get("type"))))


def _value(field: dict) -> Any:
    value, kind = field.get("value"), str(field.get("type"))
    if kind in _CHOICES:
        return _option_texts(value, field.get("options"))
    if kind in _FILES and isinstance(value, list):
        return [as_dict(file).get("url") for file in value if as_dict(file).get("url")]
    if kind == "MATRIX" and isinstance(value, dict):
        return _matrix(value, field)
    return value


def _texts(options: Any) -> dict:
    options = map(as_dict, as_list(options))
    return {o["id"]: o.get("text") for o in options if isinstance(o.get("id"), str)}


def _option_texts(value: Any, options: Any) -> Any:
    texts = _texts(options)
    if isinstance(value, list):
        return [texts.get(item, item) if isinstance(item, str) else item for item in value]
    return texts.get(value, value) if isinstance(value, str) else value


def _matrix(value: dict, field: dict) -> dict:
    rows, columns = _texts(field.get("rows")), field.get("columns")
    return {str(rows.get(row, row)): _option_texts(cells, columns) for row, cells in value.items()}

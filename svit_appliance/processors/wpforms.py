"""WPFORMS: the Webhooks addon's request. Its body holds the keys the site owner set under
"Request Body", each mapped to a form field (or to a custom value), as JSON or form-encoded.
The addon joins the lines of address, checkbox and dropdown values with "||", sends a
date-time field as {"value", "unix"} and a file upload as the files' URLs."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, identified, nest_form_fields, person_from_answers


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A WPFORMS body must be the webhook's request body: an object of its keys.")
    answers = [Answer(str(key), _value(value)) for key, value in nest_form_fields(payload).items()]
    return identified(person_from_answers(answers))


def _value(value: Any) -> Any:
    if isinstance(value, dict) and "value" in value and set(value) <= {"value", "unix"}:
        return value["value"]  # a date-time field
    if isinstance(value, str) and "||" in value:
        return [part.strip() for part in value.split("||") if part.strip()]
    return value

"""ZOHO_FORMS: the Webhooks integration's payload: the fields chosen under "Payload
Parameters", keyed by the parameter names set there (by default the fields' link names:
"Name", "Email", "PhoneNumber", "SingleLine"...), sent as JSON, form-encoded or multipart.
A name field is an object of its parts in JSON ({"first_name", "last_name"}) and one key per
part in a form post ("Name_First", "Name_Last"); a subform is an array of rows."""
import re
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    ATTRIBUTE,
    Answer,
    compact,
    identified,
    nest_form_fields,
    person_from_answers,
)

# A name part's own key, in a name object or after the field's link name ("Name_First").
_PARTS = {
    "first": "first_name", "firstname": "first_name", "given": "first_name",
    "last": "last_name", "lastname": "last_name", "surname": "last_name", "family": "last_name",
}
_OTHER_PARTS = {"middle", "middlename", "prefix", "salutation", "suffix", "title"}
_PART_SUFFIX = re.compile(r"^(.+?)[_.\-](first|last|middle|prefix|salutation|suffix)(?:_?name)?$", re.I)


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A ZOHO_FORMS body must be the webhook's payload parameters: an object.")
    answers = [answer for key, value in nest_form_fields(payload).items() for answer in _answers(str(key), value)]
    return identified(person_from_answers(answers))


def _answers(key: str, value: Any) -> list[Answer]:
    if isinstance(value, dict) and _is_name(value):
        return [Answer(f"{key}.{part}", item, _PARTS.get(compact(part), ATTRIBUTE)) for part, item in value.items()]
    suffix = _PART_SUFFIX.match(key)
    if suffix and not isinstance(value, (dict, list)):
        return [Answer(key, value, _PARTS.get(suffix.group(2).lower(), ATTRIBUTE))]
    return [Answer(key, value)]


def _is_name(value: dict) -> bool:
    parts = {compact(part) for part in value}
    return bool(parts & set(_PARTS)) and parts <= set(_PARTS) | _OTHER_PARTS

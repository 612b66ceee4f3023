"""ELEMENTOR: Elementor Pro's form "Webhook" action. WordPress posts it form-encoded, so it
arrives as the flat object of a form post, in one of two shapes:

- simple: each field's label to its value ("No Label <id>" when a field has no label),
  ``form_id`` and ``form_name``, and the chosen metadata under its own labels ("Date",
  "Page URL", "Remote IP"... in the site's language);
- "Advanced Data": ``form[id]``, ``form[name]``, ``fields[<id>][id|type|title|value|
  raw_value|required]`` and ``meta[<key>][title|value]``. Field types say which field holds
  the email and the phone; the field id is read when the label says nothing.
"""
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    Answer,
    as_dict,
    identified,
    nest_form_fields,
    person_from_answers,
)

_DECLARED = {"email": "email", "tel": "phone"}
_SKIPPED_META = {"credit"}  # "Powered by: Elementor"
_SIMPLE_EXTRAS = ("form_id", "form_name")


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("An ELEMENTOR body must be the form's fields as an object.")
    body = nest_form_fields(payload)
    if _is_advanced(body):
        return identified(person_from_answers(_advanced_answers(body), _advanced_extras(body)))
    answers = [Answer(str(label), value) for label, value in body.items() if label not in _SIMPLE_EXTRAS]
    return identified(person_from_answers(answers, {key: body.get(key) for key in _SIMPLE_EXTRAS}))


def _is_advanced(body: dict) -> bool:
    fields = body.get("fields")
    return isinstance(fields, dict) and any(isinstance(f, dict) and "value" in f for f in fields.values())


def _advanced_answers(body: dict) -> list[Answer]:
    answers = []
    for field_id, field in body["fields"].items():
        field = as_dict(field)
        label = field.get("title") or field.get("id") or field_id
        kind = _DECLARED.get(str(field.get("type")))
        answers.append(Answer(str(label), field.get("value"), kind, key=str(field.get("id") or field_id)))
    return answers


def _advanced_extras(body: dict) -> dict:
    form = as_dict(body.get("form"))
    extras = {"form_id": form.get("id"), "form_name": form.get("name")}
    for key, meta in as_dict(body.get("meta")).items():
        if key not in _SKIPPED_META and isinstance(meta, dict):
            extras[str(meta.get("title") or key)] = meta.get("value")
    return extras

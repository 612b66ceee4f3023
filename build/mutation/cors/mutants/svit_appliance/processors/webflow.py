"""WEBFLOW: the ``form_submission`` webhook, v2 (``{"triggerType", "payload": {...}}``) and
legacy v1 (the submission at top level). Each form field is an answer labelled by its name."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, as_dict, as_list, identified, person_from_answers


def process(payload: Any, config: dict) -> list[PersonInput]:
    submission = _submission(payload)
    kinds = _declared_kinds(submission.get("schema"))
    answers = [Answer(str(name), value, kinds.get(name)) for name, value in submission["data"].items()]
    extras = {
        "form_name": submission.get("name"),
        "page_url": submission.get("pageUrl"),
        "submitted_at": submission.get("submittedAt") or submission.get("d"),
    }
    return identified(person_from_answers(answers, extras))


def _submission(payload: Any) -> dict:
    if not isinstance(payload, dict):
        raise PayloadError("A WEBFLOW body must be a form_submission webhook object.")
    trigger = payload.get("triggerType")
    if trigger is not None and trigger != "form_submission":
        raise PayloadError(f"A WEBFLOW integration reads form_submission webhooks, not {trigger!r}.")
    submission = payload["payload"] if isinstance(payload.get("payload"), dict) else payload
    if not isinstance(submission.get("data"), dict):
        raise PayloadError("A WEBFLOW form_submission must hold the submitted fields in data.")
    return submission


def _declared_kinds(schema: Any) -> dict[str, str]:
    """Field kinds from the v2 schema's field types (email and phone inputs)."""
    kinds = {}
    for field in map(as_dict, as_list(schema)):
        field_type = str(field.get("fieldType") or "").casefold()
        is_phone = "phone" in field_type or field_type.endswith("tel")
        kind = "email" if "email" in field_type else "phone" if is_phone else None
        if kind and isinstance(field.get("fieldName"), str):
            kinds[field["fieldName"]] = kind
    return kinds

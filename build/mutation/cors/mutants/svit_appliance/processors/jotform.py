"""JOTFORM: the submission webhook's form fields, whose ``rawRequest`` is a JSON string of the
answers keyed ``q<N>_<uniqueName>``. Name widgets ({"first", "last"}) and phone widgets
({"full"} or {"area", "phone"}) are declared; other answers are told apart by their name."""
import json
import re
from typing import Any

from .base import PayloadError, PersonInput
from .common import ATTRIBUTE, Answer, identified, person_from_answers, text, words

_QUESTION_KEY = re.compile(r"^q\d+_(.+)$")
_NAME_PARTS = {"first": "first_name", "last": "last_name"}


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A JOTFORM body must be the submission's form fields, with rawRequest.")
    answers = [answer for key, value in _raw_request(payload).items() for answer in _answers(key, value)]
    extras = {
        "form_title": payload.get("formTitle"),
        "form_id": payload.get("formID"),
        "submission_id": payload.get("submissionID"),
    }
    return identified(person_from_answers(answers, extras))


def _raw_request(payload: dict) -> dict:
    raw = payload.get("rawRequest")
    if isinstance(raw, list) and len(raw) == 1:
        raw = raw[0]  # a form field sent once may arrive as a one-item list
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            raise PayloadError("The Jotform rawRequest field is not valid JSON.") from None
    if not isinstance(raw, dict):
        raise PayloadError("A JOTFORM body must carry rawRequest: the answers as a JSON object.")
    return raw


def _answers(key: Any, value: Any) -> list[Answer]:
    """The answers of one question; keys that are not questions (slug, event_id...) give none."""
    match = _QUESTION_KEY.match(str(key))
    if not match:
        return []
    label = _readable(match.group(1))
    if isinstance(value, dict) and ("first" in value or "last" in value):
        parts = value.items()
        return [Answer(f"{label} ({part})", item, _NAME_PARTS.get(part, ATTRIBUTE)) for part, item in parts]
    if isinstance(value, dict) and ("full" in value or "phone" in value):
        return [Answer(label, _phone(value), "phone")]
    return [Answer(label, value)]


def _readable(unique_name: str) -> str:
    """Jotform's unique field name made readable: "phoneNumber" -> "Phone number"."""
    return " ".join(words(unique_name)).capitalize() or unique_name


def _phone(widget: dict) -> Any:
    if widget.get("full") is not None:
        return widget["full"]
    parts = (text(widget.get(part)) for part in ("country", "area", "phone"))
    return " ".join(part.strip() for part in parts if part)

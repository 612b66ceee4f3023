"""PAPERFORM: the submission webhook: ``data`` lists each question (title, description, type,
key, custom_key, value) beside ``submission_id``, ``created_at``, ``ip_address`` and
``charge``. Email and phone questions are declared by their type; the custom pre-fill key
is read when the title says nothing."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, as_dict, identified, person_from_answers

_DECLARED = {"email": "email", "phone": "phone"}
_EXTRAS = ("submission_id", "form_id", "slug", "created_at")


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise PayloadError("A PAPERFORM body must be a submission webhook: an object with a data list.")
    answers = [_answer(as_dict(question)) for question in payload["data"] if isinstance(question, dict)]
    return identified(person_from_answers(answers, {key: payload.get(key) for key in _EXTRAS}))


def _answer(question: dict) -> Answer:
    key = question.get("custom_key") or question.get("key")
    label = question.get("title") or key or "question"
    return Answer(str(label), question.get("value"), _DECLARED.get(str(question.get("type"))),
                  key=str(key) if key else None)

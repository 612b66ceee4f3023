"""JOTFORM: the submission webhook's form fields, whose ``rawRequest`` is a JSON string of the
answers keyed ``q<N>_<uniqueName>``. Name widgets ({"first", "last"}) and phone widgets
({"full"} or {"area", "phone"}) are declared; other answers are labelled by the question as
``pretty`` shows it ("Имя:Иван, E-mail:..."), in the form's own language, and by their
unique name when ``pretty`` does not show them."""
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
    labels = _pretty_labels(payload.get("pretty"))
    answers = [answer for key, value in _raw_request(payload).items() for answer in _answers(key, value, labels)]
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


def _answers(key: Any, value: Any, labels: dict[str, str]) -> list[Answer]:
    """The answers of one question; keys that are not questions (slug, event_id...) give none."""
    match = _QUESTION_KEY.match(str(key))
    if not match:
        return []
    label = _readable(match.group(1))
    if isinstance(value, str) and value.strip() in labels:
        return [Answer(labels[value.strip()], value, key=label)]
    if isinstance(value, dict) and ("first" in value or "last" in value):
        parts = value.items()
        return [Answer(f"{label} ({part})", item, _NAME_PARTS.get(part, ATTRIBUTE)) for part, item in parts]
    if isinstance(value, dict) and ("full" in value or "phone" in value):
        return [Answer(label, _phone(value), "phone")]
    return [Answer(label, value)]


def _pretty_labels(pretty: Any) -> dict[str, str]:
    """The question of each answer as ``pretty`` ("Question:answer, Question:answer") shows it,
    by answer. Answers holding ", " and a colon cannot be told apart and are left out."""
    if isinstance(pretty, list) and len(pretty) == 1:
        pretty = pretty[0]
    if not isinstance(pretty, str):
        return {}
    labels: dict[str, str] = {}
    repeated = set()  # "Yes" answers two questions: neither can be told by its answer
    for part in re.split(r", (?=[^,:]+:)", pretty):
        question, colon, answer = part.partition(":")
        if colon and question.strip() and answer.strip():
            if answer.strip() in labels:
                repeated.add(answer.strip())
            labels[answer.strip()] = question.strip()
    return {answer: question for answer, question in labels.items() if answer not in repeated}


def _readable(unique_name: str) -> str:
    """Jotform's unique field name made readable: "phoneNumber" -> "Phone number"."""
    return " ".join(words(unique_name)).capitalize() or unique_name


def _phone(widget: dict) -> Any:
    if widget.get("full") is not None:
        return widget["full"]
    parts = (text(widget.get(part)) for part in ("country", "area", "phone"))
    return " ".join(part.strip() for part in parts if part)

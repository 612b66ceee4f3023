"""TYPEFORM: the ``form_response`` webhook. Answers are labelled with their question's title
from ``form_response.definition``; email and phone_number answers are declared as such, and a
question's ``ref`` is read when its title says nothing (refs the form's author named, such
as "first_name"; Typeform's generated ones are UUIDs and say nothing)."""
import re
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, as_dict, as_list, identified, person_from_answers

_DECLARED = {"email": "email", "phone_number": "phone"}
_GENERATED_REF = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def process(payload: Any, config: dict) -> list[PersonInput]:
    response = _form_response(payload)
    definition = as_dict(response.get("definition"))
    titles = _titles(definition)
    answers = [_answer(item, titles) for item in as_list(response.get("answers")) if isinstance(item, dict)]
    answers += [Answer(str(key), value) for key, value in as_dict(response.get("hidden")).items()]
    return identified(person_from_answers(answers, _extras(response, definition)))


def _form_response(payload: Any) -> dict:
    if not isinstance(payload, dict) or not isinstance(payload.get("form_response"), dict):
        raise PayloadError("A TYPEFORM body must be a form_response webhook: an object with form_response.")
    event_type = payload.get("event_type")
    if event_type is not None and not str(event_type).startswith("form_response"):
        raise PayloadError(f"A TYPEFORM integration reads form_response webhooks, not {event_type!r}.")
    return payload["form_response"]


def _titles(definition: dict) -> dict[str, str]:
    """Question titles by field id and by ref, without Markdown emphasis."""
    titles = {}
    for field in map(as_dict, as_list(definition.get("fields"))):
        title = _clean(field.get("title"))
        for key in ("id", "ref"):
            if title and field.get(key):
                titles[str(field[key])] = title
    return titles


def _clean(title: Any) -> str:
    """The title as read: no Markdown emphasis, and "…" for recalled answers ({{field:ref}})."""
    title = re.sub(r"\{\{[^}]*\}\}", "…", str(title or "").replace("*", ""))
    return re.sub(r"\s+", " ", title).strip()


def _answer(item: dict, titles: dict[str, str]) -> Answer:
    field = as_dict(item.get("field"))
    ids = [str(field[key]) for key in ("id", "ref") if field.get(key)]
    label = next((titles[i] for i in ids if i in titles), None) or (ids[-1] if ids else "answer")
    answer_type = str(item.get("type"))
    ref = field.get("ref")
    key = str(ref) if ref and not _GENERATED_REF.match(str(ref)) else None
    return Answer(label, _value(item, answer_type), _DECLARED.get(answer_type), key=key)


def _value(item: dict, answer_type: str) -> Any:
    value = item.get(answer_type)
    if answer_type == "choice" and isinstance(value, dict):
        return value.get("label") or value.get("other")
    if answer_type == "choices" and isinstance(value, dict):
        return [*as_list(value.get("labels")), *([value["other"]] if value.get("other") else [])]
    return value


def _extras(response: dict, definition: dict) -> dict:
    extras = {"form_title": definition.get("title"), "submitted_at": response.get("submitted_at")}
    for variable in map(as_dict, as_list(response.get("variables"))):
        if variable.get("key") is not None and isinstance(variable.get("type"), str):
            extras[str(variable["key"])] = variable.get(variable["type"])
    return extras

"""GOOGLE_FORMS: answers posted by an Apps Script trigger, in the shapes of Google's documented
event objects and of the common scripts that forward them:

- a spreadsheet's ``onFormSubmit(e)``: ``e.namedValues`` ({"Question": ["answer"]}) posted
  alone, or the whole event (``namedValues`` beside ``values``, ``range``, ``triggerUid``).
  ``e.values`` alone holds no questions: only an email address or a phone number is found,
  by its shape;
- a form's ``onFormSubmit(e)``: ``e.response.getItemResponses()`` posted as a list of
  question/answer objects ([{"question", "answer"}], [{"title", "response"}], Discord-style
  [{"name", "value"}] fields), or as an ``answers`` object {question: answer}, with
  ``respondentEmail`` when the form collects emails.
"""
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    Answer,
    as_dict,
    as_list,
    identified,
    labelled_items,
    person_from_answers,
    shape_kind,
    text,
    unwrap_single_values,
)

_ITEM_LISTS = ("itemResponses", "responses", "items", "answers", "fields", "questions")
_RESPONDENT_EMAIL = ("respondentEmail", "respondent_email")
_EXTRAS = ("formId", "formTitle", "responseId", "timestamp", "createTime", "lastSubmittedTime",
           "editResponseUrl")
_EVENT_KEYS = {"namedValues", "values", "range", "triggerUid", "authMode", "source", "response", "user"}


def process(payload: Any, config: dict) -> list[PersonInput]:
    answers = _answers(payload)
    extras = {key: payload.get(key) for key in _EXTRAS} if isinstance(payload, dict) else {}
    return identified(person_from_answers(answers, extras))


def _answers(payload: Any) -> list[Answer]:
    if isinstance(payload, list):
        items = labelled_items(payload)
        return _from_items(items) if items is not None else _unlabelled(payload)
    if not isinstance(payload, dict) or not payload:
        raise PayloadError("A GOOGLE_FORMS body must be the form's answers: namedValues, "
                           "values, or a list of question/answer objects.")
    respondent = [Answer("Respondent email", payload.get(key), "email") for key in _RESPONDENT_EMAIL
                  if payload.get(key)]
    return respondent + _questions(payload)


def _questions(payload: dict) -> list[Answer]:
    if isinstance(payload.get("namedValues"), dict):
        return _from_object(payload["namedValues"])
    for key in _ITEM_LISTS:
        items = labelled_items(payload.get(key))
        if items is not None:
            return _from_items(items)
    if isinstance(payload.get("answers"), dict):
        return _from_object(payload["answers"])
    embeds = [as_dict(embed) for embed in as_list(payload.get("embeds"))]
    for embed in embeds:  # a forwarding script's Discord-style message: fields of name/value
        items = labelled_items(embed.get("fields"))
        if items is not None:
            return _from_items(items)
    if isinstance(payload.get("values"), list):
        return _unlabelled(payload["values"])
    questions = {k: v for k, v in payload.items() if k not in _EVENT_KEYS and k not in _EXTRAS
                 and k not in _RESPONDENT_EMAIL}
    return _from_object(questions)


def _from_object(named: dict) -> list[Answer]:
    """{question: answer}: namedValues wraps every answer in an array of one."""
    named = unwrap_single_values(named)
    return [Answer(str(question), _single(value)) for question, value in named.items()]


def _from_items(items: list[tuple[str, Any, dict]]) -> list[Answer]:
    return [Answer(label, _single(value)) for label, value, _ in items]


def _single(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _unlabelled(values: list) -> list[Answer]:
    answers = []
    for index, value in enumerate(values, start=1):
        kind = shape_kind(value)
        answers.append(Answer(f"Answer {index}", value, kind if text(value) else None))
    return answers

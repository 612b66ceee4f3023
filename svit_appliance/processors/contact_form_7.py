"""CONTACT_FORM_7: a submission sent by the "CF7 to Webhook" plugin (cf7-to-zapier): a JSON
object of the form's tag names (or the names given with a tag's ``webhook:`` option) to the
submitted values, checkboxes as arrays, beside the special mail tags chosen for the webhook
(``_date``, ``_remote_ip``...). Tag names are read as labels ("your-name", "your-email"); a
name Contact Form 7 generated keeps the tag's type ("email-123", "tel-456"), which decides."""
import re
from typing import Any

from .base import PayloadError, PersonInput
from .common import Answer, identified, person_from_answers

_GENERATED_NAME = re.compile(r"^(email|tel)-\d+$")
_DECLARED = {"email": "email", "tel": "phone"}


def process(payload: Any, config: dict) -> list[PersonInput]:
    if not isinstance(payload, dict):
        raise PayloadError("A CONTACT_FORM_7 body must be the submitted fields as an object.")
    answers = [_answer(str(name), value) for name, value in payload.items() if not str(name).startswith("_")]
    special_mail_tags = {name: value for name, value in payload.items() if str(name).startswith("_")}
    return identified(person_from_answers(answers, special_mail_tags))


def _answer(name: str, value: Any) -> Answer:
    generated = _GENERATED_NAME.match(name)
    return Answer(name, value, _DECLARED[generated.group(1)] if generated else None)

"""Contact form spam (``form_spam``): quarantined posts, the answers they were given, the form
stamp's key, and pruning."""
from datetime import datetime

from .db import savepoint
from .models import ApplianceSecret, FormSpam

STAMP_KEY_NAME = "form_stamp_key"  # made once by the migrations


def form_stamp_key() -> str:
    """The form stamp's HMAC key, as hex text."""
    return ApplianceSecret.get_by_id(STAMP_KEY_NAME).value


def quarantine(spam_id: str, project_id: str, token_id: str, ip: str | None, reason: str, fields: dict,
               answer_id: str, email: str | None, phone: str | None, referer: str | None) -> None:
    """Keep a post caught as spam with the person id its sender was told (``answer_id``)."""
    with savepoint():  # on PostgreSQL a failed insert would abort the whole batch of form posts
        FormSpam.create(id=spam_id, project=project_id, client_token=token_id, ip=ip, reason=reason, fields=fields,
                        answer_id=answer_id, email=email, phone=phone, referer=referer)


def find_quarantined(spam_id: str) -> FormSpam | None:
    return FormSpam.get_or_none(FormSpam.id == spam_id)


def release_quarantined(spam_id: str) -> None:
    """The post leaves the inbox (it became a person)."""
    FormSpam.delete().where(FormSpam.id == spam_id).execute()


def _first_answer(project_id: str, condition) -> str | None:
    row = (FormSpam.select(FormSpam.answer_id)
           .where(FormSpam.project == project_id, FormSpam.answer_id.is_null(False), condition)
           .order_by(FormSpam.created_at).first())
    return None if row is None else row.answer_id


def answer_to_email(project_id: str, email: str) -> str | None:
    """The person id told to the first spam of the project with this (normalised) email."""
    return _first_answer(project_id, FormSpam.email == email)


def answer_to_phone(project_id: str, phone: str) -> str | None:
    """The person id told to the first spam of the project with this (normalised) phone."""
    return _first_answer(project_id, FormSpam.phone == phone)


def answer_to_fields(project_id: str, fields: dict, since: datetime) -> str | None:
    """The person id told to the first spam of the project with exactly these fields since ``since``."""
    return _first_answer(project_id, (FormSpam.fields == fields) & (FormSpam.created_at >= since))

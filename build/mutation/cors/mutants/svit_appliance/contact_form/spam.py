"""Spam defence for the contact form: a honeypot field and a signed load timestamp (the stamp).

The embed script renders a hidden honeypot input that people never fill, and sends the stamp it
was served with; a post sooner than the minimum fill time after that is a bot. Posts without a
stamp (servers, API clients) are judged by the honeypot alone. Caught spam is answered like
success so bots learn nothing, and stored apart in ``form_spam``.
"""
import hashlib
import hmac
import time

from ..core.ids import new_id
from ..store.db import database
from ..store.models import ApplianceSecret, FormSpam

CONTROL_PREFIX = "_svit_"
HONEYPOT_FIELD = "_svit_hp"
STAMP_FIELD = "_svit_ts"
STAMP_KEY_NAME = "form_stamp_key"
_SIGNATURE_CHARS = 32


def load_stamp_key() -> bytes:
    return bytes.fromhex(ApplianceSecret.get_by_id(STAMP_KEY_NAME).value)


def _signature(key: bytes, millis: str) -> str:
    return hmac.new(key, millis.encode("ascii"), hashlib.sha256).hexdigest()[:_SIGNATURE_CHARS]


def make_stamp(key: bytes, now: float | None = None) -> str:
    """``<unix ms>.<hmac>``: when the embed script was served, signed so it cannot be made up."""
    millis = str(int((time.time() if now is None else now) * 1000))
    return f"{millis}.{_signature(key, millis)}"


def stamp_age(key: bytes, stamp, now: float | None = None) -> float | None:
    """Seconds since the stamp was made, or None when it is not one of ours."""
    if not isinstance(stamp, str) or len(stamp) > 64:
        return None
    millis, _, signature = stamp.partition(".")
    if not millis.isdigit() or not hmac.compare_digest(signature, _signature(key, millis)):
        return None
    return (time.time() if now is None else now) - int(millis) / 1000


def spam_reason(fields: dict, key: bytes, min_fill_seconds: int, now: float | None = None) -> str | None:
    """``honeypot``, ``forged_stamp`` or ``too_fast`` when the post is spam, else None."""
    if fields.get(HONEYPOT_FIELD) not in (None, ""):
        return "honeypot"
    if STAMP_FIELD not in fields:
        return None
    age = stamp_age(key, fields[STAMP_FIELD], now)
    if age is None:
        return "forged_stamp"
    if age < min_fill_seconds:
        return "too_fast"
    return None


def without_control_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if not k.startswith(CONTROL_PREFIX)}


def record_spam(project_id: str, token_id: str, ip: str | None, reason: str, fields: dict) -> None:
    with database.atomic():  # a savepoint: on PostgreSQL a failed insert would abort the whole batch
        FormSpam.create(id=new_id("spm"), project=project_id, client_token=token_id, ip=ip, reason=reason,
                        fields=fields)

"""Spam defence for the contact form: a honeypot field and a signed load timestamp (the stamp).

The embed script renders a hidden honeypot input that people never fill, and sends the stamp it
was served with. The rule, applied only to posts whose fields are valid (a visitor always sees
real field errors first):

- the honeypot filled, or a stamp we did not sign: spam, whatever else the post holds;
- sent sooner than the minimum fill time after the script loaded: spam. Time alone is a weak
  signal (a browser's autofill completes a form in about a second), so the minimum is short
  (``SVIT_FORM_MIN_FILL_SECONDS``, default 0.5 s): below it no person loads, fills and sends
  a form, but a bot posting straight back does;
- posts without a stamp (servers, API clients) are judged by the honeypot alone.

Nothing is dropped: caught posts are quarantined in ``form_spam`` with their reason, listed in
the console's spam inbox and by ``svit spam list``, and "Not spam" turns one into a person
through the normal path. They are answered exactly like real posts (``201`` and a new person id,
``200`` and the same id for a repeat of the same email or phone), so a bot learns nothing, and
deleted after ``SVIT_SPAM_RETENTION_DAYS``.
"""
import hashlib
import hmac
import time
from datetime import timedelta

from ..core.ids import new_id
from ..core.persons import UpsertResult, find_match
from ..store import spam as spam_store
from ..store.models import utcnow

CONTROL_PREFIX = "_svit_"
HONEYPOT_FIELD = "_svit_hp"
STAMP_FIELD = "_svit_ts"
_SIGNATURE_CHARS = 32
REPEAT_WINDOW_SECONDS = 30  # a repeat without email or phone: the same fields, like a real double click


def load_stamp_key() -> bytes:
    return bytes.fromhex(spam_store.form_stamp_key())


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


def spam_reason(fields: dict, key: bytes, min_fill_seconds: float, now: float | None = None) -> str | None:
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


def record_spam(post) -> UpsertResult:
    """Quarantine a ``store.SpamPost``; the answer is the one a real post would get."""
    answer = _repeat_answer(post)
    spam_store.quarantine(new_id("spm"), post.project_id, post.token_id, post.ip, post.reason, post.fields,
                           answer.person_id, post.candidate.email if post.candidate else None,
                           post.candidate.phone if post.candidate else None, post.referer)
    return answer


def _repeat_answer(post) -> UpsertResult:
    """What a real post with these fields would be told: the existing person's id (200) when it
    matches one, the id told to an earlier copy of it (200), else a new id (201)."""
    candidate = post.candidate
    if candidate is not None and (candidate.email or candidate.phone):
        person = find_match(post.project_id, candidate)
        if person is not None:
            return UpsertResult(person.id, False, {})
        earlier = _answer_to_contact(post.project_id, candidate)
    else:
        since = utcnow() - timedelta(seconds=REPEAT_WINDOW_SECONDS)
        earlier = spam_store.answer_to_fields(post.project_id, post.fields, since)
    if earlier is not None:
        return UpsertResult(earlier, False, {})
    return UpsertResult(new_id("per"), True, {})


def _answer_to_contact(project_id: str, candidate) -> str | None:
    """The id told to the first spam with the candidate's email, else to the first with its phone."""
    earlier = spam_store.answer_to_email(project_id, candidate.email) if candidate.email else None
    if earlier is None and candidate.phone:
        earlier = spam_store.answer_to_phone(project_id, candidate.phone)
    return earlier

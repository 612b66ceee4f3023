"""The contact form's submission: validation with one error per bad field, and its context.

Pure functions: fields in, a normalised ``Candidate`` (or ``InvalidSubmission`` with the list of
errors) out.
"""
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..core.errors import Refused
from ..core.persons import Candidate, normalise_person
from ..processors.base import PersonInput
from .spam import without_control_fields

FORM_FIELDS = ("name", "phone", "email", "message", "company")
LABELS = {"name": "Name", "phone": "Phone", "email": "Email", "message": "Message", "company": "Company"}
MAX_LENGTHS = {"name": 200, "phone": 64, "email": 320, "message": 5000, "company": 200}
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
CONTEXT_KEYS = ("pageUrl", "referrer", "consent", *UTM_KEYS)
MAX_ATTRIBUTES = 50
MAX_ATTRIBUTE_KEY = 100
MAX_ATTRIBUTE_TEXT = 2000
MAX_CONTEXT_TEXT = 2000
_YES = ("true", "on", "yes", "1")
_NO = ("false", "off", "no", "0", "")


class InvalidSubmission(Refused):
    """A submission the form does not take: ``errors`` holds one ``{"field", "message"}`` per bad
    field (None when the submission as a whole is refused), the message sums them up."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = errors


@dataclass
class Submission:
    """A valid submission: the person to upsert, the message and where it was sent from."""

    candidate: Candidate
    message: str | None
    context: dict[str, Any] = field(default_factory=dict)


def _error(name: str, message: str) -> dict:
    return {"field": name, "message": message}


def _check_known(fields: dict, required: list[str]) -> list[dict]:
    errors = []
    for name in FORM_FIELDS:
        value = fields.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "phone":
            value = str(value)
        if value is not None and not isinstance(value, str):
            errors.append(_error(name, f"{LABELS[name]} must be text"))
        elif value is not None and len(value.strip()) > MAX_LENGTHS[name]:
            errors.append(_error(name, f"{LABELS[name]} must be at most {MAX_LENGTHS[name]} characters"))
        elif name in required and not (value or "").strip():
            errors.append(_error(name, f"{LABELS[name]} is required"))
    return errors


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _check_attribute(name: str, value) -> str | None:
    if len(name) > MAX_ATTRIBUTE_KEY:
        return f"Field names must be at most {MAX_ATTRIBUTE_KEY} characters"
    values = value if isinstance(value, list) else [value]
    if not all(_is_scalar(v) for v in values):
        return "Must be text, a number, true/false or a list of them"
    if any(isinstance(v, str) and len(v) > MAX_ATTRIBUTE_TEXT for v in values):
        return f"Must be at most {MAX_ATTRIBUTE_TEXT} characters"
    return None


def extra_attributes(fields: dict) -> tuple[dict, list[dict]]:
    """Unknown keys, kept as the person's attributes, and an error per unusable one."""
    extra = {k: v for k, v in fields.items() if k not in FORM_FIELDS and k not in CONTEXT_KEYS}
    if len(extra) > MAX_ATTRIBUTES:
        raise InvalidSubmission(f"A submission may carry at most {MAX_ATTRIBUTES} extra fields, "
                                f"this one has {len(extra)}")
    errors = []
    for name, value in extra.items():
        problem = _check_attribute(name, value)
        if problem:
            errors.append(_error(name[:MAX_ATTRIBUTE_KEY], problem))
    return extra, errors


def _context_text(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:MAX_CONTEXT_TEXT]


def _consent(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES:
        return True
    if isinstance(value, str) and value.strip().lower() in _NO:
        return False
    return _context_text(value) if isinstance(value, str) else None


def _utm_from_url(url: str | None) -> dict:
    if not url:
        return {}
    try:
        query = urlsplit(url).query
    except ValueError:
        return {}
    return {k: v[:MAX_CONTEXT_TEXT] for k, v in parse_qsl(query) if k in UTM_KEYS and v}


def submission_context(fields: dict, referer_header: str | None) -> dict:
    """Page URL, referrer, UTM parameters and consent, when sent; the page URL falls back to
    the ``Referer`` header and UTM parameters to the page URL's query."""
    page_url = _context_text(fields.get("pageUrl")) or _context_text(referer_header)
    context = {"pageUrl": page_url, "referrer": _context_text(fields.get("referrer"))}
    context.update(_utm_from_url(page_url))
    context.update({k: _context_text(fields.get(k)) for k in UTM_KEYS if _context_text(fields.get(k))})
    if "consent" in fields:
        context["consent"] = _consent(fields["consent"])
    return {k: v for k, v in context.items() if v is not None}


def _message(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def errors_detail(errors: list[dict]) -> str:
    """One bad field: its message (the reference answers ``Phone is required``); several: their names."""
    if len(errors) == 1:
        return errors[0]["message"]
    return "The form has invalid fields: " + ", ".join(e["field"] for e in errors)


def validate_submission(fields: dict, required: list[str], region: str, referer_header: str | None = None) -> Submission:
    """The submission, or ``InvalidSubmission`` with one ``errors`` entry per bad field."""
    fields = without_control_fields(fields)
    errors = _check_known(fields, required)
    bad = {e["field"] for e in errors}
    attributes, attribute_errors = extra_attributes(fields)
    usable = {name: None if name in bad else fields.get(name) for name in ("name", "email", "phone", "company")}
    candidate = normalise_person(PersonInput(**usable, attributes=attributes), region)
    errors += [_error(name, message) for name, message in candidate.problems.items() if name not in bad]
    errors += attribute_errors
    if errors:
        raise InvalidSubmission(errors_detail(errors), errors)
    return Submission(candidate, _message(fields.get("message")), submission_context(fields, referer_header))


def fingerprint(token_id: str, fields: dict) -> str:
    """The same fields sent with the same token: how a double-click re-submission is recognised."""
    canonical = json.dumps(without_control_fields(fields), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{token_id}\n{canonical}".encode("utf-8")).hexdigest()[:32]

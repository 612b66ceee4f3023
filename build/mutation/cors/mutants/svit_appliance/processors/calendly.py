"""CALENDLY: ``invitee.created`` and ``invitee.canceled`` webhooks (API v2). The invitee is the
person; booking questions are answers; the scheduled event and its guests are attributes."""
from dataclasses import replace
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    Answer,
    answers_from_paths,
    as_dict,
    as_list,
    identified,
    person_from_answers,
    text,
    without,
)

_INVITEE_EVENTS = {"invitee.created", "invitee.canceled"}
_INVITEE_PATHS = {
    "name": ("name",), "first_name": ("first_name",), "last_name": ("last_name",),
    "email": ("email",), "phone": ("text_reminder_number",),
}
# "event" is the scheduled event's URI, kept as scheduled_event.uri.
_INVITEE_SKIP = ("questions_and_answers", "scheduled_event", "event_guests", "event", "updated_at")
_EVENT_SKIP = (
    "event_guests", "event_memberships", "invitees_counter", "created_at", "updated_at",
    "meeting_notes_html", "calendar_event",
)


def process(payload: Any, config: dict) -> list[PersonInput]:
    invitee = _invitee(payload)
    if invitee is None:
        return []
    event = as_dict(invitee.get("scheduled_event"))
    answers = answers_from_paths(invitee, _INVITEE_PATHS, _INVITEE_SKIP)
    answers += _questions(invitee.get("questions_and_answers"))
    person = person_from_answers(answers, _extras(payload.get("event"), invitee, event))
    if person.phone is None and (phone := _outbound_call_number(event)):
        person = replace(person, phone=phone)
    return identified(person)


def _invitee(payload: Any) -> dict | None:
    """The invitee of an invitee event; None for other Calendly events, which name no one."""
    if not isinstance(payload, dict) or not isinstance(payload.get("payload"), dict):
        raise PayloadError("A CALENDLY body must be a webhook event: an object with event and payload.")
    event = payload.get("event")
    return payload["payload"] if event is None or str(event) in _INVITEE_EVENTS else None


def _questions(items: Any) -> list[Answer]:
    """Booking form answers, labelled by their question (a phone question gives the phone)."""
    pairs = map(as_dict, as_list(items))
    return [Answer(str(qa.get("question") or "question"), qa.get("answer")) for qa in pairs]


def _extras(event_name: Any, invitee: dict, event: dict) -> dict:
    guests = as_list(invitee.get("event_guests")) or as_list(event.get("event_guests"))
    hosts = as_list(event.get("event_memberships"))
    return {
        "calendly_event": event_name,
        "scheduled_event": without(event, _EVENT_SKIP),
        "guest_emails": [g.get("email") for g in map(as_dict, guests) if g.get("email")],
        "host_emails": [h.get("user_email") for h in map(as_dict, hosts) if h.get("user_email")],
    }


def _outbound_call_number(event: dict) -> str | None:
    """An "outbound call" location is the number the invitee gave to be called on."""
    location = as_dict(event.get("location"))
    return text(location.get("location")) if location.get("type") == "outbound_call" else None

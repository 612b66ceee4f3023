import copy

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.calendly import process

SCHEDULED_EVENT = {
    "uri": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
    "name": "30 Minute Demo",
    "meeting_notes_plain": "Bring your questions",
    "meeting_notes_html": "<p>Bring your questions</p>",
    "status": "active",
    "start_time": "2024-05-03T14:00:00.000000Z",
    "end_time": "2024-05-03T14:30:00.000000Z",
    "event_type": "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2",
    "location": {"type": "zoom", "join_url": "https://zoom.us/j/123", "status": "pushed"},
    "invitees_counter": {"total": 1, "active": 1, "limit": 1},
    "created_at": "2024-04-29T09:12:00.000000Z",
    "updated_at": "2024-04-29T09:12:00.000000Z",
    "event_memberships": [{"user": "https://api.calendly.com/users/AAA", "user_email": "host@svit.test",
                           "user_name": "Host"}],
    "event_guests": [
        {"email": "guest1@example.com", "created_at": "2024-04-29T09:12:00Z", "updated_at": "2024-04-29T09:12:00Z"},
        {"email": "guest2@example.com", "created_at": "2024-04-29T09:12:00Z", "updated_at": "2024-04-29T09:12:00Z"},
    ],
}

INVITEE = {
    "uri": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/FFFFFFFFFF",
    "email": "zoe@example.se",
    "first_name": None,
    "last_name": None,
    "name": "Zoë Ångström",
    "status": "active",
    "questions_and_answers": [
        {"question": "Company", "answer": "Ångström AB", "position": 0},
        {"question": "What would you like to discuss?", "answer": "Pricing for 40 seats", "position": 1},
    ],
    "timezone": "Europe/Stockholm",
    "event": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
    "created_at": "2024-04-29T09:12:00.000000Z",
    "updated_at": "2024-04-29T09:12:00.000000Z",
    "tracking": {"utm_campaign": "spring", "utm_source": "google", "utm_medium": None, "utm_content": None,
                 "utm_term": None, "salesforce_uuid": None},
    "text_reminder_number": "+46 70-123 45 67",
    "rescheduled": False,
    "old_invitee": None,
    "new_invitee": None,
    "cancel_url": "https://calendly.com/cancellations/FFFFFFFFFF",
    "reschedule_url": "https://calendly.com/reschedulings/FFFFFFFFFF",
    "routing_form_submission": None,
    "cancellation": None,
    "payment": None,
    "no_show": None,
    "reconfirmation": None,
    "scheduling_method": None,
    "invitee_scheduled_by": None,
    "scheduled_event": SCHEDULED_EVENT,
}


def webhook(event="invitee.created", **invitee):
    """An invitee webhook as Calendly's API v2 documents it."""
    return {
        "event": event,
        "created_at": "2024-04-29T09:12:01.000000Z",
        "created_by": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
        "payload": {**copy.deepcopy(INVITEE), **invitee},
    }


def test_it_reads_the_invitee_as_the_person():
    [person] = process(webhook(), {})
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", "zoe@example.se", "+46 70-123 45 67")
    assert person.company == "Ångström AB"


def test_it_keeps_answers_event_and_guests_as_attributes():
    [person] = process(webhook(), {})
    attributes = person.attributes
    assert attributes["What would you like to discuss?"] == "Pricing for 40 seats"
    assert attributes["tracking.utm_source"] == "google"
    assert attributes["timezone"] == "Europe/Stockholm"
    assert attributes["calendly_event"] == "invitee.created"
    assert attributes["scheduled_event.name"] == "30 Minute Demo"
    assert attributes["scheduled_event.start_time"] == "2024-05-03T14:00:00.000000Z"
    assert attributes["scheduled_event.location.join_url"] == "https://zoom.us/j/123"
    assert attributes["guest_emails"] == ["guest1@example.com", "guest2@example.com"]
    assert attributes["host_emails"] == ["host@svit.test"]
    assert "tracking.utm_medium" not in attributes
    assert not any(key.startswith("scheduled_event.event_guests") for key in attributes)


def test_it_never_makes_persons_of_guests():
    assert len(process(webhook(), {})) == 1


def test_it_reads_guests_given_on_the_invitee():
    payload = webhook(event_guests=[{"email": "pal@example.com"}], scheduled_event={"name": "Call"})
    [person] = process(payload, {})
    assert person.attributes["guest_emails"] == ["pal@example.com"]


def test_it_joins_first_and_last_name_when_the_event_type_asks_for_them():
    [person] = process(webhook(name=None, first_name="太郎", last_name="山田"), {})
    assert (person.name, person.first_name, person.last_name) == ("太郎 山田", "太郎", "山田")


def test_it_takes_the_phone_from_a_phone_question_without_text_reminders():
    questions = [{"question": "Phone number", "answer": "+1 (415) 555-0100", "position": 0}]
    [person] = process(webhook(text_reminder_number=None, questions_and_answers=questions), {})
    assert person.phone == "+1 (415) 555-0100"


def test_it_takes_the_phone_of_an_outbound_call_location():
    event = {**SCHEDULED_EVENT, "location": {"type": "outbound_call", "location": "+7 916 123-45-67"}}
    [person] = process(webhook(text_reminder_number=None, scheduled_event=event), {})
    assert person.phone == "+7 916 123-45-67"


def test_it_reads_a_cancellation():
    cancellation = {"canceled_by": "Zoë Ångström", "reason": "Double booked", "canceler_type": "invitee"}
    [person] = process(webhook("invitee.canceled", status="canceled", cancellation=cancellation), {})
    assert person.email == "zoe@example.se"
    assert person.attributes["calendly_event"] == "invitee.canceled"
    assert person.attributes["cancellation.reason"] == "Double booked"


def test_it_reads_an_invitee_without_email_or_phone():
    [person] = process(webhook(email=None, text_reminder_number=None, questions_and_answers=[]), {})
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", None, None)


@pytest.mark.parametrize("event", ["invitee_no_show.created", "routing_form_submission.created", "event_type.updated"])
def test_it_finds_no_one_in_other_calendly_events(event):
    assert process(webhook(event), {}) == []


@pytest.mark.parametrize(
    "payload",
    ["invitee.created", None, [], {}, {"event": "invitee.created"}, {"event": "invitee.created", "payload": "x"}],
)
def test_it_rejects_a_body_that_is_not_a_calendly_event(payload):
    with pytest.raises(PayloadError, match="CALENDLY"):
        process(payload, {})


@pytest.mark.parametrize(
    "invitee",
    [
        {"questions_and_answers": [None, {"question": None, "answer": None}, "x"], "scheduled_event": "x"},
        {"event_guests": "x", "scheduled_event": {"location": "x", "event_guests": [None, 3]}},
        {"scheduled_event": {"location": {"type": "outbound_call", "location": None}}},
    ],
)
def test_it_never_fails_on_odd_values(invitee):
    assert process({"event": ["x"], "payload": invitee}, {}) == []
    assert process({"payload": invitee}, {}) == []

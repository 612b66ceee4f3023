"""HUBSPOT: what HubSpot posts about contacts, in its three documented shapes:

- a workflow's "Send a webhook" action with all of the contact's properties: the contact
  object, legacy ({"vid", "properties": {"email": {"value": ...}}, "form-submissions"}) or
  current ({"objectId", "properties": {"email": ...}});
- the same action with chosen properties: a flat object keyed by the names given to them;
- Webhooks API notifications: an array of events. A ``contact.propertyChange`` event carries
  one property's new value; the others (``contact.creation``...) carry the contact's id only.
  An array that names no one raises NoContactDetails: the job records why it found nobody.
"""
from typing import Any

from .base import NoContactDetails, PayloadError, PersonInput
from .common import (
    ATTRIBUTE,
    Answer,
    as_dict,
    as_list,
    identified,
    person_from_answers,
)

# HubSpot's internal names of the contact properties that make the person.
_PROPERTIES = {
    "firstname": "first_name", "lastname": "last_name", "email": "email", "phone": "phone",
    "mobilephone": "phone", "company": "company",
}
_CONTACT_IDS = ("vid", "canonical-vid", "objectId", "hs_object_id")
_SKIPPED_PROPERTIES = ("hs_", "hubspot_owner_assigneddate", "ip_")


def process(payload: Any, config: dict) -> list[PersonInput]:
    if isinstance(payload, list):
        return _events(payload)
    if not isinstance(payload, dict):
        raise PayloadError("A HUBSPOT body must be a contact (workflow webhook) or an array of "
                           "webhook events.")
    if isinstance(payload.get("properties"), dict):
        return identified(_contact(payload))
    return identified(person_from_answers([Answer(str(k), v, _PROPERTIES.get(str(k))) for k, v in payload.items()]))


def _contact(contact: dict) -> PersonInput:
    answers = []
    for name, value in contact["properties"].items():
        if str(name).startswith(_SKIPPED_PROPERTIES):
            continue
        value = value.get("value") if isinstance(value, dict) else value
        answers.append(Answer(str(name), value, _PROPERTIES.get(str(name), ATTRIBUTE)))
    answers += [Answer("identity", identity.get("value"), "email")
                for profile in map(as_dict, as_list(contact.get("identity-profiles")))
                for identity in map(as_dict, as_list(profile.get("identities"))) if identity.get("type") == "EMAIL"]
    forms = [as_dict(form).get("title") for form in as_list(contact.get("form-submissions"))]
    extras = {
        "hubspot_contact_id": next((contact[k] for k in _CONTACT_IDS if contact.get(k) is not None), None),
        "hubspot_portal_id": contact.get("portal-id") or contact.get("portalId"),
        "hubspot_forms": [title for title in forms if title],
    }
    return person_from_answers(answers, extras)


def _events(events: list) -> list[PersonInput]:
    events = [event for event in events if isinstance(event, dict)]
    if not events or not all("objectId" in event for event in events):
        raise PayloadError("A HUBSPOT array must hold webhook events, each with an objectId.")
    contacts: dict[Any, list[Answer]] = {}
    for event in events:
        kind = _PROPERTIES.get(str(event.get("propertyName")))
        if _subscription(event).startswith("contact.") and kind:
            contacts.setdefault(event["objectId"], []).append(Answer(event["propertyName"], event.get("propertyValue"), kind))
    persons = [p for object_id, answers in contacts.items()
               for p in identified(person_from_answers(answers, {"hubspot_contact_id": object_id}))]
    if not persons:
        raise NoContactDetails(_no_contact_sentence(events), {
            "objectIds": [event["objectId"] for event in events],
            "portalId": events[0].get("portalId"),
        })
    return persons


def _subscription(event: dict) -> str:
    return str(event.get("subscriptionType") or event.get("eventType") or "")


def _no_contact_sentence(events: list[dict]) -> str:
    kinds = ", ".join(sorted({_subscription(event) or "unknown" for event in events}))
    return (f"HubSpot webhook events ({kinds}) carry object ids, not contact details: "
            "subscribe to contact.propertyChange for email, firstname, lastname and phone, "
            "or send the contact from a workflow's webhook action.")

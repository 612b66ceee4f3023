"""One line that says what happened (email subject, Slack text) and the console link."""
import re

from .events import DIGEST_EVENT, FORM_SUBMITTED, JOB_FAILED, PERSON_CREATED, PERSON_UPDATED

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
MAX_PART = 120


def one_line(value) -> str:
    """Person data made safe for a header or a chat line: control characters (CR, LF...) become
    a space, so a name can never start a header of its own."""
    return _CONTROL.sub(" ", str(value or "")).strip()[:MAX_PART]


def person_label(person: dict) -> str:
    return one_line(person.get("name") or person.get("email") or person.get("phone") or person.get("id"))


def summarise(payload: dict) -> str:
    event, data = payload["type"], payload.get("data") or {}
    source = one_line((data.get("source") or {}).get("label"))
    if event == PERSON_CREATED:
        return f"New lead: {person_label(data['person'])} via {source}"
    if event == PERSON_UPDATED:
        return f"Lead updated: {person_label(data['person'])} via {source}"
    if event == FORM_SUBMITTED:
        return f"Form submitted: {person_label(data['person'])} via {source}"
    if event == DIGEST_EVENT:
        return (f"Daily digest for {one_line(data['project']['name'])}: {data['newPersons']} new leads, "
                f"{data['merges']} merges, {data['spamCaught']} spam, {data['failedJobs']} failed jobs")
    if event == JOB_FAILED:
        return f"Job failed: {one_line(data['job']['id'])} from {source}"
    return one_line(data.get("message") or "Test notification from svit")


def console_link(payload: dict, base_url: str) -> str | None:
    """Where the console shows what the event is about; None without SVIT_PUBLIC_BASE_URL."""
    if not base_url:
        return None
    data = payload.get("data") or {}
    if data.get("person"):
        return f"{base_url}/console/persons/{data['person']['id']}"
    if data.get("job"):
        return f"{base_url}/console/jobs/{data['job']['id']}"
    return None

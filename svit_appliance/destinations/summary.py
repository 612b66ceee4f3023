"""One line that says what happened (email subject, Slack text) and the console link."""
import re

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
    if event == "person.created":
        return f"New lead: {person_label(data['person'])} via {source}"
    if event == "person.updated":
        return f"Lead updated: {person_label(data['person'])} via {source}"
    if event == "form.submitted":
        return f"Form submitted: {person_label(data['person'])} via {source}"
    if event == "digest":
        return (f"Daily digest for {one_line(data['project']['name'])}: {data['newPersons']} new leads, "
                f"{data['merges']} merges, {data['spamCaught']} spam, {data['failedJobs']} failed jobs")
    if event == "job.failed":
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

"""The outbox writer: delivery rows written inside the transaction of the write that caused them.

Callers (the job worker, the contact form writer) call these while their transaction is open,
so a person write and its deliveries commit together or not at all. Nothing is sent here.
"""
import json
from urllib.parse import urlsplit

from ..core.ids import new_id
from ..core.persons import UpsertResult
from ..core.views import person_view
from ..store.db import database
from ..store.models import ClientToken, Integration, Person, iso_utc, utcnow

CHANGE_NAMES = {"first_name": "firstName", "last_name": "lastName", "email_raw": "emailTyped",
                "phone_raw": "phoneTyped"}
DELIVERY_COLUMNS = ("id", "destination_id", "event", "payload", "status", "attempts", "next_attempt_at", "created_at")


def subscribers(project_id: str, event: str) -> list[str]:
    """Enabled destinations of the project that chose ``event``."""
    p = database.param
    rows = database.execute_sql(f"SELECT id, events FROM destination WHERE project_id = {p} AND enabled = {p}",
                                (project_id, True)).fetchall()
    return [row[0] for row in rows if event in json.loads(row[1])]


def anyone_listens(project_id: str, events: tuple[str, ...]) -> bool:
    """Whether an enabled destination of the project chose any of ``events`` (one query)."""
    p = database.param
    rows = database.execute_sql(f"SELECT events FROM destination WHERE project_id = {p} AND enabled = {p}",
                                (project_id, True)).fetchall()
    return any(event in json.loads(row[0]) for row in rows for event in events)


def envelope(event: str, data: dict) -> dict:
    """The payload every destination receives: Standard Webhooks' ``type``, ``timestamp``, ``data``."""
    return {"type": event, "timestamp": iso_utc(utcnow()), "data": data}


def add_delivery(destination_id: str, event: str, payload: dict) -> str:
    delivery_id = new_id("msg")
    now = utcnow()
    p = database.param
    database.execute_sql(
        f"INSERT INTO delivery ({', '.join(DELIVERY_COLUMNS)}) VALUES ({', '.join([p] * len(DELIVERY_COLUMNS))})",
        (delivery_id, destination_id, event, json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
         "pending", 0, now, now))
    return delivery_id


def _enqueue(project_id: str, event: str, build_data) -> list[str]:
    destinations = subscribers(project_id, event)
    if not destinations:
        return []
    payload = envelope(event, build_data())
    return [add_delivery(destination_id, event, payload) for destination_id in destinations]


def integration_source(integration_id: str) -> dict:
    integration = Integration.get_or_none(Integration.id == integration_id)
    name = integration.name if integration else integration_id
    label = f"{name} ({integration.type})" if integration else name
    return {"kind": "integration", "id": integration_id, "name": name, "label": label}


def form_source(token_id: str, context: dict | None = None) -> dict:
    token = ClientToken.get_or_none(ClientToken.id == token_id)
    host = urlsplit((context or {}).get("pageUrl") or "").hostname
    label = f"Contact form on {host}" if host else f"Contact form ({token.name if token else token_id})"
    return {"kind": "client_token", "id": token_id, "name": token.name if token else None, "label": label}


def _changes(changes: dict) -> dict:
    return {CHANGE_NAMES.get(name, name): {"from": old, "to": new} for name, (old, new) in changes.items()}


def person_written(project_id: str, result: UpsertResult, source) -> list[str]:
    """``person.created`` for a new person, ``person.updated`` when a merge changed fields.

    ``source`` is a dict from ``integration_source``/``form_source`` or a function making one
    (called only when a destination listens)."""
    if result.created:
        event = "person.created"
    elif result.changes:
        event = "person.updated"
    else:
        return []

    def data():
        built = {"person": person_view(Person.get_by_id(result.person_id)),
                 "source": source() if callable(source) else source}
        if event == "person.updated":
            built["changes"] = _changes(result.changes)
        return built
    return _enqueue(project_id, event, data)


def persons_written(project_id: str, results: list[UpsertResult], source) -> None:
    """``person_written`` for many persons of one project and source; the project's destinations
    are read once, and nothing more happens when none listens (the usual case)."""
    if not anyone_listens(project_id, ("person.created", "person.updated")):
        return
    for result in results:
        person_written(project_id, result, source)


def form_submitted(project_id: str, result: UpsertResult, token_id: str, message: str | None,
                   context: dict) -> list[str]:
    return _enqueue(project_id, "form.submitted", lambda: {
        "person": person_view(Person.get_by_id(result.person_id)), "source": form_source(token_id, context),
        "message": message, "context": context})


def job_failed(project_id: str, job_id: str, integration_id: str, attempts: int, error: str) -> list[str]:
    return _enqueue(project_id, "job.failed", lambda: {
        "job": {"id": job_id, "integrationId": integration_id, "attempts": attempts, "error": error},
        "source": integration_source(integration_id)})

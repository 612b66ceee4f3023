"""The outbox writer: delivery rows written inside the transaction of the write that caused them.

Callers (the job worker, the contact form writer) call these while their transaction is open,
so a person write and its deliveries commit together or not at all. Nothing is sent here.
"""
from urllib.parse import urlsplit

from ..core.ids import new_id
from ..core.persons import UpsertResult
from ..core.views import person_view
from ..store import outbox as outbox_store
from ..store import persons as person_store
from ..store import sources
from ..store.access import find_integration
from ..store.models import iso_utc, utcnow
from .events import FORM_SUBMITTED, JOB_FAILED, PERSON_CREATED, PERSON_UPDATED

CHANGE_NAMES = {"first_name": "firstName", "last_name": "lastName", "email_raw": "emailTyped",
                "phone_raw": "phoneTyped"}


def subscribers(project_id: str) -> dict[str, list[str]]:
    """Enabled destinations of the project by the event they chose (one query for every event)."""
    chosen: dict[str, list[str]] = {}
    for destination_id, events in outbox_store.enabled_destinations(project_id):
        for event in events:
            chosen.setdefault(event, []).append(destination_id)
    return chosen


def anyone_listens(project_id: str, events: tuple[str, ...]) -> bool:
    """Whether an enabled destination of the project chose any of ``events`` (one query)."""
    listening = subscribers(project_id)
    return any(listening.get(event) for event in events)


def envelope(event: str, data: dict, timestamp: str | None = None) -> dict:
    """The payload every destination receives: Standard Webhooks' ``type``, ``timestamp``, ``data``."""
    return {"type": event, "timestamp": timestamp or iso_utc(utcnow()), "data": data}


def add_deliveries(deliveries: list[tuple[str, str, dict]]) -> list[str]:
    """Outbox rows for ``(destination_id, event, payload)`` triples, in multi-row inserts."""
    rows = [(new_id("msg"), destination_id, event, payload) for destination_id, event, payload in deliveries]
    outbox_store.add_pending(rows, utcnow())
    return [row[0] for row in rows]


def _enqueue(project_id: str, event: str, build_data) -> list[str]:
    destinations = subscribers(project_id).get(event)
    if not destinations:
        return []
    payload = envelope(event, build_data())
    return add_deliveries([(destination_id, event, payload) for destination_id in destinations])


def integration_source(integration_id: str) -> dict:
    integration = find_integration(integration_id)
    name = integration.name if integration else integration_id
    label = f"{name} ({integration.type})" if integration else name
    return {"kind": "integration", "id": integration_id, "name": name, "label": label}


def form_source(token_id: str, context: dict | None = None) -> dict:
    token = sources.find_client_token(token_id)
    host = urlsplit((context or {}).get("pageUrl") or "").hostname
    label = f"Contact form on {host}" if host else f"Contact form ({token.name if token else token_id})"
    return {"kind": "client_token", "id": token_id, "name": token.name if token else None, "label": label}


def _changes(changes: dict) -> dict:
    return {CHANGE_NAMES.get(name, name): {"from": old, "to": new} for name, (old, new) in changes.items()}


def _person_event(result: UpsertResult) -> str | None:
    if result.created:
        return PERSON_CREATED
    return PERSON_UPDATED if result.changes else None


def person_written(project_id: str, result: UpsertResult, source) -> list[str]:
    """``person.created`` for a new person, ``person.updated`` when a merge changed fields.

    ``source`` is a dict from ``integration_source``/``form_source`` or a function making one
    (called only when a destination listens)."""
    return persons_written(project_id, [result], source)


def persons_written(project_id: str, results: list[UpsertResult], source) -> list[str]:
    """``person_written`` for many persons of one project and source, at a fixed number of
    queries: the destinations, the source and the persons are read once, and the deliveries are
    written in multi-row inserts. Nothing more happens when no destination listens (the usual case)."""
    listening = subscribers(project_id)
    wanted = [(result, event) for result in results
              if (event := _person_event(result)) and listening.get(event)]
    if not wanted:
        return []
    source_data = source() if callable(source) else source
    persons = person_store.persons_by_id([result.person_id for result, _ in wanted])
    timestamp = iso_utc(utcnow())
    deliveries = []
    for result, event in wanted:
        data = {"person": person_view(persons[result.person_id]), "source": source_data}
        if event == PERSON_UPDATED:
            data["changes"] = _changes(result.changes)
        payload = envelope(event, data, timestamp)
        deliveries += [(destination_id, event, payload) for destination_id in listening[event]]
    return add_deliveries(deliveries)


def form_submitted(project_id: str, result: UpsertResult, token_id: str, message: str | None,
                   context: dict) -> list[str]:
    return _enqueue(project_id, FORM_SUBMITTED, lambda: {
        "person": person_view(person_store.find_by_id(result.person_id)), "source": form_source(token_id, context),
        "message": message, "context": context})


def job_failed(project_id: str, job_id: str, integration_id: str, attempts: int, error: str) -> list[str]:
    return _enqueue(project_id, JOB_FAILED, lambda: {
        "job": {"id": job_id, "integrationId": integration_id, "attempts": attempts, "error": error},
        "source": integration_source(integration_id)})

"""Destinations: create (email, webhook, Slack), enable, disable, delete, send a test event, redeliver."""
from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..destinations.digest import enqueue_digest
from ..destinations.events import DEFAULT_EVENTS, EVENTS, TEST_EVENT
from ..destinations.kinds import KINDS
from ..destinations.outbound import Limits
from ..destinations.outbox import add_deliveries, envelope
from ..store.models import Delivery, Destination, utcnow
from .checks import clean_name, in_project
from .projects import get_project


def get_destination(destination_id: str, project_id: str | None = None) -> Destination:
    destination = Destination.get_or_none(Destination.id == destination_id)
    if not in_project(destination, project_id):
        raise Missing(f"Destination {destination_id} not found")
    return destination


def get_delivery(delivery_id: str, project_id: str | None = None) -> Delivery:
    delivery = Delivery.get_or_none(Delivery.id == delivery_id)
    if delivery is None or not in_project(Destination.get_by_id(delivery.destination_id), project_id):
        raise Missing(f"Delivery {delivery_id} not found")
    return delivery


def check_events(events) -> list[str]:
    """The events chosen (all of them when None)."""
    chosen = [e.strip() for e in (DEFAULT_EVENTS if events is None else events) if e and e.strip()]
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise Refused(f"Unknown event {unknown[0]!r}: choose among {', '.join(EVENTS)}", "events")
    if not chosen:
        raise Refused(f"Choose at least one event among {', '.join(EVENTS)}", "events")
    return list(dict.fromkeys(chosen))


def create_destination(actor: Actor, project_id: str, kind: str, name: str, options: dict,
                       events=None, limits: Limits = Limits()) -> tuple[Destination, str | None]:
    """A destination of ``kind`` (a name of ``KINDS``), configured from ``options``; also the secret
    its kind shows this once (a webhook's signing secret), or None."""
    project = get_project(project_id)
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise Refused(f"Unknown destination kind {kind!r}: choose {', '.join(KINDS)}", "kind")
    name = clean_name(name, "destination", ", e.g. where its messages go")
    config, secret = KINDS[kind].configure(options, limits)
    destination = Destination.create(id=new_id("dst"), project=project, name=name, kind=kind, config=config,
                                     events=check_events(events), enabled=True)
    record(actor, "destination.create", destination.id, {"kind": kind, "name": name, "events": destination.events})
    return destination, secret


def set_destination_enabled(actor: Actor, destination_id: str, enabled: bool,
                            project_id: str | None = None) -> Destination:
    """Enabling also forgets a failing streak (deliveries waiting meanwhile are then sent)."""
    destination = get_destination(destination_id, project_id)
    if destination.enabled != enabled:
        changes = {"enabled": enabled}
        if enabled:
            changes.update(failing_since=None, disabled_reason=None)
        Destination.update(**changes).where(Destination.id == destination.id).execute()
        record(actor, "destination.enable" if enabled else "destination.disable", destination.id)
    return get_destination(destination.id)


def delete_destination(actor: Actor, destination_id: str, project_id: str | None = None) -> None:
    destination = get_destination(destination_id, project_id)
    destination.delete_instance(recursive=True)
    record(actor, "destination.delete", destination.id, {"kind": destination.kind, "name": destination.name})


def send_test_event(actor: Actor, destination_id: str, project_id: str | None = None) -> str:
    """Queue a ``test`` event for the destination (one attempt); returns the delivery id."""
    destination = get_destination(destination_id, project_id)
    payload = envelope(TEST_EVENT, {"message": f"Test notification from svit for {destination.name}",
                                    "destinationId": destination.id})
    [delivery_id] = add_deliveries([(destination.id, TEST_EVENT, payload)])
    record(actor, "destination.test", destination.id, {"deliveryId": delivery_id})
    return delivery_id


def redeliver(actor: Actor, delivery_id: str, project_id: str | None = None) -> Delivery:
    """Send a delivery again now (delivered or failed ones too); the webhook-id stays the same."""
    delivery = get_delivery(delivery_id, project_id)
    if delivery.status == "sending":
        raise Refused("This delivery is being sent right now: wait for the attempt to finish", "delivery")
    Delivery.update(status="pending", next_attempt_at=utcnow(), lease_owner=None, lease_expires_at=None) \
        .where(Delivery.id == delivery.id).execute()
    record(actor, "destination.redeliver", delivery.destination_id, {"deliveryId": delivery.id})
    return get_delivery(delivery.id)


def send_digest(actor: Actor, project_id: str, data_path=None) -> list[str]:
    """Queue the daily digest now for every email destination of the project that opted in."""
    project = get_project(project_id)
    delivery_ids = enqueue_digest(project, data_path)
    if not delivery_ids:
        raise Refused(f"No enabled email destination of {project.name} takes the digest: create one with --digest",
                      "project")
    record(actor, "digest.send", project.id, {"deliveries": len(delivery_ids)})
    return delivery_ids

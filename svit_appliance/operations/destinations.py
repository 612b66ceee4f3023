"""Destinations: create (email, webhook, Slack), enable, disable, delete, send a test event, redeliver."""
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..destinations.digest import digest_deliveries
from ..destinations.events import DEFAULT_EVENTS, EVENTS, TEST_EVENT
from ..destinations.kinds import KINDS
from ..destinations.outbound import Limits
from ..destinations.outbox import add_deliveries, envelope
from ..store import destinations as destination_store
from ..store.deliveries import find_delivery, send_again
from ..store.models import Delivery, Destination, utcnow
from .checks import clean_name, in_project
from .op import Op, operation
from .projects import get_project


def get_destination(destination_id: str, project_id: str | None = None) -> Destination:
    destination = destination_store.find_destination(destination_id)
    if not in_project(destination, project_id):
        raise Missing(f"Destination {destination_id} not found")
    return destination


def get_delivery(delivery_id: str, project_id: str | None = None) -> Delivery:
    delivery = find_delivery(delivery_id)
    if delivery is None or not in_project(destination_store.find_destination(delivery.destination_id), project_id):
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


@operation("destination.create")
def create_destination(op: Op, project_id: str, kind: str, name: str, options: dict,
                       events=None, limits: Limits = Limits()) -> tuple[Destination, str | None]:
    """A destination of ``kind`` (a name of ``KINDS``), configured from ``options``; also the secret
    its kind shows this once (a webhook's signing secret), or None. The kind's checks (a host's
    addresses looked up and vetted) run before the write transaction."""
    project = get_project(project_id)
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise Refused(f"Unknown destination kind {kind!r}: choose {', '.join(KINDS)}", "kind")
    name = clean_name(name, "destination", ", e.g. where its messages go")
    config, secret = KINDS[kind].configure(options, limits)
    events = check_events(events)
    with op.writing():
        destination = destination_store.insert_destination(new_id("dst"), project.id, name, kind, config, events)
        op.audit(destination.id, {"kind": kind, "name": name, "events": destination.events})
    return destination, secret


@operation("destination.set_enabled")
def set_destination_enabled(op: Op, destination_id: str, enabled: bool,
                            project_id: str | None = None) -> Destination:
    """Enabling also forgets a failing streak (deliveries waiting meanwhile are then sent).
    Audited as ``destination.enable`` or ``destination.disable`` (nothing when it already was)."""
    destination = get_destination(destination_id, project_id)
    if destination.enabled != enabled:
        with op.writing():
            destination_store.set_destination_enabled(destination.id, enabled)
            op.audit(destination.id, action="destination.enable" if enabled else "destination.disable")
    return get_destination(destination.id)


@operation("destination.delete")
def delete_destination(op: Op, destination_id: str, project_id: str | None = None) -> None:
    destination = get_destination(destination_id, project_id)
    with op.writing():
        destination_store.delete_destination(destination)
        op.audit(destination.id, {"kind": destination.kind, "name": destination.name})


@operation("destination.test")
def send_test_event(op: Op, destination_id: str, project_id: str | None = None) -> str:
    """Queue a ``test`` event for the destination (one attempt); returns the delivery id."""
    destination = get_destination(destination_id, project_id)
    payload = envelope(TEST_EVENT, {"message": f"Test notification from svit for {destination.name}",
                                    "destinationId": destination.id})
    with op.writing():
        [delivery_id] = add_deliveries([(destination.id, TEST_EVENT, payload)])
        op.audit(destination.id, {"deliveryId": delivery_id})
    return delivery_id


@operation("destination.redeliver")
def redeliver(op: Op, delivery_id: str, project_id: str | None = None) -> Delivery:
    """Send a delivery again now (delivered or failed ones too); the webhook-id stays the same."""
    delivery = get_delivery(delivery_id, project_id)
    if delivery.status == "sending":
        raise Refused("This delivery is being sent right now: wait for the attempt to finish", "delivery")
    with op.writing():
        send_again(delivery.id, utcnow())
        op.audit(delivery.destination_id, {"deliveryId": delivery.id})
    return get_delivery(delivery.id)


@operation("digest.send")
def send_digest(op: Op, project_id: str, data_path=None) -> list[str]:
    """Queue the daily digest now for every email destination of the project that opted in."""
    project = get_project(project_id)
    deliveries = digest_deliveries(project, data_path)  # the day's figures, read before the write lock
    if not deliveries:
        raise Refused(f"No enabled email destination of {project.name} takes the digest: create one with --digest",
                      "project")
    with op.writing():
        delivery_ids = add_deliveries(deliveries)
        op.audit(project.id, {"deliveries": len(delivery_ids)})
    return delivery_ids

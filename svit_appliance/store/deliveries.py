"""The delivery outbox's statements: claim due deliveries under a lease, record their attempts,
reschedule or finish them, and keep each destination's failing streak.

``destinations/delivery.py`` keeps the policy (retry delays, when to disable, what to send).
The delivery loop's queries are written out: peewee's query builder cost more CPU per batch
than sending it.
"""
from datetime import datetime

from .db import database, insert_rows, placeholders, write_transaction
from .leases import LeasedQueue
from .models import Delivery, DeliveryAttempt, Destination, utcnow

DELIVERIES = LeasedQueue("delivery", waiting="pending", leased="sending")
ATTEMPT_COLUMNS = ("id", "delivery_id", "attempt", "started_at", "status_code", "latency_ms", "response", "error")


def _due_ids(limit: int, delivery_id: str | None, now: datetime, lock: bool) -> list[str]:
    """Due deliveries of enabled destinations (or ``delivery_id`` if due); each query walks the
    ``delivery_due`` index."""
    p = database.obj.param
    if delivery_id is not None:
        return DELIVERIES.due_ids(limit, now, f" AND id = {p}", (delivery_id,), lock)
    return DELIVERIES.due_ids(limit, now, f" AND destination_id IN (SELECT id FROM destination WHERE enabled = {p})",
                              (True,), lock)


def claim(owner: str, lease_seconds: float, delivery_id: str | None = None, limit: int = 1) -> list[Delivery]:
    """Lease up to ``limit`` due deliveries of enabled destinations (or ``delivery_id`` if due),
    those whose lease expired first, then the pending ones in the order they fell due."""
    now = utcnow()
    # a plain read first: an idle worker must not take the write lock every poll
    if not _due_ids(1, delivery_id, now, lock=False):
        return []
    with write_transaction():
        ids = _due_ids(limit, delivery_id, now, lock=True)
        if not ids:
            return []
        DELIVERIES.claim_chosen(ids, owner, lease_seconds, now)
        claimed = {delivery.id: delivery for delivery in _rows(Delivery, ids)}
    return [claimed[delivery_id] for delivery_id in ids]


def _rows(model, ids) -> list:
    ids = list(ids)
    return list(model.raw(f"SELECT * FROM {model._meta.table_name} WHERE id IN ({placeholders(len(ids))})", *ids))


def destinations_by_id(destination_ids) -> dict[str, Destination]:
    """The destinations of ``destination_ids``, by id."""
    return {destination.id: destination for destination in _rows(Destination, destination_ids)}


def record_attempts(attempts: list[tuple]) -> None:
    """Rows of ``ATTEMPT_COLUMNS`` into the attempt log, in multi-row inserts."""
    insert_rows("delivery_attempt", ATTEMPT_COLUMNS, attempts)


def mark_delivered(delivery_ids: list[str], owner: str, now: datetime) -> None:
    """Those of ``delivery_ids`` the owner holds are delivered: their lease and error cleared."""
    if not delivery_ids:
        return
    p = database.obj.param
    database.execute_sql(f"UPDATE delivery SET status = 'delivered', delivered_at = {p}, last_error = NULL, "
                         f"lease_owner = NULL, lease_expires_at = NULL WHERE {DELIVERIES.held_by(p)} "
                         f"AND id IN ({placeholders(len(delivery_ids))})", (now, owner, *delivery_ids))


def _held(delivery_id: str, owner: str):
    return (Delivery.lease_owner == owner) & (Delivery.status == "sending") & (Delivery.id == delivery_id)


def retry_later(delivery_id: str, owner: str, error: str, retry_at: datetime) -> None:
    """A delivery the owner holds waits for its next attempt at ``retry_at``."""
    Delivery.update(status="pending", next_attempt_at=retry_at, last_error=error, lease_owner=None,
                    lease_expires_at=None).where(_held(delivery_id, owner)).execute()


def give_up(delivery_id: str, owner: str, error: str) -> None:
    """A delivery the owner holds failed for good."""
    Delivery.update(status="failed", last_error=error, lease_owner=None,
                    lease_expires_at=None).where(_held(delivery_id, owner)).execute()


def start_failing_streak(destination_id: str, now: datetime) -> None:
    """The destination is failing since ``now``, unless it already was."""
    Destination.update(failing_since=now).where(Destination.id == destination_id,
                                                Destination.failing_since.is_null()).execute()


def end_failing_streak(destination_id: str) -> None:
    """The destination delivers again: its failing streak is over."""
    Destination.update(failing_since=None).where(Destination.id == destination_id).execute()


def disable_destination(destination_id: str, reason: str) -> None:
    """The destination gets no more deliveries until an admin enables it; ``reason`` says why."""
    Destination.update(enabled=False, disabled_reason=reason).where(Destination.id == destination_id).execute()


def find_delivery(delivery_id: str) -> Delivery | None:
    """The delivery, or None once it (or its destination) was deleted."""
    return Delivery.get_or_none(Delivery.id == delivery_id)


def send_again(delivery_id: str, now: datetime) -> None:
    """An admin's redelivery: due again ``now`` whatever its status, its lease forgotten."""
    Delivery.update(status="pending", next_attempt_at=now, lease_owner=None, lease_expires_at=None) \
        .where(Delivery.id == delivery_id).execute()


def last_attempt(delivery_id: str) -> DeliveryAttempt | None:
    """The delivery's latest attempt, if it had one."""
    return (DeliveryAttempt.select().where(DeliveryAttempt.delivery == delivery_id)
            .order_by(DeliveryAttempt.attempt.desc()).first())

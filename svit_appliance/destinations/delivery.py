"""Delivering the outbox: claim due deliveries with a lease, send them, log the attempts, schedule.

Deliveries are claimed a few at a time (``SVIT_DELIVERY_CONCURRENCY``), sent at the same time
from a small thread pool, and their attempts recorded in one transaction: two short write
transactions per batch instead of two per delivery, and a slow receiver holds up only its own.

A delivery is retried after each of ``SVIT_DELIVERY_RETRY_DELAYS`` (with jitter), then
``failed``. Its id is the ``webhook-id`` of every attempt, so a receiver dedupes repeats: a
worker killed mid-send leaves the delivery leased, and once the lease expires it is sent again.
A destination whose deliveries have failed for three days is disabled, with the reason kept.
"""
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.ids import new_id
from ..store import deliveries as delivery_store
from ..store.db import sqlite_file, write_transaction
from ..store.leases import worker_name
from ..store.models import Delivery, Destination, utcnow
from .digest import schedule_digests
from .events import TEST_EVENT
from .kinds import KINDS
from .outbound import RESPONSE_CAP, Answer, DeliveryError, Limits
from .summary import console_link

log = logging.getLogger("svit.delivery")

DISABLE_AFTER = timedelta(days=3)
LEASE_MARGIN_SECONDS = 5.0
SETTLE_POLL_SECONDS = 0.05  # how often deliver_now looks whether another worker's attempt ended


@dataclass(frozen=True)
class DeliveryPolicy:
    retry_delays: tuple[float, ...]
    limits: Limits
    base_url: str = ""
    concurrency: int = 1

    @classmethod
    def from_settings(cls, settings) -> "DeliveryPolicy":
        delays = tuple(float(d) for d in settings.delivery_retry_delays.split(","))
        return cls(delays, Limits.from_settings(settings), settings.public_base_url, settings.delivery_concurrency)

    @property
    def lease_seconds(self) -> float:
        """A claimed batch is sent at once, so one attempt's longest time covers it."""
        return self.limits.total_timeout + LEASE_MARGIN_SECONDS

    def retry_delay(self, attempts: int) -> float | None:
        """Seconds before the next attempt after ``attempts`` failed ones, or None: give up."""
        if attempts > len(self.retry_delays):
            return None
        return self.retry_delays[attempts - 1] * random.uniform(0.8, 1.2)


def claim(owner: str, policy: DeliveryPolicy, delivery_id: str | None = None, limit: int = 1) -> list[Delivery]:
    """Lease up to ``limit`` due deliveries of enabled destinations (or ``delivery_id`` if due):
    those whose lease expired (a worker stopped mid-send) first, then pending ones in the order
    they fell due."""
    return delivery_store.claim(owner, policy.lease_seconds, delivery_id, limit)


def send(destination: Destination, delivery: Delivery, policy: DeliveryPolicy) -> Answer:
    payload = dict(delivery.payload)
    link = console_link(payload, policy.base_url)
    if payload.get("data") is not None:
        payload["data"] = {**payload["data"], "consoleUrl": link}
    return KINDS[destination.kind].send(destination.config or {}, delivery.id, payload, link, policy)


@dataclass(frozen=True)
class Outcome:
    delivery_id: str
    attempt: int
    delivered: bool
    status_code: int | None
    error: str | None
    latency_ms: int


@dataclass(frozen=True)
class _Sent:
    """One attempt made, waiting to be recorded with the rest of its batch."""

    delivery: Delivery
    outcome: Outcome
    started_at: datetime
    answer: Answer | None


def _send_once(delivery: Delivery, destination: Destination, policy: DeliveryPolicy) -> _Sent:
    started_at, started = utcnow(), time.monotonic()
    answer, error = None, None
    try:
        answer = send(destination, delivery, policy)
        if not 200 <= answer.status < 300:
            error = f"The receiver answered {answer.status}"
    except DeliveryError as failure:
        error = str(failure)
    except Exception as failure:  # a bug or a bad config must not stop the worker
        log.exception("delivery %s: attempt failed", delivery.id)
        error = f"Internal error ({type(failure).__name__}); see the server log"
    latency_ms = int((time.monotonic() - started) * 1000)
    outcome = Outcome(delivery.id, delivery.attempts, error is None, answer.status if answer else None, error,
                      latency_ms)
    return _Sent(delivery, outcome, started_at, answer)


def attempt_all(deliveries: list[Delivery], owner: str, policy: DeliveryPolicy,
                pool: ThreadPoolExecutor | None = None) -> list[Outcome]:
    """Send claimed deliveries once each (at the same time when given a pool), then log the
    attempts and schedule what comes next in one transaction."""
    if not deliveries:
        return []
    destinations = delivery_store.destinations_by_id({delivery.destination_id for delivery in deliveries})
    sends = [(delivery, destinations[delivery.destination_id], policy) for delivery in deliveries]
    if pool is None or len(sends) == 1:
        sent = [_send_once(*one) for one in sends]
    else:
        sent = list(pool.map(lambda one: _send_once(*one), sends))
    _record(sent, destinations, owner, policy)
    return [one.outcome for one in sent]


def attempt(delivery: Delivery, owner: str, policy: DeliveryPolicy) -> Outcome:
    """Send a claimed delivery once, log the attempt and schedule what comes next."""
    return attempt_all([delivery], owner, policy)[0]


def _record(sent: list[_Sent], destinations: dict[str, Destination], owner: str, policy: DeliveryPolicy) -> None:
    now = utcnow()
    with write_transaction():
        delivery_store.record_attempts([
            (new_id("att"), one.delivery.id, one.outcome.attempt, one.started_at, one.outcome.status_code,
             one.outcome.latency_ms, one.answer.body[:RESPONSE_CAP].decode("utf-8", errors="replace")
             if one.answer else None, one.outcome.error) for one in sent])
        delivery_store.mark_delivered([one.delivery.id for one in sent if one.outcome.delivered], owner, now)
        working: dict[str, str | None] = {}  # destination -> its last outcome's error (None: delivered)
        for one in sent:
            if not one.outcome.delivered:
                _reschedule(one, owner, policy, now)
            if one.delivery.event != TEST_EVENT or one.outcome.delivered:
                working[one.delivery.destination_id] = one.outcome.error
        for destination_id, error in working.items():
            if error is not None:
                _note_failure(destinations[destination_id], error, now)
            elif destinations[destination_id].failing_since is not None:
                delivery_store.end_failing_streak(destination_id)


def _reschedule(one: _Sent, owner: str, policy: DeliveryPolicy, now) -> None:
    delay = None if one.delivery.event == TEST_EVENT else policy.retry_delay(one.outcome.attempt)
    if delay is None:
        delivery_store.give_up(one.delivery.id, owner, one.outcome.error)
    else:
        delivery_store.retry_later(one.delivery.id, owner, one.outcome.error, now + timedelta(seconds=delay))


def _note_failure(destination: Destination, error: str, now) -> None:
    if destination.failing_since is None:
        delivery_store.start_failing_streak(destination.id, now)
    elif destination.enabled and now - destination.failing_since >= DISABLE_AFTER:
        reason = (f"Disabled {now:%Y-%m-%d %H:%M} UTC: every delivery failed since "
                  f"{destination.failing_since:%Y-%m-%d %H:%M} UTC (last error: {error})")[:1000]
        delivery_store.disable_destination(destination.id, reason)
        log.warning("destination %s disabled: failing for 3 days", destination.id)


def deliver_now(delivery_id: str, policy: DeliveryPolicy) -> Outcome | None:
    """Attempt one delivery at once (``svit destination test``, the console's test button).

    A running worker may claim a new delivery before this call does: then its attempt is waited
    for (up to its lease) and reported instead. None when no attempt ends in that time."""
    owner = worker_name()
    claimed = claim(owner, policy, delivery_id)
    if claimed:
        return attempt(claimed[0], owner, policy)
    return _attempt_by_another(delivery_id, policy)


def _attempt_by_another(delivery_id: str, policy: DeliveryPolicy) -> Outcome | None:
    deadline = time.monotonic() + policy.lease_seconds
    while True:
        delivery = delivery_store.find_delivery(delivery_id)
        if delivery is None:
            return None
        if delivery.status != "sending":
            last = delivery_store.last_attempt(delivery_id)
            if last is None:
                return None
            return Outcome(delivery_id, last.attempt, last.error is None, last.status_code, last.error,
                           last.latency_ms)
        if time.monotonic() >= deadline:
            return None
        time.sleep(SETTLE_POLL_SECONDS)


def deliver_due(policy: DeliveryPolicy, stopping=lambda: False, pool: ThreadPoolExecutor | None = None) -> int:
    """Deliver due deliveries, ``policy.concurrency`` at a time, until none is due; returns how
    many were attempted."""
    owner, count = worker_name(), 0
    while not stopping():
        claimed = claim(owner, policy, limit=policy.concurrency)
        if not claimed:
            return count
        attempt_all(claimed, owner, policy, pool)
        count += len(claimed)
    return count


class DeliveryRounds:
    """The scheduler's ``delivery`` and ``digest`` jobs where the worker runs (``svit serve`` with the
    worker inside, or ``svit worker``): due deliveries sent a batch at a time from a small pool."""

    def __init__(self, settings):
        self._policy = DeliveryPolicy.from_settings(settings)
        self._digest_hour = settings.digest_hour
        # where the digest looks for svit's own backups: there are none of a PostgreSQL database (pg_dump's)
        self._data_path = settings.data_path if sqlite_file(settings) else None
        self._pool = ThreadPoolExecutor(self._policy.concurrency, thread_name_prefix="svit-delivery-send")

    def deliver_due(self, run) -> int:
        return deliver_due(self._policy, run.stopping.is_set, self._pool)

    def queue_digests(self, run=None) -> int:
        with write_transaction():
            queued = schedule_digests(self._digest_hour, self._data_path)
        if queued:
            log.info("daily digest queued for %d destination(s)", len(queued))
        return len(queued)

    def close(self) -> None:
        self._pool.shutdown()

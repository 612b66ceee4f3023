"""Delivering the outbox: claim a due delivery with a lease, send it, log the attempt, schedule.

A delivery is retried after each of ``SVIT_DELIVERY_RETRY_DELAYS`` (with jitter), then
``failed``. Its id is the ``webhook-id`` of every attempt, so a receiver dedupes repeats: a
worker killed mid-send leaves the delivery leased, and once the lease expires it is sent again.
A destination whose deliveries have failed for three days is disabled, with the reason kept.
"""
import logging
import os
import random
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from ..core.ids import new_id
from ..store.db import database, is_postgres, write_transaction
from ..store.models import utcnow
from .digest import schedule_digests
from .email import build_message, send_email
from .kinds import send_slack, send_webhook
from .models import TEST_EVENT, Delivery, DeliveryAttempt, Destination
from .outbound import RESPONSE_CAP, Answer, DeliveryError, Limits
from .summary import console_link, summarise

log = logging.getLogger("svit.delivery")

DISABLE_AFTER = timedelta(days=3)
LEASE_MARGIN_SECONDS = 5.0
SHUTDOWN_TIMEOUT = 30.0
DIGEST_CHECK_SECONDS = 60.0
SETTLE_POLL_SECONDS = 0.05  # how often deliver_now looks whether another worker's attempt ended



def worker_id() -> str:
    """Who holds a delivery's lease: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass(frozen=True)
class DeliveryPolicy:
    retry_delays: tuple[float, ...]
    limits: Limits
    base_url: str = ""

    @classmethod
    def from_settings(cls, settings) -> "DeliveryPolicy":
        delays = tuple(float(d) for d in settings.delivery_retry_delays.split(","))
        return cls(delays, Limits.from_settings(settings), settings.public_base_url)

    @property
    def lease_seconds(self) -> float:
        return self.limits.total_timeout + LEASE_MARGIN_SECONDS

    def retry_delay(self, attempts: int) -> float | None:
        """Seconds before the next attempt after ``attempts`` failed ones, or None: give up."""
        if attempts > len(self.retry_delays):
            return None
        return self.retry_delays[attempts - 1] * random.uniform(0.8, 1.2)


def claim(owner: str, policy: DeliveryPolicy, delivery_id: str | None = None) -> Delivery | None:
    """Lease the oldest due delivery of an enabled destination (or ``delivery_id`` if due)."""
    db, now = database.obj, utcnow()
    p = db.param
    due = (f"((d.status = 'pending' AND d.next_attempt_at <= {p}) OR "
           f"(d.status = 'sending' AND d.lease_expires_at < {p}))")
    params: list = [now, now]
    chosen = f"SELECT d.id FROM delivery d JOIN destination t ON t.id = d.destination_id WHERE {due}"
    if delivery_id is None:
        chosen += f" AND t.enabled = {p}"
        params.append(True)
    else:
        chosen += f" AND d.id = {p}"
        params.append(delivery_id)
    chosen += " ORDER BY d.next_attempt_at LIMIT 1"
    if is_postgres(db):  # other workers claim at the same time: skip rows they hold
        chosen += " FOR UPDATE OF d SKIP LOCKED"
    lease = now + timedelta(seconds=policy.lease_seconds)
    # a plain read first: an idle worker must not take the write lock every poll
    if db.execute_sql(chosen.replace(" FOR UPDATE OF d SKIP LOCKED", ""), params).fetchone() is None:
        return None
    with write_transaction():
        row = db.execute_sql(f"UPDATE delivery SET status = 'sending', lease_owner = {p}, lease_expires_at = {p}, "
                             f"attempts = attempts + 1 WHERE id IN ({chosen}) RETURNING id",
                             [owner, lease, *params]).fetchone()
    return Delivery.get_by_id(row[0]) if row else None


def send(destination: Destination, delivery: Delivery, policy: DeliveryPolicy) -> Answer:
    payload = dict(delivery.payload)
    link = console_link(payload, policy.base_url)
    if payload.get("data") is not None:
        payload["data"] = {**payload["data"], "consoleUrl": link}
    config = destination.config or {}
    if destination.kind == "webhook":
        return send_webhook(config, delivery.id, payload, policy.limits)
    if destination.kind == "slack":
        return send_slack(config, summarise(payload), link, policy.limits)
    return send_email(config, build_message(config, payload, policy.base_url), policy.limits)


@dataclass(frozen=True)
class Outcome:
    delivery_id: str
    attempt: int
    delivered: bool
    status_code: int | None
    error: str | None
    latency_ms: int


def attempt(delivery: Delivery, owner: str, policy: DeliveryPolicy) -> Outcome:
    """Send a claimed delivery once, log the attempt and schedule what comes next."""
    destination = Destination.get_by_id(delivery.destination_id)
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
    _record(delivery, destination, owner, policy, outcome, started_at, answer)
    return outcome


def _record(delivery: Delivery, destination: Destination, owner: str, policy: DeliveryPolicy, outcome: Outcome,
            started_at, answer: Answer | None) -> None:
    now = utcnow()
    response = answer.body[:RESPONSE_CAP].decode("utf-8", errors="replace") if answer else None
    with write_transaction():
        DeliveryAttempt.create(id=new_id("att"), delivery=delivery.id, attempt=outcome.attempt, started_at=started_at,
                               status_code=outcome.status_code, latency_ms=outcome.latency_ms, response=response,
                               error=outcome.error)
        owned = (Delivery.id == delivery.id) & (Delivery.lease_owner == owner) & (Delivery.status == "sending")
        done = {"lease_owner": None, "lease_expires_at": None, "last_error": outcome.error}
        if outcome.delivered:
            Delivery.update(status="delivered", delivered_at=now, **done).where(owned).execute()
            Destination.update(failing_since=None).where(Destination.id == destination.id).execute()
            return
        delay = None if delivery.event == TEST_EVENT else policy.retry_delay(outcome.attempt)
        if delay is None:
            Delivery.update(status="failed", **done).where(owned).execute()
        else:
            Delivery.update(status="pending", next_attempt_at=now + timedelta(seconds=delay), **done) \
                .where(owned).execute()
        if delivery.event != TEST_EVENT:
            _note_failure(destination, outcome.error, now)


def _note_failure(destination: Destination, error: str, now) -> None:
    if destination.failing_since is None:
        Destination.update(failing_since=now).where(Destination.id == destination.id,
                                                    Destination.failing_since.is_null()).execute()
    elif destination.enabled and now - destination.failing_since >= DISABLE_AFTER:
        reason = (f"Disabled {now:%Y-%m-%d %H:%M} UTC: every delivery failed since "
                  f"{destination.failing_since:%Y-%m-%d %H:%M} UTC (last error: {error})")[:1000]
        Destination.update(enabled=False, disabled_reason=reason).where(Destination.id == destination.id).execute()
        log.warning("destination %s disabled: failing for 3 days", destination.id)


def deliver_now(delivery_id: str, policy: DeliveryPolicy) -> Outcome | None:
    """Attempt one delivery at once (``svit destination test``, the console's test button).

    A running worker may claim a new delivery before this call does: then its attempt is waited
    for (up to its lease) and reported instead. None when no attempt ends in that time."""
    owner = worker_id()
    delivery = claim(owner, policy, delivery_id)
    if delivery is not None:
        return attempt(delivery, owner, policy)
    return _attempt_by_another(delivery_id, policy)


def _attempt_by_another(delivery_id: str, policy: DeliveryPolicy) -> Outcome | None:
    deadline = time.monotonic() + policy.lease_seconds
    while True:
        delivery = Delivery.get_or_none(Delivery.id == delivery_id)
        if delivery is None:
            return None
        if delivery.status != "sending":
            last = (DeliveryAttempt.select().where(DeliveryAttempt.delivery == delivery_id)
                    .order_by(DeliveryAttempt.attempt.desc()).first())
            if last is None:
                return None
            return Outcome(delivery_id, last.attempt, last.error is None, last.status_code, last.error,
                           last.latency_ms)
        if time.monotonic() >= deadline:
            return None
        time.sleep(SETTLE_POLL_SECONDS)


def deliver_due(policy: DeliveryPolicy, stopping=lambda: False) -> int:
    """Deliver due deliveries one by one until none is due; returns how many were attempted."""
    owner, count = worker_id(), 0
    while not stopping():
        delivery = claim(owner, policy)
        if delivery is None:
            return count
        attempt(delivery, owner, policy)
        count += 1
    return count


class DeliveryWorker:
    """A thread that delivers the outbox, started and stopped with the server (or ``svit worker``)."""

    def __init__(self, settings):
        self._policy = DeliveryPolicy.from_settings(settings)
        self._interval = settings.delivery_poll_seconds
        self._digest_hour = settings.digest_hour
        self._data_path = None if settings.database_url else settings.data_path
        self._digest_checked = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="svit-delivery", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(SHUTDOWN_TIMEOUT)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self._schedule_digests()
                    deliver_due(self._policy, self._stop.is_set)
                except Exception:  # a locked or unreachable database: try again next round
                    log.exception("delivery: round failed")
                self._stop.wait(self._interval)
        finally:
            database.close()

    def _schedule_digests(self) -> None:
        if time.monotonic() - self._digest_checked < DIGEST_CHECK_SECONDS:
            return
        self._digest_checked = time.monotonic()
        with write_transaction():
            queued = schedule_digests(self._digest_hour, self._data_path)
        if queued:
            log.info("daily digest queued for %d destination(s)", len(queued))


def setup_delivery(app) -> None:
    """Deliver the outbox from a thread of ``svit serve`` when it runs the worker."""

    @app.before_server_start
    async def start_delivery(app):
        app.ctx.delivery = DeliveryWorker(app.ctx.settings) if app.ctx.settings.serve_worker else None
        if app.ctx.delivery is not None:
            app.ctx.delivery.start()

    @app.before_server_stop
    async def stop_delivery(app):
        if app.ctx.delivery is not None:
            app.ctx.delivery.stop()

"""Retention: raw bodies of succeeded jobs are redacted, old audit entries deleted, in small batches.

Each batch is its own short write transaction, and the task pauses between batches, so the
accept path's writer never waits long behind it (SQLite lets one writer in at a time).
"""
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..settings import Settings
from ..store import retention as retention_store
from ..store.db import database, write_transaction
from ..store.models import utcnow

log = logging.getLogger("svit.retention")

BATCH = 500  # the most rows one transaction touches
MIN_BATCH = 10
START_BATCH = 100
TARGET_SECONDS = 0.05  # each batch holds the write lock about this long at most
PAUSE_SECONDS = 0.05
START_DELAY_SECONDS = 5.0
SHUTDOWN_TIMEOUT = 30.0


@dataclass(frozen=True)
class RetentionResult:
    bodies_redacted: int
    audit_deleted: int


class Batches:
    """Batch sizes that keep each write transaction near TARGET_SECONDS, whatever the disk's speed:
    halved after a slow batch, doubled after a quick one."""

    def __init__(self, size: int = START_BATCH):
        self.size = max(1, min(size, BATCH))
        self.floor = min(MIN_BATCH, self.size)

    def timed(self, seconds: float) -> None:
        if seconds > TARGET_SECONDS:
            self.size = max(self.floor, self.size // 2)
        elif seconds < TARGET_SECONDS / 4:
            self.size = min(BATCH, self.size * 2)


def _in_batches(step, batch: int, pause) -> int:
    """Run ``step(size) -> (selected, changed)`` in short transactions until a batch comes back short."""
    sizes, total = Batches(batch), 0
    while True:
        size, started = sizes.size, time.monotonic()
        with write_transaction():
            selected, changed = step(size)
        sizes.timed(time.monotonic() - started)
        total += changed
        if selected < size or not changed:
            return total
        pause()


def redact_bodies(before: datetime, batch: int = START_BATCH, pause=lambda: None) -> int:
    """Empty the raw body of every job that succeeded before ``before``; keep everything else."""

    def step(size: int) -> tuple[int, int]:
        ids = retention_store.oldest_unredacted_bodies(before, size)
        return len(ids), retention_store.redact_bodies(ids)

    return _in_batches(step, batch, pause)


def prune_audit(before: datetime, batch: int = START_BATCH, pause=lambda: None) -> int:
    """Delete audit entries recorded before ``before``."""

    def step(size: int) -> tuple[int, int]:
        ids = retention_store.audit_entries_before(before, size)
        return len(ids), retention_store.delete_audit_entries(ids)

    return _in_batches(step, batch, pause)


def apply_retention(settings: Settings, now: datetime | None = None, pause=lambda: None) -> RetentionResult:
    """Apply both policies once (the periodic task calls this; so can tests)."""
    now = now or utcnow()
    return RetentionResult(
        redact_bodies(now - timedelta(days=settings.body_retention_days), pause=pause),
        prune_audit(now - timedelta(days=settings.audit_retention_days), pause=pause),
    )


class RetentionTask:
    """A thread applying the policies shortly after start and then every SVIT_RETENTION_INTERVAL."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="svit-retention", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(SHUTDOWN_TIMEOUT)

    def _pause(self) -> None:
        if self._stop.wait(PAUSE_SECONDS):
            raise _Stopping()

    def _run(self) -> None:
        wait = min(START_DELAY_SECONDS, self.settings.retention_interval)
        try:
            while not self._stop.wait(wait):
                try:
                    result = apply_retention(self.settings, pause=self._pause)
                    if result.bodies_redacted or result.audit_deleted:
                        log.info("retention: %d job bodies redacted, %d audit entries deleted",
                                 result.bodies_redacted, result.audit_deleted)
                except _Stopping:
                    return
                except Exception:  # a locked or unreachable database: the next round tries again
                    log.exception("retention failed")
                wait = self.settings.retention_interval
        finally:
            database.close()


class _Stopping(Exception):
    pass


def setup_retention(app) -> None:
    """The retention task runs with the server, on SQLite and PostgreSQL alike."""

    @app.before_server_start
    async def start_retention(app):
        app.ctx.retention = None
        if app.ctx.settings.retention_interval > 0:
            app.ctx.retention = RetentionTask(app.ctx.settings)
            app.ctx.retention.start()

    @app.before_server_stop
    async def stop_retention(app):
        if app.ctx.retention is not None:
            app.ctx.retention.stop()

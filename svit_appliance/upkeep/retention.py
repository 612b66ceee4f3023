"""Retention: every policy that deletes or empties old data, in one table, and the only code that
applies them (the scheduler's ``retention`` job, and ``backups`` after each backup).

Rows go in small batches, each its own short write transaction, with a pause between batches,
so the accept path's writer never waits long behind them (SQLite lets one writer in at a time).
"""
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from ..settings import Settings
from ..store import retention as retention_store
from ..store.backup import backup_folder, prune_backups
from ..store.db import sqlite_file, write_transaction
from ..store.models import utcnow

log = logging.getLogger("svit.retention")

BATCH = 500  # the most rows one transaction touches
MIN_BATCH = 10
START_BATCH = 100
TARGET_SECONDS = 0.05  # each batch holds the write lock about this long at most
PAUSE_SECONDS = 0.05
START_DELAY_SECONDS = 5.0


@dataclass(frozen=True)
class Policy:
    """Rows older than the days of ``setting`` go: ``select(before, limit) -> ids``, then ``apply(ids)``."""

    name: str
    label: str  # what the console's Settings page calls the rows
    setting: str
    rule: str  # what happens to them, with ``{days}``
    select: Callable[[datetime, int], list[str]]
    apply: Callable[[list[str]], int]

    def days(self, settings: Settings) -> int:
        return getattr(settings, self.setting)

    def says(self, settings: Settings) -> str:
        return self.rule.format(days=self.days(settings))


POLICIES: tuple[Policy, ...] = (
    Policy("bodies", "Raw bodies of succeeded jobs", "body_retention_days",
           "redacted {days} days after processing; the job's status, times and persons stay",
           retention_store.oldest_unredacted_bodies, retention_store.redact_bodies),
    Policy("spam", "Contact form spam", "spam_retention_days", "quarantined posts deleted after {days} days",
           retention_store.spam_before, retention_store.delete_spam),
    Policy("audit", "Audit log", "audit_retention_days", "entries kept {days} days",
           retention_store.audit_entries_before, retention_store.delete_audit_entries),
    Policy("rejected", "Rejected requests", "inspector_retention_days",
           "refused requests the inspector kept deleted after {days} days",
           retention_store.rejections_before, retention_store.delete_rejections),
)


def policy(name: str) -> Policy:
    return next(policy for policy in POLICIES if policy.name == name)


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


def apply_policy(policy: Policy, before: datetime, batch: int = START_BATCH, pause=lambda: None) -> int:
    """Apply one policy to every row older than ``before``; returns how many rows it changed."""

    def step(size: int) -> tuple[int, int]:
        ids = policy.select(before, size)
        return len(ids), policy.apply(ids)

    return _in_batches(step, batch, pause)


def apply_retention(settings: Settings, now: datetime | None = None, pause=lambda: None) -> dict[str, int]:
    """Every policy once, plus the backup files past SVIT_BACKUP_KEEP; how many went, by policy."""
    now = now or utcnow()
    done = {policy.name: apply_policy(policy, now - timedelta(days=policy.days(settings)), pause=pause)
            for policy in POLICIES}
    done["backups"] = len(prune_backup_files(settings))
    return done


def prune_backup_files(settings: Settings) -> list[str]:
    """Backups in <data-dir>/backups beyond the newest SVIT_BACKUP_KEEP (SQLite only: PostgreSQL keeps none here)."""
    if sqlite_file(settings) is None:
        return []
    removed = prune_backups(backup_folder(settings.data_path), settings.backup_keep)
    for path in removed:
        log.info("backup: removed %s (SVIT_BACKUP_KEEP=%d)", Path(path).name, settings.backup_keep)
    return removed


def job(settings: Settings):
    """The scheduler's ``retention`` job: every policy, pausing between batches (a stop ends it early)."""

    def run(run) -> dict[str, int]:
        done = apply_retention(settings, pause=lambda: run.pause(PAUSE_SECONDS))
        if any(done.values()):
            log.info("retention: %s", ", ".join(f"{name} {count}" for name, count in done.items() if count))
        return done

    return run

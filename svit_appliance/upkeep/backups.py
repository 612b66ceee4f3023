"""Scheduled backups inside ``svit serve``, and what the console and ``/readyz`` say about them.

The copy runs on a scheduler thread with its own SQLite connection: in WAL mode a backup is one
read transaction, so the accept path's writer never waits for it.
"""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..settings import Settings
from ..store.backup import BackupError, BackupRecord, last_backup, make_backup
from ..store.models import utcnow
from .retention import prune_backup_files

log = logging.getLogger("svit.backup")

# With no backup yet, the first waits a little (never longer than the interval) so that start-up
# and short-lived servers stay light; an overdue backup waits the same grace after a start.
FIRST_BACKUP_DELAY_SECONDS = 600.0
START_GRACE_SECONDS = 60.0


@dataclass(frozen=True)
class BackupStatus:
    """The newest backup as the console shows it, and whether it is overdue."""

    last: BackupRecord | None
    age_seconds: float | None
    interval_seconds: float
    warning: str | None


def backup_warning(last: BackupRecord | None, interval: float, since: datetime, now: datetime) -> str | None:
    """A sentence when the newest backup (or, with none, the start ``since``) is older than two
    intervals, or when the newest backup failed its check; None when all is well or backups are off."""
    if interval <= 0:
        return None
    if last is not None and not last.verified:
        return f"the last backup ({Path(last.file).name}) failed its check: {last.check}"
    reference = last.created if last is not None else since
    overdue = now - reference > timedelta(seconds=2 * interval)
    if not overdue:
        return None
    if last is None:
        return f"no backup made yet, and backups are due every {interval:g} s"
    return f"the last backup is {(now - last.created).total_seconds() / 3600:.1f} h old (due every {interval:g} s)"


def backup_status(settings: Settings, since: datetime | None = None) -> BackupStatus:
    last = last_backup(settings.data_path)
    now = utcnow()
    age = (now - last.created).total_seconds() if last else None
    warning = backup_warning(last, settings.backup_interval, since or now, now)
    return BackupStatus(last, age, settings.backup_interval, warning)


def backup_now(settings: Settings, folder: Path | None = None) -> BackupRecord:
    """One backup into ``folder`` (default ``<data-dir>/backups``, which then keeps SVIT_BACKUP_KEEP)."""
    record = make_backup(settings.data_path, folder, settings.sqlite_busy_timeout_ms / 1000)
    if folder is None:
        prune_backup_files(settings)
    return record


class BackupSchedule:
    """The scheduler's ``backup`` job: every SVIT_BACKUP_INTERVAL, counted from the newest backup on
    disk (so a restart neither backs up again at once nor skips one that is due)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.started_at = utcnow()

    def status(self) -> BackupStatus:
        return backup_status(self.settings, self.started_at)

    def warning(self) -> str | None:
        return self.status().warning

    def first_delay(self) -> float:
        interval = self.settings.backup_interval
        last = last_backup(self.settings.data_path)
        if last is None:
            return min(interval, FIRST_BACKUP_DELAY_SECONDS)
        due_in = interval - (utcnow() - last.created).total_seconds()
        return max(due_in, min(interval, START_GRACE_SECONDS))

    def next_delay(self) -> float:
        last = last_backup(self.settings.data_path)
        if last is None:
            return self.settings.backup_interval
        return max(self.settings.backup_interval - (utcnow() - last.created).total_seconds(), 0.0)

    def run(self, run) -> BackupRecord:
        record = backup_now(self.settings)
        log.info("backup: %s (%d bytes, verified: %s)", record.file, record.sizeBytes, record.verified)
        if not record.verified:
            log.error("backup: %s failed its check: %s", record.file, record.check)
            raise BackupError(f"{Path(record.file).name} failed its check: {record.check}")
        return record

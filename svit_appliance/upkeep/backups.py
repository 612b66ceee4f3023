"""Scheduled backups inside ``svit serve``, and what the console and ``/readyz`` say about them.

The copy runs on its own thread with its own SQLite connection: in WAL mode a backup is one
read transaction, so the accept path's writer never waits for it.
"""
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..settings import Settings
from ..store.backup import BackupRecord, backup_folder, last_backup, make_backup, prune_backups
from ..store.db import sqlite_file
from ..store.models import utcnow

log = logging.getLogger("svit.backup")

# With no backup yet, the first waits a little (never longer than the interval) so that start-up
# and short-lived servers stay light; an overdue backup waits the same grace after a start.
FIRST_BACKUP_DELAY_SECONDS = 600.0
START_GRACE_SECONDS = 60.0
SHUTDOWN_TIMEOUT = 60.0


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
        for removed in prune_backups(backup_folder(settings.data_path), settings.backup_keep):
            log.info("backup: removed %s (SVIT_BACKUP_KEEP=%d)", removed, settings.backup_keep)
    return record


class BackupScheduler:
    """A thread that backs up every SVIT_BACKUP_INTERVAL seconds, counted from the last backup."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.started_at = utcnow()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="svit-backup", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(SHUTDOWN_TIMEOUT)

    def status(self) -> BackupStatus:
        return backup_status(self.settings, self.started_at)

    def warning(self) -> str | None:
        return self.status().warning

    def _first_wait(self) -> float:
        interval = self.settings.backup_interval
        last = last_backup(self.settings.data_path)
        if last is None:
            return min(interval, FIRST_BACKUP_DELAY_SECONDS)
        due_in = interval - (utcnow() - last.created).total_seconds()
        return max(due_in, min(interval, START_GRACE_SECONDS))

    def _run(self) -> None:
        wait = self._first_wait()
        while not self._stop.wait(wait):
            started = time.monotonic()
            try:
                record = backup_now(self.settings)
                log.info("backup: %s (%d bytes, verified: %s)", record.file, record.sizeBytes, record.verified)
                if not record.verified:
                    log.error("backup: %s failed its check: %s", record.file, record.check)
            except Exception as error:  # a full disk or a locked file: the next round tries again
                log.error("backup failed: %s", error)
            wait = max(self.settings.backup_interval - (time.monotonic() - started), 0.0)


def setup_backups(app) -> None:
    """Scheduled backups while ``svit serve`` runs (SQLite only: PostgreSQL has pg_dump)."""

    @app.before_server_start
    async def start_backups(app):
        settings = app.ctx.settings
        app.ctx.backups = None
        if sqlite_file(settings) is None or settings.backup_interval <= 0:
            return
        app.ctx.backups = BackupScheduler(settings)
        app.ctx.readiness_warnings["backup"] = app.ctx.backups.warning
        app.ctx.backups.start()

    @app.before_server_stop
    async def stop_backups(app):
        if app.ctx.backups is not None:
            app.ctx.backups.stop()

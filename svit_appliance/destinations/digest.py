"""The daily digest: a project's last 24 hours in one email, for email destinations that opt in.

Sent through the outbox like every event (a ``digest`` delivery per destination, logged and retried),
either now (``svit digest send``) or by the delivery worker once a day at ``SVIT_DIGEST_HOUR``
(the server's local time).
"""
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..store import digest as digest_store
from ..store.models import Destination, Project, iso_utc, utcnow
from .events import DIGEST_EVENT
from .outbox import add_deliveries, envelope

LISTED_PERSONS = 20
BACKUP_DIR = "backups"


def last_backup(data_path: Path | None) -> str | None:
    """When the newest file of ``<data-dir>/backups`` was written, if there is one."""
    folder = data_path / BACKUP_DIR if data_path else None
    if folder is None or not folder.is_dir():
        return None
    newest = max((f.stat().st_mtime for f in folder.iterdir() if f.is_file()), default=None)
    return iso_utc(_utc(newest)) if newest else None


def digest_data(project: Project, until: datetime, data_path: Path | None = None) -> dict:
    since = until - timedelta(hours=24)
    count, newest = digest_store.new_persons(project.id, since, until, LISTED_PERSONS)
    return {
        "project": {"id": project.id, "name": project.name}, "since": iso_utc(since), "until": iso_utc(until),
        "newPersons": count,
        "persons": [{"id": p.id, "name": p.name, "email": p.email, "phone": p.phone} for p in newest],
        "merges": digest_store.merges(project.id, since, until),
        "spamCaught": digest_store.spam_caught(project.id, since, until),
        "failedJobs": digest_store.jobs_failed_since(project.id, since),
        "destinationsFailing": [{"id": d.id, "name": d.name, "enabled": d.enabled,
                                 "failingSince": iso_utc(d.failing_since)}
                                for d in digest_store.failing_destinations(project.id)],
        "lastBackup": last_backup(data_path),
    }


def digest_destinations(project_id: str) -> list[Destination]:
    return [d for d in digest_store.enabled_email_destinations(project_id) if (d.config or {}).get("digest")]


def digest_deliveries(project: Project, data_path: Path | None = None, destinations=None) -> list[tuple[str, str, dict]]:
    """The ``(destination_id, event, payload)`` of one ``digest`` delivery per opted-in email
    destination of the project (``add_deliveries`` writes them). Only reads: the day's figures are
    gathered before any write transaction."""
    chosen = digest_destinations(project.id) if destinations is None else destinations
    if not chosen:
        return []
    payload = envelope(DIGEST_EVENT, digest_data(project, utcnow(), data_path))
    return [(d.id, DIGEST_EVENT, payload) for d in chosen]


def enqueue_digest(project: Project, data_path: Path | None = None, destinations=None) -> list[str]:
    """One ``digest`` delivery per opted-in email destination of the project; returns their ids."""
    return add_deliveries(digest_deliveries(project, data_path, destinations))


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)


def schedule_digests(hour: int, data_path: Path | None, now_local: datetime | None = None) -> list[str]:
    """At or after ``hour`` (local time), queue today's digest for every opted-in destination that
    has none yet today. Called by the delivery worker on each round."""
    now_local = now_local or datetime.now().astimezone()
    if now_local.hour < hour:
        return []
    day_start = now_local.replace(hour=0, minute=0, second=0, microsecond=0)
    since = _utc(day_start.timestamp())
    queued = []
    for project in digest_store.all_projects():
        due = [d for d in digest_destinations(project.id) if not digest_store.sent_since(d.id, DIGEST_EVENT, since)]
        queued += enqueue_digest(project, data_path, due)
    return queued

"""Bring a database's schema up to date, after copying a SQLite database aside.

Upgrading svit means replacing the program; the new one applies its pending migrations at
start. Before it touches a database that already has a schema, it takes an online backup
(SQLite's backup API: consistent even while other processes write) into
``<data-dir>/backups/svit-<UTC timestamp>-v<schema version before>.db``, so an upgrade can be
undone by putting the old binary and that file back.
"""
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .datadir import PRIVATE_DIR_MODE, create_private_file
from .db import dialect
from .migrations import MIGRATIONS, applied_versions, migrate, pending_migrations

log = logging.getLogger("svit.upgrade")

BACKUP_DIR = "backups"


@dataclass(frozen=True)
class Upgrade:
    backup: Path | None
    applied: list[str]


def upgrade_schema(db, data_path: Path, migrations=MIGRATIONS) -> Upgrade:
    """Apply pending migrations; back up first when the database already had a schema (SQLite only)."""
    pending = pending_migrations(db, migrations)
    done = applied_versions(db)
    backup = None
    if pending and done and dialect(db).one_file:
        backup = backup_sqlite(db, Path(data_path) / BACKUP_DIR, max(done))
        log.warning("backed up the database to %s before applying %d migration(s)", backup, len(pending))
    return Upgrade(backup, migrate(db, migrations))


def backup_sqlite(db, folder: Path, schema_version: int) -> Path:
    """Copy the live database into ``folder``; the file appears under its final name only once complete."""
    folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = _unused_name(folder, f"svit-{stamp}-v{schema_version}")
    partial = target.with_name(target.name + ".partial")
    create_private_file(partial)  # a copy of personal data: as private as the database
    copy = sqlite3.connect(partial)
    try:
        db.connection().backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
    os.replace(partial, target)
    return target


def _unused_name(folder: Path, stem: str) -> Path:
    candidate, n = folder / f"{stem}.db", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.db"
    return candidate

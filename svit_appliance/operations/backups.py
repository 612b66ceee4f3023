"""Backups made and restored from the shell.

Not one transaction: the file is the change. Its audit entry is written in a transaction of its own
right after the file is in place (a restore's, into the restored database).
"""
from pathlib import Path

from ..core.errors import Refused
from ..pipeline.jobs import release_all_leases
from ..settings import Settings
from ..store.backup import BackupError, BackupRecord, restore_backup
from ..store.connect import close_database, open_database
from ..store.db import sqlite_file
from ..store.lock import DataDirBusy, hold_exclusive, release
from ..upkeep.backups import backup_now
from .op import Op, operation

POSTGRES_ADVICE = ("svit backs up its SQLite database only; on PostgreSQL use pg_dump "
                   "(e.g. pg_dump --format=custom --file=svit.dump \"$SVIT_DATABASE_URL\") and pg_restore")


@operation("backup.create")
def create_backup(op: Op, settings: Settings, folder: Path | None = None) -> BackupRecord:
    """A verified, compressed copy of the live database (the server may keep running); the
    audit entry follows in its own transaction once the file is written."""
    if sqlite_file(settings) is None:
        raise Refused(POSTGRES_ADVICE)
    try:
        made = backup_now(settings, folder)
    except (BackupError, OSError) as error:
        raise Refused(f"backup failed: {error}") from None
    open_database(settings, upgrade=False)
    with op.writing():
        op.audit(Path(made.file).name, {"sizeBytes": made.sizeBytes, "sha256": made.sha256, "verified": made.verified})
    return made


@operation("backup.restore")
def restore(op: Op, settings: Settings, backup: Path) -> Path | None:
    """Put a backup in place of the database once it verified; the replaced database is kept
    in ``<data-dir>/backups/replaced-*.db`` (returned). Refused while a server or worker runs.
    The restored database gets the audit entry, in one transaction with handing its jobs' leases back."""
    if sqlite_file(settings) is None:
        raise Refused(POSTGRES_ADVICE)
    try:
        lock = hold_exclusive(settings.data_path)
    except DataDirBusy as error:
        raise Refused(f"{error}; restore swaps the database, which is only safe while nothing uses it") from None
    try:
        close_database()
        kept = restore_backup(Path(backup), settings.data_path)
        open_database(settings)  # an older backup's schema is brought up to date, as at start
        with op.writing():
            released = release_all_leases()  # nothing runs on the data dir: no lease in the backup is held
            op.audit(Path(backup).name, {"replacedKeptAt": str(kept) if kept else None, "jobsRequeued": released})
        return kept
    except BackupError as error:
        raise Refused(f"restore refused: {error}; the database was not changed") from None
    finally:
        close_database()
        release(lock)

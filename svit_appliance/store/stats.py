"""Figures about what the database holds, read for ``/metrics`` and ``svit doctor``: jobs by
status, the queue's oldest job, persons and spam counted, the SQLite file's size on disk."""
from datetime import datetime
from pathlib import Path

from peewee import fn

from .db import SQLITE_FILE, dialect
from .models import FormSpam, IngestionJob, Person


def job_counts() -> dict[str, int]:
    """Ingestion jobs by status (a status with none is missing)."""
    return dict(IngestionJob.select(IngestionJob.status, fn.COUNT(IngestionJob.id))
                .group_by(IngestionJob.status).tuples())


def oldest_queued_job_received_at() -> datetime | None:
    """When the oldest job still queued (a retry too) was received."""
    return read_datetime(IngestionJob.select(fn.MIN(IngestionJob.received_at))
                        .where(IngestionJob.status == "queued").scalar())


def oldest_due_job_at() -> datetime | None:
    """When the longest-waiting queued job became due (its retry time, else its arrival)."""
    return read_datetime(IngestionJob.select(fn.MIN(fn.COALESCE(IngestionJob.next_attempt_at, IngestionJob.received_at)))
                        .where(IngestionJob.status == "queued").scalar())


def person_count() -> int:
    return Person.select().count()


def spam_count() -> int:
    return FormSpam.select().count()


def database_file_sizes(data_path: Path) -> tuple[int, int] | None:
    """Bytes of ``svit.db`` and of its write-ahead log; None when the data is not one file of ours (PostgreSQL)."""
    if not dialect().one_file:
        return None
    db_file = Path(data_path) / SQLITE_FILE
    return _size(db_file), _size(wal_file(db_file))


def wal_file(db_file: Path) -> Path:
    """The write-ahead log beside a SQLite file."""
    return Path(str(db_file) + "-wal")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def read_datetime(value) -> datetime | None:
    """A datetime an aggregate returned: SQLite hands it back as text, PostgreSQL as a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))

"""Is the database sound and answering? The questions ``/readyz`` and ``svit doctor`` ask it.

None of these writes: a missing ledger or table is an answer, not something to create.
"""
import sqlite3
from datetime import datetime
from pathlib import Path

from .db import database
from .stats import read_datetime

# the newest time each of these records, to tell a clock that went backwards
_STAMPED = (("ingestion_job", "received_at"), ("audit_entry", "created_at"), ("svit_schema_migrations", "applied_at"))


def answers() -> None:
    """One trivial round trip; raises the driver's error when the database cannot answer."""
    database.execute_sql("SELECT 1").fetchone()


def quick_check(db_file: Path) -> list[str]:
    """``PRAGMA quick_check`` on a SQLite file, opened read-only: ``["ok"]``, else its complaints
    (or why the file could not be read)."""
    try:
        connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=5)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        rows = [(f"cannot read the database: {error}",)]
    return [str(row[0]) for row in rows]


def durability() -> tuple[str, int]:
    """The open SQLite database's ``journal_mode`` and ``synchronous`` (2 is FULL)."""
    mode = database.execute_sql("PRAGMA journal_mode").fetchone()[0]
    synchronous = database.execute_sql("PRAGMA synchronous").fetchone()[0]
    return mode, synchronous


def recorded_migrations() -> set[int]:
    """The schema versions the ledger records as applied (none when there is no ledger yet)."""
    try:
        return {row[0] for row in database.execute_sql("SELECT version FROM svit_schema_migrations")}
    except Exception:  # no ledger yet: nothing applied
        database.rollback() if database.in_transaction() else None
        return set()


def newest_record_time() -> datetime | None:
    """The newest time stored in jobs, audit entries and the migration ledger (tables a fresh database lacks are skipped)."""
    newest = None
    for table, column in _STAMPED:
        try:
            value = read_datetime(database.execute_sql(f"SELECT MAX({column}) FROM {table}").fetchone()[0])
        except Exception:  # a table a fresh database lacks
            continue
        newest = max(filter(None, (newest, value)), default=None)
    return newest

"""The database object: created unbound, bound to SQLite or PostgreSQL from settings."""
import threading
from contextlib import contextmanager
from urllib.parse import urlparse

from peewee import DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from ..settings import Settings

database = DatabaseProxy()

SQLITE_FILE = "svit.db"


def sqlite_pragmas(busy_timeout_ms: int) -> dict:
    return {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL: a 202 means the job survives power loss, not only a crash
        "busy_timeout": busy_timeout_ms,
        "foreign_keys": 1,
        "cache_size": -16_000,
    }


def build_database(settings: Settings):
    """A new, unconnected peewee database for the settings (SQLite unless a URL is set)."""
    if settings.database_url:
        return _postgres_from_url(settings.database_url)
    path = settings.data_path / SQLITE_FILE
    return SqliteDatabase(
        str(path),
        pragmas=sqlite_pragmas(settings.sqlite_busy_timeout_ms),
        lock_type="IMMEDIATE",  # take the write lock up front: no deadlock-prone lock upgrades
        check_same_thread=False,
        timeout=settings.sqlite_busy_timeout_ms / 1000,
    )


def _postgres_from_url(url: str) -> PostgresqlDatabase:
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"Unsupported database URL scheme {parsed.scheme!r}: use postgresql://")
    return PostgresqlDatabase(
        parsed.path.lstrip("/") or "postgres",
        user=parsed.username,
        password=parsed.password,
        host=parsed.hostname,
        port=parsed.port or 5432,
    )


def is_postgres(db) -> bool:
    return isinstance(db, PostgresqlDatabase)


# SQLite's busy handler sleeps in steps of up to 100 ms: a writer of this process waiting for
# another of this process would oversleep. They take turns on this lock instead, and only
# other processes' writers ever meet the busy handler.
_sqlite_writers = threading.RLock()
_waiting = [0]
_waiting_guard = threading.Lock()


def writers_waiting() -> int:
    """How many of this process's threads wait for their write turn (long transactions yield to them)."""
    return _waiting[0]


@contextmanager
def write_transaction(db=None):
    """A write transaction (BEGIN IMMEDIATE on SQLite, in turn with this process's other writers)."""
    db = db or database.obj
    if is_postgres(db):
        with db.atomic():
            yield
        return
    with _waiting_guard:
        _waiting[0] += 1
    try:
        _sqlite_writers.acquire()
    finally:
        with _waiting_guard:
            _waiting[0] -= 1
    try:
        with db.atomic():
            yield
    finally:
        _sqlite_writers.release()


# Rows per multi-row statement: 500 rows of up to 16 columns stay well under both engines' limit
# on bound parameters (SQLite 32,766, PostgreSQL 65,535).
ROWS_PER_STATEMENT = 500


def placeholders(count: int) -> str:
    """``count`` bound-parameter marks of the open database, comma-separated (for ``IN (...)``)."""
    return ", ".join([database.obj.param] * count)


def insert_rows(table: str, columns: tuple, rows: list[tuple]) -> None:
    """``rows`` into ``table`` with one ``INSERT ... VALUES (...), (...)`` per ``ROWS_PER_STATEMENT``."""
    row_marks = f"({placeholders(len(columns))})"
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        database.obj.execute_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row_marks] * len(chunk))}",
                       [value for row in chunk for value in row])

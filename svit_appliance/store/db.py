"""The database object and the one place that knows which engine it is.

The peewee database is created unbound and bound to SQLite or PostgreSQL from settings. What
differs between the two engines is a method of ``Dialect`` (chosen once, here); every other
module of ``store/`` asks the dialect instead of testing the engine, and no module outside
``store/`` speaks SQL at all.
"""
import functools
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from peewee import Cast, DatabaseProxy, PostgresqlDatabase, SqliteDatabase, fn

# the errors callers catch are re-exported (``as`` themselves): no module outside store/ imports peewee
from peewee import DatabaseError as DatabaseError
from peewee import IntegrityError as IntegrityError
from peewee import InterfaceError as InterfaceError
from peewee import OperationalError as OperationalError

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


def sqlite_file(settings: Settings) -> Path | None:
    """The SQLite file in the data directory, or None when the data lives in PostgreSQL
    (no file to back up, lock or check: ``pg_dump`` and the server's own tools do that)."""
    return None if settings.database_url else settings.data_path / SQLITE_FILE


def where_data_lives(settings: Settings) -> str:
    """The data's location as a sentence names it: the SQLite file, or the setting holding the URL."""
    return "SVIT_DATABASE_URL" if settings.database_url else str(settings.data_path / SQLITE_FILE)


def data_home(settings: Settings) -> str:
    """The data directory, or the setting holding the URL when the data lives in PostgreSQL."""
    return "SVIT_DATABASE_URL" if settings.database_url else str(settings.data_path)


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


class Dialect:
    """What SQLite needs written its own way. Subclassed once, for PostgreSQL; the store's queries
    call these instead of testing the engine."""

    name = "sqlite"
    # Several processes on several hosts claim rows at once only on PostgreSQL: skip rows another claim holds
    skip_locked = ""
    # SQLite keeps its search index in an FTS5 table; PostgreSQL searches the person table itself
    has_fts = True
    # One ``UPDATE ... FROM (VALUES ...)`` per chunk of rows (SQLite's search index triggers want it so)
    updates_from_values = True
    column_types = {"blob": "BLOB", "ts": "TIMESTAMP", "bool": "INTEGER"}
    # the whole database is one file svit copies itself (PostgreSQL: pg_dump)
    one_file = True
    # one writer at a time per database: this process's writers take turns (``write_transaction``)
    single_writer = True

    def index_hint(self, index: str) -> str:
        """``INDEXED BY`` where the planner needs telling (SQLite); PostgreSQL chooses itself."""
        return f" INDEXED BY {index}"

    def position(self) -> str:
        """The function that finds a substring's position (``instr``/``strpos``)."""
        return "instr"

    def blob_as_text(self, column):
        """A bytes column as text, for substring search (a peewee expression)."""
        return Cast(column, "TEXT")

    def stored_time(self, moment):
        """A timestamp as the driver stores it, converted once for a multi-row statement."""
        return moment.isoformat(" ")

    def commit_without_fsync(self, db) -> None:
        """This connection's commits skip their own fsync (SQLite WAL ``synchronous=NORMAL``)."""
        db.execute_sql("PRAGMA synchronous = NORMAL")

    def checkpoint(self, db) -> bool:
        """Copy the WAL into the database file and truncate it; False while other readers hold it."""
        busy, _log, _done = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    @contextmanager
    def overwriting_freed_bytes(self, db):
        """Deleted rows overwritten with zeros instead of lingering in free space, for this connection."""
        previous = db.execute_sql("PRAGMA secure_delete").fetchone()[0]
        db.execute_sql("PRAGMA secure_delete = 1")
        try:
            yield
        finally:
            db.execute_sql(f"PRAGMA secure_delete = {int(previous)}")

    def migration_lock(self, db) -> None:
        """Serialise migrations across processes (SQLite's write lock already does)."""


class PostgresDialect(Dialect):
    name = "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    has_fts = False
    updates_from_values = False
    column_types = {"blob": "BYTEA", "ts": "TIMESTAMP", "bool": "BOOLEAN"}
    one_file = False
    single_writer = False

    def index_hint(self, index: str) -> str:
        return ""

    def position(self) -> str:
        return "strpos"

    def blob_as_text(self, column):
        return fn.encode(column, "escape")  # bytea escaped: ASCII kept as it is

    def stored_time(self, moment):
        return moment

    def commit_without_fsync(self, db) -> None:
        pass

    def checkpoint(self, db) -> bool:
        return True  # no WAL file of ours to empty

    @contextmanager
    def overwriting_freed_bytes(self, db):
        yield

    def migration_lock(self, db) -> None:
        db.execute_sql("SELECT pg_advisory_xact_lock(727274)")


_SQLITE, _POSTGRES = Dialect(), PostgresDialect()


def dialect(db=None) -> Dialect:
    """The dialect of ``db`` (default: the open database)."""
    return _POSTGRES if isinstance(db or database.obj, PostgresqlDatabase) else _SQLITE


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
    if not dialect(db).single_writer:
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


@contextmanager
def savepoint(db=None):
    """All or nothing inside the open transaction: a failure undoes only what ran within."""
    with (db or database.obj).atomic():
        yield


# Rows per multi-row statement: 500 rows of up to 16 columns stay well under both engines' limit
# on bound parameters (SQLite 32,766, PostgreSQL 65,535).
ROWS_PER_STATEMENT = 500


def chunks(rows: list, size: int = ROWS_PER_STATEMENT):
    """``rows`` in slices of ``size``, for one multi-row statement each."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def placeholders(count: int) -> str:
    """``count`` bound-parameter marks of the open database, comma-separated (for ``IN (...)``)."""
    return ", ".join([database.obj.param] * count)


# The hot path of ingestion and the contact form: queries are written out once per database
# parameter style, because building them with peewee's query builder cost ~0.2 ms each.
@functools.lru_cache(maxsize=32)
def _in_style(template: str, param: str) -> str:
    return template.replace("?", param)


def execute(template: str, params: tuple):
    """Run ``template``, written with ``?`` marks, in the open database's parameter style (the
    rewrite is cached per statement); returns the cursor."""
    return database.execute_sql(_in_style(template, database.param), params)


def insert_rows(table: str, columns: tuple, rows: list[tuple]) -> None:
    """``rows`` into ``table`` with one ``INSERT ... VALUES (...), (...)`` per ``ROWS_PER_STATEMENT``."""
    row_marks = f"({placeholders(len(columns))})"
    for chunk in chunks(rows):
        database.obj.execute_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row_marks] * len(chunk))}",
                                 [value for row in chunk for value in row])

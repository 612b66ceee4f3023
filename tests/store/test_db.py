"""The database object built from settings: SQLite's pragmas and locking on a real file, the
PostgreSQL URL, and the write turn this process's writers take."""
import sqlite3
import threading
import time

import pytest
from peewee import PostgresqlDatabase, SqliteDatabase

from svit_appliance.settings import Settings
from svit_appliance.store.db import (
    SQLITE_FILE,
    build_database,
    data_home,
    dialect,
    sqlite_file,
    sqlite_pragmas,
    where_data_lives,
    write_transaction,
    writers_waiting,
)


@pytest.fixture
def sqlite_db(tmp_path):
    db = build_database(Settings.load({"SVIT_SQLITE_BUSY_TIMEOUT_MS": "1234"}, data_dir=str(tmp_path)))
    db.connect()
    db.execute_sql("CREATE TABLE t (n INTEGER)")
    yield db
    db.close()


def test_it_asks_sqlite_for_wal_full_sync_a_busy_timeout_and_foreign_keys():
    assert sqlite_pragmas(1234) == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 1234,
                                    "foreign_keys": 1, "cache_size": -16_000}


def test_it_opens_svit_db_in_the_data_dir_with_those_pragmas_on_every_connection(sqlite_db, tmp_path):
    assert isinstance(sqlite_db, SqliteDatabase) and dialect(sqlite_db).name == "sqlite"
    assert sqlite_db.database == str(tmp_path / SQLITE_FILE) and SQLITE_FILE == "svit.db"
    seen = {}

    def read_pragmas():  # peewee connections are per thread: a new thread opens a new one
        seen.update({name: sqlite_db.execute_sql(f"PRAGMA {name}").fetchone()[0]
                     for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys", "cache_size")})
        sqlite_db.close()

    thread = threading.Thread(target=read_pragmas)
    thread.start()
    thread.join()
    assert seen == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 1234, "foreign_keys": 1,
                    "cache_size": -16_000}
    assert sqlite_db.connect_params == {"check_same_thread": False}
    assert sqlite_db._timeout == pytest.approx(1.234)


def test_it_takes_the_write_lock_when_a_transaction_begins(sqlite_db, tmp_path):
    other = sqlite3.connect(tmp_path / SQLITE_FILE, timeout=0, isolation_level=None)
    try:
        with sqlite_db.atomic():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # held from BEGIN on, before any write
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_it_reads_a_postgresql_url():
    db = build_database(Settings.load({}, database_url="postgresql://svit:secret@db.internal:5433/crm"))
    assert isinstance(db, PostgresqlDatabase) and dialect(db).name == "postgresql"
    assert (db.database, db.connect_params) == ("crm", {"user": "svit", "password": "secret", "host": "db.internal",
                                                        "port": 5433})
    assert build_database(Settings.load({}, database_url="postgresql://db.internal/XCRM")).database == "XCRM"
    bare = build_database(Settings.load({}, database_url="postgres://db.internal"))
    assert (bare.database, bare.connect_params) == ("postgres", {"user": None, "password": None,
                                                                 "host": "db.internal", "port": 5432})


def test_it_says_where_the_data_lives_without_naming_a_url():
    sqlite = Settings.load({}, data_dir="/srv/svit")
    postgres = Settings.load({}, data_dir="/srv/svit", database_url="postgresql://svit:secret@db.internal/crm")
    assert (sqlite_file(sqlite), where_data_lives(sqlite), data_home(sqlite)) == (
        sqlite.data_path / SQLITE_FILE, str(sqlite.data_path / SQLITE_FILE), str(sqlite.data_path))
    assert (sqlite_file(postgres), where_data_lives(postgres), data_home(postgres)) == (
        None, "SVIT_DATABASE_URL", "SVIT_DATABASE_URL")


def test_it_refuses_another_database_url_scheme():
    with pytest.raises(ValueError, match=r"^Unsupported database URL scheme 'mysql': use postgresql://$"):
        build_database(Settings.load({}, database_url="mysql://db.internal/crm"))


def test_a_write_transaction_commits_or_rolls_back_as_a_whole(sqlite_db):
    with write_transaction(sqlite_db):
        sqlite_db.execute_sql("INSERT INTO t VALUES (1)")
    with pytest.raises(RuntimeError):
        with write_transaction(sqlite_db):
            sqlite_db.execute_sql("INSERT INTO t VALUES (2)")
            raise RuntimeError("half way")
    assert sqlite_db.execute_sql("SELECT n FROM t").fetchall() == [(1,)]


def test_this_processes_writers_take_turns_and_are_counted_while_they_wait(sqlite_db):
    holding, release, order = threading.Event(), threading.Event(), []

    def first():
        with write_transaction(sqlite_db):
            holding.set()
            release.wait(10)
            order.append("first")
        sqlite_db.close()

    def second():
        with write_transaction(sqlite_db):
            order.append("second")
        sqlite_db.close()

    assert writers_waiting() == 0
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    holding.wait(10)
    threads[1].start()
    deadline = time.monotonic() + 10
    while writers_waiting() != 1 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert writers_waiting() == 1
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first", "second"] and writers_waiting() == 0

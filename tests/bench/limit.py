"""The worker's limit (issue 17): what SQLite and the validators allow for the same person rows.

(a) a bare multi-row insert of the rows into a copy of svit's schema (the same tables and indexes,
made by the real migrations), its search index filled by one batch statement per transaction
instead of the per-row trigger; (b) email-validator and phonenumbers on the same values, called
directly. limit = 1 / (seconds per row of a + seconds per row of b). Measured in the benchmark's
own run, so a loaded machine slows the limit and the worker alike.
"""
import json
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import email_validator
import phonenumbers

from svit_appliance.core.ids import new_id
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.db import database, sqlite_pragmas
from svit_appliance.store.persons import PERSON_COLUMNS


@dataclass(frozen=True)
class Limit:
    insert_seconds: float  # per row, (a)
    validate_seconds: float  # per row, (b)
    rows_per_transaction: int

    @property
    def rows_per_second(self) -> float:
        return 1 / (self.insert_seconds + self.validate_seconds)

    def describe(self) -> str:
        return (f"limit {self.rows_per_second:,.0f} persons/s (insert {self.insert_seconds * 1e6:.0f} us + "
                f"validators {self.validate_seconds * 1e6:.0f} us per person, {self.rows_per_transaction} per commit)")


def measure_limit(records: list[dict], region: str, rows_per_transaction: int) -> Limit:
    """``records``: dicts with name, email, phone and the other fields as attributes."""
    return Limit(_insert_seconds(records, rows_per_transaction), _validate_seconds(records, region),
                 rows_per_transaction)


def _validate_seconds(records: list[dict], region: str) -> float:
    started = time.perf_counter()
    for record in records:
        email_validator.validate_email(record["email"].lower(), check_deliverability=False)
        number = phonenumbers.parse(record["phone"], region)
        phonenumbers.is_valid_number(number)
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return (time.perf_counter() - started) / len(records)


def _schema_copy(data_dir: Path) -> sqlite3.Connection:
    settings = Settings.load({}, data_dir=str(data_dir))
    open_database(settings)
    database.close()
    connection = sqlite3.connect(data_dir / "svit.db", isolation_level=None)
    for name, value in sqlite_pragmas(settings.sqlite_busy_timeout_ms).items():
        connection.execute(f"PRAGMA {name} = {value}")
    connection.execute("DROP TRIGGER person_fts_insert")  # the index is filled in one batch instead
    connection.execute("INSERT INTO project (id, name, default_region, created_at) VALUES ('prj_limit', 'Limit', "
                       "'US', '2026-01-01 00:00:00')")
    return connection


def _person_row(record: dict) -> tuple:
    attributes = {k: v for k, v in record.items() if k not in ("name", "email", "phone")}
    now = "2026-01-01 00:00:00.000000"
    return (new_id("per"), "prj_limit", record["name"], None, None, record["email"].lower(), record["email"],
            record["phone"], record["phone"], None, json.dumps(attributes), "integration:int_limit",
            "integration:int_limit", now, now)


def _insert_seconds(records: list[dict], rows_per_transaction: int) -> float:
    rows = [_person_row(record) for record in records]
    marks = "(" + ", ".join("?" * len(PERSON_COLUMNS)) + ")"
    with tempfile.TemporaryDirectory() as tmp:
        connection = _schema_copy(Path(tmp))
        try:
            started = time.perf_counter()
            for start in range(0, len(rows), rows_per_transaction):
                chunk = rows[start:start + rows_per_transaction]
                connection.execute("BEGIN IMMEDIATE")
                first = connection.execute("SELECT coalesce(max(rowid), 0) FROM person").fetchone()[0]
                connection.execute(f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}) VALUES "
                                   + ", ".join([marks] * len(chunk)), [value for row in chunk for value in row])
                connection.execute("INSERT INTO person_fts (rowid, name, email, phone) "
                                   "SELECT rowid, name, email, phone FROM person WHERE rowid > ?", (first,))
                connection.execute("COMMIT")
            return (time.perf_counter() - started) / len(rows)
        finally:
            connection.close()

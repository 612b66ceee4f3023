"""Migrations that change existing data, on SQLite and PostgreSQL."""
import json

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store.db import build_database
from svit_appliance.store.migrations import MIGRATIONS, migrate

BEFORE_ERASURE = [name for name, _ in MIGRATIONS].index("person_erasure")


def sqlite_db(tmp_path):
    return build_database(Settings.load({}, data_dir=str(tmp_path)))


@pytest.fixture
def postgres_db(postgres_url):
    """Not migrated: the test migrates it step by step."""
    db = build_database(Settings.load({}, database_url=postgres_url))
    yield db
    db.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_it_drops_searched_strings_from_export_audit_entries(engine, tmp_path, request):
    db = sqlite_db(tmp_path) if engine == "sqlite" else request.getfixturevalue("postgres_db")
    migrate(db, MIGRATIONS[:BEFORE_ERASURE])
    insert = f"INSERT INTO audit_entry (id, actor, action, target, details, created_at) VALUES ({', '.join([db.param] * 6)})"
    for entry_id, details in (("aud_1", {"q": "ada@example.com", "source": None, "format": "csv"}),
                              ("aud_2", {"q": "", "source": "int_1", "format": "jsonl"})):
        db.execute_sql(insert, (entry_id, "admin:a@example.com", "person.export", "prj_1", json.dumps(details),
                                "2026-11-01 00:00:00"))
    assert migrate(db, MIGRATIONS[:BEFORE_ERASURE + 1]) == ["person_erasure"]
    rows = dict(db.execute_sql("SELECT id, details FROM audit_entry ORDER BY id").fetchall())
    assert {k: json.loads(v) for k, v in rows.items()} == {
        "aud_1": {"searched": True, "source": None, "format": "csv"},
        "aud_2": {"searched": False, "source": "int_1", "format": "jsonl"}}
    db.execute_sql("SELECT body_erased_at FROM ingestion_job")

"""Upgrades: pending migrations run at start, after an online backup of a database that had a schema."""
import os
import re
import sqlite3
import stat

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store.db import build_database
from svit_appliance.store.migrations import MIGRATIONS, migrate
from svit_appliance.store.upgrade import backup_sqlite, upgrade_schema
from tests.conftest import run_cli


def settings_for(data_dir) -> Settings:
    return Settings.load({}, data_dir=str(data_dir))


def old_database(data_dir, versions: int) -> None:
    """A data dir as an older svit left it: the first ``versions`` migrations and one project."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = build_database(settings_for(data_dir))
    migrate(db, MIGRATIONS[:versions])
    if versions:
        db.execute_sql("INSERT INTO project (id, name, default_region, created_at) "
                       "VALUES ('prj_old', 'Old', 'GB', '2026-01-01 00:00:00')")
    db.close()


def schema_versions(path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT version FROM svit_schema_migrations ORDER BY version")]


def backups(data_dir) -> list:
    folder = data_dir / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("case, versions_before, expect_backup", [
    ("a fresh data dir has nothing to save", None, False),
    ("an empty database file has no schema yet", 0, False),
    ("an up-to-date schema needs no migration", len(MIGRATIONS), False),
    ("an older schema is saved before migrating", 1, True),
])
def test_it_backs_up_only_an_existing_schema_with_pending_migrations(tmp_path, case, versions_before, expect_backup):
    data_dir = tmp_path / "data"
    if versions_before is not None:
        old_database(data_dir, versions_before)
    data_dir.mkdir(exist_ok=True)
    db = build_database(settings_for(data_dir))
    result = upgrade_schema(db, data_dir)
    db.close()
    assert schema_versions(data_dir / "svit.db") == list(range(1, len(MIGRATIONS) + 1)), case
    assert backups(data_dir) == ([result.backup] if expect_backup else []), case


def test_it_keeps_the_old_schema_and_data_in_a_consistent_single_file_backup(tmp_path):
    data_dir = tmp_path / "data"
    old_database(data_dir, 1)
    db = build_database(settings_for(data_dir))
    result = upgrade_schema(db, data_dir)
    db.close()
    assert result.applied == [name for name, _ in MIGRATIONS[1:]]
    assert re.fullmatch(r"svit-\d{8}T\d{6}Z-v1\.db", result.backup.name)
    assert backups(data_dir) == [result.backup]  # no -wal, -shm or .partial beside it
    with sqlite3.connect(result.backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT id, name FROM project").fetchall() == [("prj_old", "Old")]
    assert schema_versions(result.backup) == [1]


def test_it_never_overwrites_an_earlier_backup(tmp_path):
    data_dir = tmp_path / "data"
    old_database(data_dir, 1)
    db = build_database(settings_for(data_dir))
    made = [backup_sqlite(db, data_dir / "backups", 1) for _ in range(3)]
    db.close()
    assert len(set(made)) == 3 and backups(data_dir) == sorted(made)


def test_it_backs_up_when_the_cli_opens_an_older_database(tmp_path):
    data_dir = tmp_path / "data"
    old_database(data_dir, 1)
    output = run_cli(data_dir, "migrate")
    assert "backup of the previous version" in output
    [backup] = backups(data_dir)
    assert str(backup) in output
    assert run_cli(data_dir, "project", "list", "--json")[0]["id"] == "prj_old"
    assert backups(data_dir) == [backup]


def test_it_keeps_backups_as_private_as_the_database(tmp_path):
    data_dir = tmp_path / "data"
    old_database(data_dir, 1)
    db = build_database(settings_for(data_dir))
    previous = os.umask(0o022)  # the backup holds the same personal data: its mode must not depend on the umask
    try:
        backup = backup_sqlite(db, data_dir / "backups", 1)
    finally:
        os.umask(previous)
        db.close()
    assert (stat.S_IMODE(backup.parent.stat().st_mode), stat.S_IMODE(backup.stat().st_mode)) == (0o700, 0o600)

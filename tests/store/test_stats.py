"""The figures /metrics and svit doctor read, and the doctor's questions, on SQLite."""
from datetime import datetime, timedelta

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store import health, stats
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.db import SQLITE_FILE, build_database, database
from svit_appliance.store.models import IngestionJob, Integration, Project

EARLY, LATE = datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 2, 3, 4, 5, 6)


@pytest.fixture
def data_path(tmp_path):
    open_database(Settings.load({}, data_dir=str(tmp_path)))
    Project.create(id="prj_1", name="Acme", default_region="GB")
    Integration.create(id="int_1", project="prj_1", name="hook", type="WEBHOOK")
    yield tmp_path
    close_database()


def job(job_id: str, status: str, received_at: datetime, next_attempt_at: datetime | None = None) -> None:
    IngestionJob.create(id=job_id, project="prj_1", integration="int_1", body=b"{}", content_type="application/json",
                        status=status, received_at=received_at, next_attempt_at=next_attempt_at)


def test_it_counts_jobs_by_status_and_dates_the_oldest_queued_one(data_path):
    assert stats.job_counts() == {} and stats.oldest_queued_job_received_at() is None
    job("job_1", "queued", LATE)
    job("job_2", "queued", LATE + timedelta(days=1), next_attempt_at=EARLY)
    job("job_3", "failed", EARLY)
    assert stats.job_counts() == {"queued": 2, "failed": 1}
    assert stats.oldest_queued_job_received_at() == LATE
    assert stats.oldest_due_job_at() == EARLY  # its retry time, not its arrival
    assert health.newest_record_time() >= LATE + timedelta(days=1)


def test_it_sizes_the_database_file_and_its_log(data_path):
    database_bytes, wal_bytes = stats.database_file_sizes(data_path)
    assert database_bytes == (data_path / SQLITE_FILE).stat().st_size > 0 and wal_bytes >= 0
    assert stats.wal_file(data_path / SQLITE_FILE).name == "svit.db-wal"


def test_it_answers_the_doctors_questions_without_writing(data_path):
    health.answers()
    assert health.durability() == ("wal", 2)
    assert health.recorded_migrations() and health.quick_check(data_path / SQLITE_FILE) == ["ok"]


def test_it_reads_a_database_without_a_ledger_and_a_file_that_is_no_database(tmp_path):
    empty = build_database(Settings.load({}, data_dir=str(tmp_path)))
    database.initialize(empty)
    try:
        assert health.recorded_migrations() == set() and health.newest_record_time() is None
        assert empty.get_tables() == []
    finally:
        empty.close()
    (tmp_path / "junk.db").write_bytes(b"not a database" * 1000)
    assert health.quick_check(tmp_path / "junk.db")[0].startswith("cannot read the database")

"""Retention's statements on SQLite: due bodies come from their partial index, oldest first."""
from datetime import timedelta

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store import retention
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.db import database
from svit_appliance.store.models import AuditEntry, IngestionJob, Integration, Project, utcnow

NOW = utcnow()


@pytest.fixture
def jobs(tmp_path):
    open_database(Settings.load({}, data_dir=str(tmp_path)))
    Project.create(id="prj_1", name="Acme", default_region="GB")
    Integration.create(id="int_1", project="prj_1", name="hook", type="WEBHOOK")
    for job_id, status, days_ago, redacted in (("job_a", "succeeded", 40, False), ("job_b", "succeeded", 50, False),
                                               ("job_c", "succeeded", 60, True), ("job_d", "failed", 70, False),
                                               ("job_e", "succeeded", 1, False)):
        IngestionJob.create(id=job_id, project="prj_1", integration="int_1", body=b"{}", content_type="application/json",
                            status=status, processed_at=NOW - timedelta(days=days_ago),
                            body_redacted_at=NOW if redacted else None)
    yield
    close_database()


def test_it_finds_due_bodies_oldest_first_through_their_partial_index(jobs):
    assert retention.oldest_unredacted_bodies(NOW - timedelta(days=30), 10) == ["job_b", "job_a"]
    assert retention.oldest_unredacted_bodies(NOW - timedelta(days=30), 1) == ["job_b"]
    plan = " ".join(str(row) for row in database.execute_sql(
        "EXPLAIN QUERY PLAN " + retention._due_bodies_sql(), (NOW, 1)).fetchall())
    assert "ingestion_job_body_retention" in plan


def test_it_empties_only_the_bodies_it_is_given(jobs):
    assert retention.redact_bodies([]) == 0
    assert retention.redact_bodies(["job_a", "job_unknown"]) == 1
    job = IngestionJob.get_by_id("job_a")
    assert bytes(job.body) == b"" and job.body_redacted_at is not None and job.status == "succeeded"
    assert bytes(IngestionJob.get_by_id("job_b").body) == b"{}"


def test_it_deletes_audit_entries_before_a_time_in_slices(jobs):
    for entry_id, days_ago in (("aud_1", 400), ("aud_2", 380), ("aud_3", 1)):
        AuditEntry.create(id=entry_id, actor="cli:test", action="test", created_at=NOW - timedelta(days=days_ago))
    due = retention.audit_entries_before(NOW - timedelta(days=365), 1)
    assert len(due) == 1 and due[0] in ("aud_1", "aud_2")
    assert retention.delete_audit_entries([]) == 0
    assert retention.delete_audit_entries(retention.audit_entries_before(NOW - timedelta(days=365), 10)) == 2
    assert [entry.id for entry in AuditEntry.select().where(AuditEntry.action == "test")] == ["aud_3"]

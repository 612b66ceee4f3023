"""The lease protocol both work queues share, on a real SQLite database: the statements each
queue's claim runs (their text is measured and pinned), the order due rows are taken in, handing
back, expiring and releasing leases."""
import os
import socket
import threading
from datetime import timedelta

import pytest

from svit_appliance.core.ids import new_id
from svit_appliance.settings import Settings
from svit_appliance.store import leases
from svit_appliance.store.connect import open_database
from svit_appliance.store.db import PostgresDialect, database
from svit_appliance.store.deliveries import DELIVERIES
from svit_appliance.store.jobs import JOBS
from svit_appliance.store.models import Delivery, Destination, IngestionJob, Integration, Project, utcnow

NOW = utcnow()


@pytest.fixture
def store(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    project = Project.create(id=new_id("prj"), name="Acme", default_region="GB")
    Integration.create(id="int_1", project=project, name="hook", type="WEBHOOK")
    Destination.create(id="dst_on", project=project, name="on", kind="webhook", config={}, events=[])
    Destination.create(id="dst_off", project=project, name="off", kind="webhook", config={}, events=[], enabled=False)
    yield project
    db.close()


def add_job(project, job_id: str, **fields) -> str:
    IngestionJob.create(id=job_id, project=project, integration="int_1", body=b"{}", content_type="application/json",
                        **{"next_attempt_at": NOW, **fields})
    return job_id


def add_delivery(delivery_id: str, destination: str = "dst_on", **fields) -> str:
    Delivery.create(id=delivery_id, destination=destination, event="person.created", payload={}, **fields)
    return delivery_id


def record_statements(monkeypatch, run=True) -> list[str]:
    """The SQL text of every statement run from now on, in order (``run=False``: none runs, none finds a row)."""
    ran, execute = [], database.obj.execute_sql

    def recording(sql, params=None, *args, **kwargs):
        ran.append(sql)
        return execute(sql, params, *args, **kwargs) if run else _NoRows()

    monkeypatch.setattr(database.obj, "execute_sql", recording)
    return ran


class _NoRows(list):
    def fetchall(self):
        return []


def test_it_claims_jobs_with_the_statements_that_were_measured(store, monkeypatch):
    due = add_job(store, "job_due")
    add_job(store, "job_other")
    add_job(store, "job_later", next_attempt_at=NOW + timedelta(hours=1))
    statements = record_statements(monkeypatch)
    assert JOBS.claim_due([due, "job_later"], "w", 60, NOW) == [due]
    assert JOBS.claim_oldest(5, "w", 60, NOW) == ["job_other"]
    lease = ("UPDATE ingestion_job SET status = 'processing', lease_owner = ?, lease_expires_at = ?, "
             "attempts = attempts + 1 WHERE id IN ({}) RETURNING id")
    assert statements == [
        lease.format("SELECT id FROM ingestion_job WHERE id IN (?, ?) AND ((status = 'queued' AND "
                     "next_attempt_at <= ?) OR (status = 'processing' AND lease_expires_at < ?))"),
        lease.format("SELECT id FROM ingestion_job WHERE status = 'queued' AND next_attempt_at <= ? "
                     "ORDER BY next_attempt_at LIMIT ?"),
    ]


def test_it_walks_the_due_index_for_deliveries_with_the_statements_that_were_measured(store, monkeypatch):
    statements = record_statements(monkeypatch)
    where = " AND destination_id IN (SELECT id FROM destination WHERE enabled = ?)"
    assert DELIVERIES.due_ids(2, NOW, where, (True,)) == []
    assert statements == [
        "SELECT id FROM delivery WHERE status = 'sending' AND lease_expires_at < ? AND destination_id IN "
        "(SELECT id FROM destination WHERE enabled = ?) LIMIT ?",
        "SELECT id FROM delivery WHERE status = 'pending' AND next_attempt_at <= ? AND destination_id IN "
        "(SELECT id FROM destination WHERE enabled = ?) ORDER BY next_attempt_at LIMIT ?",
    ]


def test_its_claims_skip_rows_another_claim_locked_on_postgresql(store, monkeypatch):
    monkeypatch.setattr(leases, "dialect", PostgresDialect)
    statements = record_statements(monkeypatch, run=False)
    JOBS.claim_due(["job_1"], "w", 60, NOW)
    JOBS.claim_oldest(1, "w", 60, NOW)
    DELIVERIES.due_ids(1, NOW)
    DELIVERIES.due_ids(1, NOW, lock=False)
    skipping = [" FOR UPDATE SKIP LOCKED)" in sql or sql.endswith(" FOR UPDATE SKIP LOCKED") for sql in statements]
    assert skipping == [True, True, True, True, False, False]


def test_it_takes_expired_leases_first_then_waiting_rows_in_the_order_they_fell_due(store):
    add_delivery("msg_late", next_attempt_at=NOW - timedelta(minutes=1))
    add_delivery("msg_early", next_attempt_at=NOW - timedelta(minutes=5))
    add_delivery("msg_expired", status="sending", lease_owner="gone", lease_expires_at=NOW - timedelta(seconds=1))
    add_delivery("msg_held", status="sending", lease_owner="busy", lease_expires_at=NOW + timedelta(minutes=1))
    add_delivery("msg_future", next_attempt_at=NOW + timedelta(minutes=1))
    assert DELIVERIES.due_ids(10, NOW) == ["msg_expired", "msg_early", "msg_late"]
    assert DELIVERIES.due_ids(2, NOW) == ["msg_expired", "msg_early"]
    assert DELIVERIES.due_ids(10, NOW, " AND id = ?", ("msg_late",)) == ["msg_late"]


def test_a_claim_leases_counts_an_attempt_and_names_its_owner(store):
    add_delivery("msg_1", next_attempt_at=NOW)
    assert DELIVERIES.claim_chosen(["msg_1"], "worker-a", 30, NOW) == ["msg_1"]
    claimed = Delivery.get_by_id("msg_1")
    assert (claimed.status, claimed.lease_owner, claimed.attempts) == ("sending", "worker-a", 1)
    assert claimed.lease_expires_at == NOW + timedelta(seconds=30)


def test_it_hands_back_only_what_the_owner_holds_without_counting_the_attempt(store):
    for delivery_id in ("msg_mine", "msg_theirs"):
        add_delivery(delivery_id)
    DELIVERIES.claim_chosen(["msg_mine"], "me", 30, NOW)
    DELIVERIES.claim_chosen(["msg_theirs"], "them", 30, NOW)
    later = NOW + timedelta(seconds=5)
    assert DELIVERIES.release(["msg_mine", "msg_theirs"], "me", later) == ["msg_mine"]
    mine, theirs = Delivery.get_by_id("msg_mine"), Delivery.get_by_id("msg_theirs")
    assert (mine.status, mine.attempts, mine.lease_owner, mine.next_attempt_at) == ("pending", 0, None, later)
    assert (theirs.status, theirs.lease_owner) == ("sending", "them")
    assert DELIVERIES.release([], "me", later) == []


def test_it_expires_run_out_leases_and_releases_every_lease_when_asked(store):
    add_job(store, "job_expired", status="processing", lease_owner="gone", lease_expires_at=NOW - timedelta(seconds=1))
    add_job(store, "job_held", status="processing", lease_owner="busy", lease_expires_at=NOW + timedelta(minutes=1))
    assert JOBS.expire(NOW) == ["job_expired"]
    expired = IngestionJob.get_by_id("job_expired")
    assert (expired.status, expired.lease_owner, expired.lease_expires_at, expired.next_attempt_at) == (
        "queued", None, None, NOW)
    assert JOBS.release_all(NOW) == 1
    held = IngestionJob.get_by_id("job_held")
    assert (held.status, held.lease_owner, held.lease_expires_at) == ("queued", None, None)


def test_a_lease_owner_is_named_by_host_process_and_thread():
    assert leases.worker_name() == f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

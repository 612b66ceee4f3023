"""Claiming, running, retrying and sweeping jobs on a real SQLite database (no server)."""
import sqlite3
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.ids import new_id
from svit_appliance.operations.integrations import configure_integration, create_integration
from svit_appliance.operations.projects import create_project
from svit_appliance.pipeline import jobs as jobs_module
from svit_appliance.pipeline.jobs import (
    JobPolicy,
    PermanentFailure,
    claim_jobs,
    process_jobs,
    release_jobs,
    retry_jobs,
    sweep,
)
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.db import database
from svit_appliance.store.models import IngestionJob, Integration, Person, PersonEvent, utcnow
from tests.pipeline.helpers import add_job
from tests.processors.provider_bodies import payload_error

POLICY = JobPolicy(max_attempts=3, lease_seconds=60, backoff_seconds=0.001)


@pytest.fixture
def data(tmp_path):
    settings = Settings.load({}, data_dir=str(tmp_path))
    db = open_database(settings)
    project = create_project(Actor.cli(), "Acme", "GB")
    integrations = {t: create_integration(Actor.cli(), project.id, t, t.lower()) for t in ("WEBHOOK", "TYPEFORM")}
    yield tmp_path, project, integrations
    db.close()


def job(job_id) -> IngestionJob:
    return IngestionJob.get_by_id(job_id)


def test_it_claims_due_jobs_once_with_a_lease(data):
    _, _, integrations = data
    due = add_job(integrations["WEBHOOK"], {"email": "a@example.com"})
    later = add_job(integrations["WEBHOOK"], {"email": "b@example.com"})
    IngestionJob.update(next_attempt_at=utcnow() + timedelta(hours=1)).where(IngestionJob.id == later).execute()
    assert claim_jobs([due, later, "job_unknown"], "worker-a", 60) == [due]
    assert claim_jobs([due], "worker-b", 60) == []
    claimed = job(due)
    assert (claimed.status, claimed.lease_owner, claimed.attempts) == ("processing", "worker-a", 1)
    assert claimed.lease_expires_at > utcnow() + timedelta(seconds=50)


def test_it_lets_another_worker_claim_a_job_whose_lease_expired(data):
    _, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "a@example.com"})
    claim_jobs([job_id], "worker-a", 60)
    IngestionJob.update(lease_expires_at=utcnow() - timedelta(seconds=1)).where(IngestionJob.id == job_id).execute()
    assert claim_jobs([job_id], "worker-b", 60) == [job_id]
    assert (job(job_id).lease_owner, job(job_id).attempts) == ("worker-b", 2)


def test_it_completes_a_job_with_its_persons_and_their_timeline(data):
    _, project, integrations = data
    job_id = add_job(integrations["WEBHOOK"], [{"name": "Ada", "email": "ada@example.com", "plan": "pro"},
                                               {"name": "Bob", "phone": "020 7946 0958"}])
    outcome = process_jobs([job_id], "worker-a", POLICY)
    done = job(job_id)
    assert outcome.succeeded == [job_id]
    assert (done.status, done.attempts, done.last_error, done.lease_owner) == ("succeeded", 1, None, None)
    assert done.processed_at is not None
    persons = [Person.get_by_id(pid) for pid in done.person_ids]
    assert [(p.name, p.email, p.phone) for p in persons] == [("Ada", "ada@example.com", None),
                                                             ("Bob", None, "+442079460958")]
    assert persons[0].attributes == {"plan": "pro"}
    events = PersonEvent.select().where(PersonEvent.job_id == job_id)
    assert sorted(e.source_id for e in events) == [f"{job_id}#0", f"{job_id}#1"]


def test_it_leaves_the_same_persons_and_events_when_a_job_runs_twice(data):
    _, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], [{"email": "ada@example.com", "company": "Engines"},
                                               {"email": "bob@example.com"}])
    process_jobs([job_id], "worker-a", POLICY)
    snapshot = (job(job_id).person_ids, Person.select().count(), PersonEvent.select().count())
    # at-least-once delivery: the job comes round again (its completion was never seen)
    IngestionJob.update(status="queued").where(IngestionJob.id == job_id).execute()
    assert process_jobs([job_id], "worker-b", POLICY).succeeded == [job_id]
    assert (job(job_id).person_ids, Person.select().count(), PersonEvent.select().count()) == snapshot


def test_it_fails_a_body_its_type_cannot_read_at_once_with_the_reason(data):
    _, _, integrations = data
    job_id = add_job(integrations["TYPEFORM"], {"name": "not a typeform body"})
    outcome = process_jobs([job_id], "worker-a", POLICY)
    failed = job(job_id)
    assert outcome.failed == [job_id]
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error == payload_error("TYPEFORM", {"name": "not a typeform body"})
    assert Person.select().count() == 0


def test_it_succeeds_without_persons_for_a_notification_that_names_no_one(data, caplog):
    _, project, _ = data
    facebook = create_integration(Actor.cli(), project.id, "FACEBOOK_LEAD_ADS", "leads")
    notification = {"object": "page", "entry": [{"id": "1", "time": 1, "changes": [
        {"field": "leadgen", "value": {"leadgen_id": "444", "form_id": "555", "page_id": "1"}}]}]}
    job_id = add_job(facebook, notification)
    with caplog.at_level("INFO", logger="svit.jobs"):
        outcome = process_jobs([job_id], "worker-a", POLICY)
    done = job(job_id)
    assert outcome.succeeded == [job_id]
    assert (done.status, done.attempts, done.last_error, done.person_ids) == ("succeeded", 1, None, [])
    assert "fetch lead 444 from the Graph API" in done.warning and "444" in caplog.text
    assert Person.select().count() == 0


def test_it_fails_a_job_whose_body_was_erased_saying_so(data):
    _, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})
    IngestionJob.update(body=b"", body_erased_at=utcnow()).where(IngestionJob.id == job_id).execute()
    assert process_jobs([job_id], "worker-a", POLICY).failed == [job_id]
    assert job(job_id).last_error == "The body was erased with a person it carried (svit persons erase)"


def refuse_person_inserts(db_path) -> None:
    """A real storage failure on the person table (like a full disk for that write)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TRIGGER refuse_person BEFORE INSERT ON person "
                           "BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END")


def test_it_retries_unexpected_errors_with_backoff_then_fails_and_can_be_retried(data):
    tmp_path, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})
    refuse_person_inserts(tmp_path / "svit.db")
    outcome = process_jobs([job_id], "worker-a", POLICY)
    retrying = job(job_id)
    assert list(outcome.retries) == [job_id]
    assert (retrying.status, retrying.attempts, retrying.lease_owner) == ("queued", 1, None)
    assert retrying.last_error == "Internal error (IntegrityError) while processing; see the server log"
    assert retrying.next_attempt_at == outcome.retries[job_id]
    for _ in (2, 3):
        time.sleep(0.01)  # past the (tiny) backoff of this policy
        process_jobs([job_id], "worker-a", POLICY)
    failed = job(job_id)
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.last_error.endswith("(gave up after 3 attempts)")
    assert Person.select().count() == 0 and PersonEvent.select().count() == 0

    with sqlite3.connect(tmp_path / "svit.db") as connection:
        connection.execute("DROP TRIGGER refuse_person")
    assert retry_jobs([job_id]) == [job_id]
    assert (job(job_id).status, job(job_id).attempts) == ("queued", 0)
    assert process_jobs([job_id], "worker-a", POLICY).succeeded == [job_id]
    assert job(job_id).last_error is None


@pytest.mark.parametrize("attempts, low, high", [(1, 1.0, 3.0), (2, 2.0, 6.0), (3, 4.0, 12.0), (6, 32.0, 96.0)])
def test_it_backs_off_exponentially_with_jitter(attempts, low, high):
    policy = JobPolicy(backoff_seconds=2.0)
    delays = [policy.retry_delay(attempts) for _ in range(200)]
    assert all(low <= d <= high for d in delays)
    assert len(set(delays)) > 1


def test_it_sweeps_expired_leases_and_lost_doorbells(data):
    _, _, integrations = data
    webhook = integrations["WEBHOOK"]
    past = utcnow() - timedelta(seconds=30)
    expired = add_job(webhook, {"n": 1}, status="processing", attempts=1, lease_owner="dead", lease_expires_at=past)
    exhausted = add_job(webhook, {"n": 2}, status="processing", attempts=3, lease_owner="dead", lease_expires_at=past)
    leased = add_job(webhook, {"n": 3}, status="processing", attempts=1, lease_owner="alive",
                     lease_expires_at=utcnow() + timedelta(seconds=60))
    lost = add_job(webhook, {"n": 4})
    IngestionJob.update(next_attempt_at=past).where(IngestionJob.id == lost).execute()
    fresh = add_job(webhook, {"n": 5})
    rung = sweep(POLICY, grace_seconds=5)
    assert sorted(rung) == sorted([expired, lost])
    assert (job(expired).status, job(expired).lease_owner) == ("queued", None)
    assert job(exhausted).status == "failed" and "3 times" in job(exhausted).last_error
    assert job(leased).status == "processing"
    assert fresh not in rung and fresh in sweep(POLICY, grace_seconds=0)


def test_it_never_creates_two_persons_for_concurrent_jobs_about_the_same_person(data):
    tmp_path, _, integrations = data
    configure_integration(Actor.cli(), integrations["WEBHOOK"].id, mapping={})
    job_ids = [add_job(integrations["WEBHOOK"], {"email": "Same@Example.com", "phone": "020 7946 0958", "n": n})
               for n in range(24)]
    errors = []

    def work(ids):
        try:
            process_jobs(ids, f"worker-{threading.get_ident()}", POLICY)
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(job_ids[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {j.status for j in IngestionJob.select()} == {"succeeded"}
    assert Person.select().count() == 1
    assert {pid for j in IngestionJob.select() for pid in j.person_ids} == {Person.get().id}


def test_it_hands_unstarted_jobs_back_when_stopping(data):
    _, _, integrations = data
    job_ids = [add_job(integrations["WEBHOOK"], {"email": f"p{n}@example.com"}) for n in range(3)]
    outcome = process_jobs(job_ids, "worker-a", POLICY, stopping=lambda: True)
    assert sorted(outcome.released) == sorted(job_ids) and outcome.succeeded == []
    assert {(j.status, j.attempts, j.lease_owner) for j in IngestionJob.select()} == {("queued", 0, None)}
    assert sorted(process_jobs(job_ids, "worker-b", POLICY).succeeded) == sorted(job_ids)


def test_it_sweeps_every_due_job_however_many_pages_they_fill(data, monkeypatch):
    _, _, integrations = data
    monkeypatch.setattr("svit_appliance.store.jobs.SWEEP_PAGE", 3)
    job_ids = [add_job(integrations["WEBHOOK"], {"n": n}) for n in range(10)]
    assert sweep(POLICY, grace_seconds=0) == sorted(job_ids)


def test_it_tops_a_claim_up_with_the_oldest_other_due_jobs(data):
    _, _, integrations = data
    oldest, older, newest = (add_job(integrations["WEBHOOK"], {"n": n}) for n in range(3))
    later = add_job(integrations["WEBHOOK"], {"n": 3})
    IngestionJob.update(next_attempt_at=utcnow() + timedelta(hours=1)).where(IngestionJob.id == later).execute()
    claimed = claim_jobs([newest], "worker-a", 60, top_up_to=3)
    assert claimed[0] == newest and sorted(claimed[1:]) == sorted([oldest, older])
    assert claim_jobs([], "worker-b", 60, top_up_to=10) == []  # the later one is not due yet


# --- what mutation testing found untested (tests/mutation/run.py jobs) ---


def test_it_takes_its_policy_from_the_settings():
    settings = SimpleNamespace(job_max_attempts=7, job_lease_seconds=30, job_backoff_seconds=0.5)
    assert JobPolicy.from_settings(settings) == JobPolicy(max_attempts=7, lease_seconds=30, backoff_seconds=0.5)


def test_it_caps_the_backoff_at_2_to_the_16th(monkeypatch):
    monkeypatch.setattr(jobs_module.random, "uniform", lambda low, high: 1.0)
    assert JobPolicy(backoff_seconds=1.0).retry_delay(30) == 2 ** 16


def test_it_claims_no_other_job_unless_asked_to_top_up(data):
    _, _, integrations = data
    add_job(integrations["WEBHOOK"], {"email": "a@example.com"})
    assert claim_jobs([], "worker-a", 60) == []


def test_it_tops_up_to_the_number_asked_for_in_all(data):
    _, _, integrations = data
    ids = [add_job(integrations["WEBHOOK"], {"n": n}) for n in range(5)]
    assert len(claim_jobs([ids[-1]], "worker-a", 60, top_up_to=3)) == 3


def test_a_doorbell_also_runs_the_other_due_jobs(data):
    _, _, integrations = data
    first, second = (add_job(integrations["WEBHOOK"], {"email": f"p{n}@example.com"}) for n in range(2))
    assert sorted(process_jobs([first], "worker-a", POLICY).succeeded) == sorted([first, second])


def test_it_runs_every_job_of_a_batch_bigger_than_two_chunks(data):
    _, _, integrations = data
    ids = [add_job(integrations["WEBHOOK"], {"email": f"p{n}@example.com"}) for n in range(130)]
    assert sorted(process_jobs(ids, "worker-a", POLICY).succeeded) == sorted(ids)


def test_it_hands_back_only_the_given_jobs_it_holds(data):
    _, _, integrations = data
    mine, kept, theirs = (add_job(integrations["WEBHOOK"], {"n": n}) for n in range(3))
    claim_jobs([mine, kept], "worker-a", 60)
    claim_jobs([theirs], "worker-b", 60)
    assert release_jobs([mine, theirs], "worker-a") == [mine]
    assert (job(mine).status, job(mine).lease_owner, job(mine).lease_expires_at) == ("queued", None, None)
    assert (job(kept).status, job(theirs).status) == ("processing", "processing")


def test_a_failing_job_leaves_the_rest_of_its_batch_alone(data):
    _, project, integrations = data
    bad = new_id("job")
    IngestionJob.create(id=bad, project=project.id, integration=integrations["WEBHOOK"].id, body=b"{not json",
                        content_type="application/json", next_attempt_at=utcnow())
    good = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})
    outcome = process_jobs([bad, good], "worker-a", POLICY)
    assert (outcome.failed, outcome.succeeded) == ([bad], [good])
    assert (job(bad).status, job(bad).last_error) == ("failed", "The stored body is not valid JSON")
    assert job(good).status == "succeeded"


def test_it_fails_a_job_whose_integration_is_gone(data):
    _, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})
    database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        Integration.delete().where(Integration.id == integrations["WEBHOOK"].id).execute()
        process_jobs([job_id], "worker-a", POLICY)
    finally:
        database.execute_sql("PRAGMA foreign_keys = ON")
    assert job(job_id).last_error == f"Integration {integrations['WEBHOOK'].id} no longer exists"


def test_it_fails_a_job_of_an_unsupported_type_at_once(data):
    _, project, _ = data
    other = create_integration(Actor.cli(), project.id, "OTHER", "other")
    job_id = add_job(other, {"email": "ada@example.com"})
    process_jobs([job_id], "worker-a", POLICY)
    assert (job(job_id).status, job(job_id).attempts) == ("failed", 1)
    assert job(job_id).last_error == "Integration type 'OTHER' is not supported"


def test_it_reads_a_body_through_the_integrations_mapping(data):
    _, _, integrations = data
    configure_integration(Actor.cli(), integrations["WEBHOOK"].id, mapping={"name": "customer.full"})
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com", "customer": {"full": "Ada L"}})
    process_jobs([job_id], "worker-a", POLICY)
    assert [(p.name, p.email) for p in Person.select()] == [("Ada L", "ada@example.com")]


def test_it_records_which_job_and_integration_a_person_came_from(data):
    _, _, integrations = data
    webhook = integrations["WEBHOOK"]
    job_id = add_job(webhook, {"email": "ada@example.com"})
    process_jobs([job_id], "worker-a", POLICY)
    person = Person.get()
    assert (person.first_source, person.last_source) == (f"integration:{webhook.id}",) * 2
    assert sorted(e.kind for e in PersonEvent.select()) == ["created", "ingested"]
    event = PersonEvent.get(PersonEvent.kind == "ingested")
    assert (event.source_type, event.job_id) == ("integration", job_id)
    assert (event.data["jobId"], event.data["integrationId"]) == (job_id, webhook.id)


def test_a_permanent_failure_without_words_is_named_by_its_type(data, monkeypatch):
    _, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})

    def unreadable(job):
        raise PermanentFailure()
    monkeypatch.setattr(jobs_module, "_payload", unreadable)
    process_jobs([job_id], "worker-a", POLICY)
    assert job(job_id).last_error == "PermanentFailure"


def test_it_schedules_a_retry_in_the_future_without_a_lease(data):
    tmp_path, _, integrations = data
    job_id = add_job(integrations["WEBHOOK"], {"email": "ada@example.com"})
    refuse_person_inserts(tmp_path / "svit.db")
    outcome = process_jobs([job_id], "worker-a", JobPolicy(max_attempts=3, lease_seconds=60, backoff_seconds=60))
    assert outcome.retries[job_id] > utcnow() + timedelta(seconds=25)
    assert (job(job_id).status, job(job_id).lease_expires_at) == ("queued", None)


def test_the_sweeper_leaves_clean_rows_and_claimable_jobs(data):
    _, _, integrations = data
    webhook = integrations["WEBHOOK"]
    past = utcnow() - timedelta(seconds=30)
    expired = add_job(webhook, {"n": 1}, status="processing", attempts=1, lease_owner="dead", lease_expires_at=past)
    exhausted = add_job(webhook, {"n": 2}, status="processing", attempts=3, lease_owner="dead", lease_expires_at=past)
    sweep(POLICY, grace_seconds=5)
    gave_up = job(exhausted)
    assert (gave_up.lease_owner, gave_up.lease_expires_at) == (None, None) and gave_up.processed_at is not None
    assert job(expired).lease_expires_at is None
    assert claim_jobs([expired], "worker-a", 60) == [expired]


def test_the_sweeper_rings_for_queued_jobs_only(data):
    _, _, integrations = data
    past = utcnow() - timedelta(seconds=30)
    failed = add_job(integrations["WEBHOOK"], {"n": 1}, status="failed")
    IngestionJob.update(next_attempt_at=past).where(IngestionJob.id == failed).execute()
    assert sweep(POLICY, grace_seconds=5) == []


@pytest.mark.parametrize("page", [1, 2])
def test_it_sweeps_every_due_job_with_any_page_size(data, monkeypatch, page):
    _, _, integrations = data
    monkeypatch.setattr("svit_appliance.store.jobs.SWEEP_PAGE", page)
    job_ids = [add_job(integrations["WEBHOOK"], {"n": n}) for n in range(5)]
    assert sweep(POLICY, grace_seconds=0) == sorted(job_ids)


def test_it_retries_only_the_failed_jobs_asked_for(data):
    _, project, integrations = data
    other_project = create_project(Actor.cli(), "Other", "GB")
    other = create_integration(Actor.cli(), other_project.id, "WEBHOOK", "other")
    a, b = (add_job(integrations["WEBHOOK"], {"n": n}, status="failed", processed_at=utcnow()) for n in range(2))
    c = add_job(other, {"n": 3}, status="failed", processed_at=utcnow())
    done = add_job(integrations["WEBHOOK"], {"n": 4}, status="succeeded")
    assert retry_jobs([a]) == [a]
    assert (job(a).status, job(a).processed_at, job(b).status) == ("queued", None, "failed")
    assert retry_jobs(project_id=other_project.id) == [c]
    assert retry_jobs() == [b] and job(done).status == "succeeded"


def test_it_retries_more_failed_jobs_than_one_update_takes(data):
    _, project, integrations = data
    rows = [dict(id=new_id("job"), project=project.id, integration=integrations["WEBHOOK"].id, body=b"{}",
                 content_type="application/json", status="failed") for _ in range(1001)]
    IngestionJob.insert_many(rows).execute()
    assert len(retry_jobs()) == 1001
    assert IngestionJob.select().where(IngestionJob.status == "failed").count() == 0


def test_it_yields_its_write_turn_between_write_groups_when_another_writer_waits(data, monkeypatch):
    _, _, integrations = data
    monkeypatch.setattr(jobs_module, "WRITE_GROUP_PERSONS", 1)  # one job per group
    job_ids = [add_job(integrations["WEBHOOK"], {"email": f"y{n}@example.com"}) for n in range(3)]
    clock, sleeps = [100.0], []

    def monotonic():  # each reading 3 ms later: one group fits in the 4 ms before yielding
        clock[0] += 0.003
        return clock[0]

    monkeypatch.setattr(jobs_module, "time", SimpleNamespace(monotonic=monotonic, sleep=sleeps.append,
                                                             perf_counter=time.perf_counter))
    monkeypatch.setattr(jobs_module, "writers_waiting", lambda: 1)
    assert sorted(process_jobs(job_ids, "worker-a", POLICY).succeeded) == sorted(job_ids)
    assert sleeps == [jobs_module.WRITER_TURN_SECONDS] * 2  # between the three groups, not after the last
    monkeypatch.setattr(jobs_module, "writers_waiting", lambda: 0)
    more = [add_job(integrations["WEBHOOK"], {"email": f"z{n}@example.com"}) for n in range(3)]
    assert sorted(process_jobs(more, "worker-a", POLICY).succeeded) == sorted(more)
    assert len(sleeps) == 2  # nobody waiting: no yielding

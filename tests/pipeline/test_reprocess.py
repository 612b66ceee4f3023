"""Reprocessing stored bodies on a real SQLite database: the current processor's result replaces
the first run's, persons are updated and never duplicated, a run stops and resumes, a dry run
writes nothing."""
import json

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.core.ids import new_id
from svit_appliance.operations.integrations import configure_integration, create_integration
from svit_appliance.operations.jobs import reprocess_jobs
from svit_appliance.operations.projects import create_project
from svit_appliance.pipeline.jobs import JobPolicy, process_jobs
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import AuditEntry, IngestionJob, Person, PersonEvent, utcnow

POLICY = JobPolicy(max_attempts=1, lease_seconds=60, backoff_seconds=0.001)
CLI = Actor.cli()


@pytest.fixture
def webhook(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    project = create_project(CLI, "Acme", "GB")
    yield create_integration(CLI, project.id, "WEBHOOK", "site")
    db.close()


def ingested(integration, payload) -> str:
    """A job accepted and run by the worker as it is now."""
    job_id = new_id("job")
    IngestionJob.create(id=job_id, project=integration.project_id, integration=integration.id,
                        body=json.dumps(payload).encode(), content_type="application/json", next_attempt_at=utcnow())
    process_jobs([job_id], "worker", POLICY)
    return job_id


def job(job_id) -> IngestionJob:
    return IngestionJob.get_by_id(job_id)


def body(nick: str, email: str) -> dict:
    return {"contact": {"mail": email, "nick": nick, "full": nick.upper()}}


def test_it_runs_stored_bodies_through_the_current_mapping_and_updates_what_the_job_wrote(webhook):
    configure_integration(CLI, webhook.id, mapping={"email": "contact.mail", "name": "contact.nick"})
    first = ingested(webhook, body("ada", "ada@example.com"))
    [person_id] = job(first).person_ids
    assert Person.get_by_id(person_id).name == "ada"
    configure_integration(CLI, webhook.id, mapping={"email": "contact.mail", "name": "contact.full"})
    tally = reprocess_jobs(CLI, webhook.id)
    assert (tally.total, tally.jobs, tally.succeeded, tally.persons_new, tally.persons_updated) == (1, 1, 1, 0, 1)
    assert job(first).person_ids == [person_id] and Person.select().count() == 1
    assert Person.get_by_id(person_id).name == "ADA"
    again = reprocess_jobs(CLI, webhook.id)
    assert (again.persons_new, again.persons_updated, Person.select().count()) == (0, 0, 1)
    events = [e.kind for e in PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.id)]
    assert events == ["created", "ingested", "merged"]
    assert AuditEntry.select().where(AuditEntry.action == "integration.reprocess").count() == 2


def test_it_turns_a_failed_job_into_persons_once_the_processor_can_read_it(webhook):
    failed = ingested(webhook, "a bare string")
    assert job(failed).status == "failed"
    IngestionJob.update(body=json.dumps({"email": "fixed@example.com"}).encode()).where(
        IngestionJob.id == failed).execute()  # as if the processor now read what it could not
    tally = reprocess_jobs(CLI, webhook.id, statuses=["failed"])
    assert (tally.succeeded, tally.persons_new) == (1, 1)
    reprocessed = job(failed)
    assert (reprocessed.status, reprocessed.last_error) == ("succeeded", None)
    assert Person.get_by_id(reprocessed.person_ids[0]).email == "fixed@example.com"


def test_it_stops_between_jobs_and_resumes_after_the_last_one_done(webhook):
    ids = [ingested(webhook, {"email": f"p{i}@example.com"}) for i in range(5)]
    configure_integration(CLI, webhook.id, mapping={"email": "email", "company": "email"})
    done = []
    stopped = reprocess_jobs(CLI, webhook.id, stopping=lambda: len(done) >= 2,
                             on_job=lambda tally: done.append(tally.last_job_id))
    assert (stopped.stopped, stopped.jobs, stopped.last_job_id) == (True, 2, ids[1])
    resumed = reprocess_jobs(CLI, webhook.id, after=stopped.last_job_id)
    assert (resumed.stopped, resumed.total, resumed.persons_updated) == (False, 3, 3)
    assert Person.select().where(Person.company.is_null(False)).count() == 5 == Person.select().count()


def test_it_previews_a_reprocessing_without_writing(webhook):
    first = ingested(webhook, body("eve", "eve@example.com"))
    configure_integration(CLI, webhook.id, mapping={"email": "contact.mail", "name": "contact.full"})
    before = (job(first).processed_at, Person.select().count(), AuditEntry.select().count(),
              [p.name for p in Person.select()])
    tally = reprocess_jobs(CLI, webhook.id, dry_run=True)
    assert (tally.jobs, tally.persons_updated) == (1, 1)
    assert (job(first).processed_at, Person.select().count(), AuditEntry.select().count(),
            [p.name for p in Person.select()]) == before


def test_it_refuses_unfinished_statuses(webhook):
    with pytest.raises(Refused, match="status must be succeeded or failed, not queued"):
        reprocess_jobs(CLI, webhook.id, statuses=["queued"])


def test_it_leaves_jobs_whose_body_was_erased_or_redacted_alone(webhook):
    kept_job = ingested(webhook, {"email": "kept@example.com"})
    erased_job = ingested(webhook, {"email": "gone@example.com"})
    redacted_job = ingested(webhook, {"email": "old@example.com"})
    IngestionJob.update(body=b"", body_erased_at=utcnow()).where(IngestionJob.id == erased_job).execute()
    IngestionJob.update(body=b"", body_redacted_at=utcnow()).where(IngestionJob.id == redacted_job).execute()
    tally = reprocess_jobs(CLI, webhook.id)
    assert (tally.total, tally.last_job_id, tally.failed) == (1, kept_job, 0)
    assert job(erased_job).status == job(redacted_job).status == "succeeded"

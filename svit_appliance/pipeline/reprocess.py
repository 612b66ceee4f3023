"""Reprocessing: stored raw bodies run again through the integration's current processor.

After a mapping or processor fix, finished jobs (succeeded or failed) are run again, one
transaction per job, oldest first. Each person of a job is keyed ``job_id#index`` as on the
first run, and a re-run updates the person that key wrote (``core.persons.rewrite_person``), so
running again, or resuming after a stop, never duplicates anyone. A job in the queue or being
processed is left alone (the worker owns it), and so is one whose body was erased with a person
or redacted by retention.
"""
import json
from dataclasses import dataclass, field
from datetime import datetime

from ..core.persons import Source, normalise_person, rewrite_person
from ..destinations import outbox
from ..processors import PayloadError, get_integration_type
from ..store import jobs as job_store
from ..store.db import savepoint, write_transaction
from ..store.models import IngestionJob, Integration
from .dryrun import dry_run
from .jobs import no_person_warning

FINISHED = ("succeeded", "failed")
MAX_ERROR_CHARS = 1000


@dataclass
class ReprocessTally:
    """What a reprocessing run did (or, in a dry run, would do) so far."""

    total: int = 0
    jobs: int = 0
    succeeded: int = 0
    failed: int = 0
    persons_new: int = 0
    persons_updated: int = 0
    last_job_id: str | None = None
    stopped: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    def view(self) -> dict:
        return {"total": self.total, "jobs": self.jobs, "stopped": self.stopped, "succeeded": self.succeeded, "failed": self.failed,
                "personsNew": self.persons_new, "personsUpdated": self.persons_updated,
                "lastJobId": self.last_job_id, "errors": self.errors}


def jobs_to_reprocess(integration_id: str, statuses: tuple[str, ...] = FINISHED, since: datetime | None = None,
                      after: str | None = None) -> list[str]:
    """Ids of the integration's finished jobs in ``statuses``, received since ``since``, after job ``after``."""
    return job_store.finished_job_ids(integration_id, statuses, since, after)


class _Unreadable(Exception):
    pass


def _payload(job: IngestionJob):
    try:
        return json.loads(bytes(job.body))
    except (ValueError, UnicodeDecodeError):
        raise _Unreadable("The stored body is not valid JSON") from None


def _persons(integration: Integration, job: IngestionJob):
    kind = get_integration_type(integration.type)
    if kind is None or not kind.supported:
        raise _Unreadable(f"Integration type '{integration.type}' is not supported")
    return kind.process(_payload(job), integration.config or {})


def _rewrite(job: IngestionJob, integration: Integration, tally: ReprocessTally) -> None:
    region = job_store.default_region(job.project_id)
    source = Source("integration", integration.id)
    person_ids = []
    for index, person in enumerate(_persons(integration, job)):
        result = rewrite_person(job.project_id, normalise_person(person, region), source,
                                {"jobId": job.id, "integrationId": integration.id},
                                source_key=f"{job.id}#{index}", job_id=job.id)
        # in the job's transaction, as on the first run: the person and its deliveries commit together
        outbox.person_written(job.project_id, result, lambda: outbox.integration_source(integration.id))
        person_ids.append(result.person_id)
        tally.persons_new += result.created
        tally.persons_updated += bool(result.changes)
    job_store.record_rerun(job.id, FINISHED, "succeeded", list(dict.fromkeys(person_ids)), None,
                           None if person_ids else no_person_warning(integration))


def reprocess_job(job_id: str, integration: Integration, tally: ReprocessTally) -> None:
    """Run one stored body again and complete its job, in one transaction."""
    with write_transaction():
        job = job_store.find_job_in(job_id, FINISHED)
        if job is None:
            return
        try:
            with savepoint():
                _rewrite(job, integration, tally)
            tally.succeeded += 1
        except (PayloadError, _Unreadable) as error:
            job_store.record_rerun(job.id, FINISHED, "failed", None, str(error)[:MAX_ERROR_CHARS])
            tally.failed += 1
            tally.errors[job.id] = str(error)[:MAX_ERROR_CHARS]
    tally.jobs += 1
    tally.last_job_id = job_id


def preview_job(job_id: str, integration: Integration, tally: ReprocessTally) -> None:
    """The dry run of ``reprocess_job``: what the current processor finds, nothing written."""
    job = job_store.get_job(job_id)
    try:
        result = dry_run(integration, _payload(job))
    except _Unreadable as error:
        result = None
        tally.errors[job.id] = str(error)
    if result is not None and result.warning and result.warning.startswith("the job would fail"):
        tally.errors[job.id] = result.warning
    if job.id in tally.errors:
        tally.failed += 1
    else:
        tally.succeeded += 1
        tally.persons_new += sum(p["decision"] == "new" for p in result.persons)
        tally.persons_updated += sum(p["decision"] == "update" and bool(p["changes"]) for p in result.persons)
    tally.jobs += 1
    tally.last_job_id = job_id

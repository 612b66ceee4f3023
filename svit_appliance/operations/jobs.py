"""Failed jobs queued again with fresh attempts; stored bodies reprocessed."""
from datetime import datetime
from typing import Callable

from ..core.errors import Missing, Refused
from ..pipeline.jobs import retry_jobs
from ..pipeline.reprocess import FINISHED, ReprocessTally, jobs_to_reprocess, preview_job, reprocess_job
from ..processors import get_integration_type
from ..store.jobs import find_job_without_body
from ..store.models import IngestionJob
from .checks import in_project
from .integrations import get_integration
from .op import Op, operation

Doorbell = Callable[[list[str]], None]


def get_job(job_id: str, project_id: str | None = None) -> IngestionJob:
    job = find_job_without_body(job_id)
    if not in_project(job, project_id):
        raise Missing(f"Job {job_id} not found")
    return job


@operation("job.retry")
def retry_job(op: Op, job_id: str, ring: Doorbell | None = None, project_id: str | None = None) -> None:
    job = get_job(job_id, project_id)
    if job.status != "failed":
        raise Refused(f"Job {job_id} is {job.status}, not failed: only failed jobs are retried")
    with op.writing():
        retried = retry_jobs([job.id])
        if retried:
            op.audit(job.id, {"count": 1})
    if retried:
        _ring(ring, retried)


@operation("job.retry_failed")
def retry_failed_jobs(op: Op, ring: Doorbell | None = None, project_id: str | None = None) -> list[str]:
    """Every failed job (of one project, when given) back in the queue; returns their ids."""
    with op.writing():
        ids = retry_jobs(project_id=project_id)
        if ids:
            op.audit(project_id or "all-projects", {"count": len(ids)})
    if ids:
        _ring(ring, ids)
    return ids


def _ring(ring: Doorbell | None, job_ids: list[str]) -> None:
    # rung once the jobs are committed; without a doorbell (no queue at hand) the sweeper finds
    # them within its interval
    if ring is not None:
        ring(job_ids)


def _check_statuses(statuses) -> tuple[str, ...]:
    statuses = tuple(dict.fromkeys(statuses or FINISHED))
    wrong = [s for s in statuses if s not in FINISHED]
    if wrong:
        raise Refused(f"Only finished jobs are reprocessed: status must be succeeded or failed, not {', '.join(wrong)}",
                      "status")
    return statuses


def _summary(tally: ReprocessTally) -> dict:
    return {k: v for k, v in tally.view().items() if k != "errors"}


@operation("integration.reprocess")
def reprocess_jobs(op: Op, integration_id: str, statuses=None, since: datetime | None = None,
                   after: str | None = None, dry_run: bool = False, project_id: str | None = None,
                   on_job: Callable[[ReprocessTally], None] = lambda tally: None,
                   stopping: Callable[[], bool] = lambda: False, tally: ReprocessTally | None = None) -> ReprocessTally:
    """Run the integration's stored bodies (finished jobs, oldest first, after job ``after``) again
    through its current processor; ``stopping()`` ends the run between two jobs, and ``after=``
    the tally's ``last_job_id`` resumes it. A dry run writes nothing and records no audit entry.
    ``tally`` (filled as the run goes) lets another thread follow it.

    Not one transaction: each job commits on its own (a run may be long, and a stop keeps what
    was done). The audit entry is written in the first job's transaction and brought up to date
    in each later one, so every committed job is in it; a stop is added in a transaction of its own.
    """
    integration = get_integration(integration_id, project_id)
    kind = get_integration_type(integration.type)
    if kind is None or not kind.supported:
        raise Refused(f"Integration type '{integration.type}' has no processor: change the type first", "type")
    ids = jobs_to_reprocess(integration.id, _check_statuses(statuses), since, after)
    tally = tally or ReprocessTally()
    tally.total = len(ids)
    entry_id = None
    for job_id in ids:
        if stopping():
            tally.stopped = True
            break
        if dry_run:
            preview_job(job_id, integration, tally)
        else:
            with op.writing():  # reprocess_job's own transaction is a savepoint of this one
                reprocess_job(job_id, integration, tally)
                entry_id = _audit_so_far(op, entry_id, integration.id, tally)
        on_job(tally)
    if tally.stopped and entry_id is not None:
        with op.writing():
            op.update_audit(entry_id, _summary(tally))
    return tally


def _audit_so_far(op: Op, entry_id: str | None, integration_id: str, tally: ReprocessTally) -> str | None:
    if not tally.jobs:  # nothing reprocessed yet: a job no longer finished is skipped, and writes nothing
        return None
    if entry_id is None:
        return op.audit(integration_id, _summary(tally))
    op.update_audit(entry_id, _summary(tally))
    return entry_id

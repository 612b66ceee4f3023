"""Failed jobs queued again with fresh attempts; stored bodies reprocessed."""
from datetime import datetime
from typing import Callable

from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..pipeline.jobs import retry_jobs
from ..pipeline.reprocess import FINISHED, ReprocessTally, jobs_to_reprocess, preview_job, reprocess_job
from ..processors import get_integration_type
from ..store.models import IngestionJob
from .checks import in_project
from .integrations import get_integration

Doorbell = Callable[[list[str]], None]


def get_job(job_id: str, project_id: str | None = None) -> IngestionJob:
    job = IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"]).where(
        IngestionJob.id == job_id).first()
    if not in_project(job, project_id):
        raise Missing(f"Job {job_id} not found")
    return job


def retry_job(actor: Actor, job_id: str, ring: Doorbell | None = None, project_id: str | None = None) -> None:
    job = get_job(job_id, project_id)
    if job.status != "failed":
        raise Refused(f"Job {job_id} is {job.status}, not failed: only failed jobs are retried")
    if retry_jobs([job.id]):
        _ring(ring, [job.id])
        record(actor, "job.retry", job.id, {"count": 1})


def retry_failed_jobs(actor: Actor, ring: Doorbell | None = None, project_id: str | None = None) -> list[str]:
    """Every failed job (of one project, when given) back in the queue; returns their ids."""
    ids = retry_jobs(project_id=project_id)
    if ids:
        _ring(ring, ids)
        record(actor, "job.retry_failed", project_id or "all-projects", {"count": len(ids)})
    return ids


def _ring(ring: Doorbell | None, job_ids: list[str]) -> None:
    # without a doorbell (no queue at hand) the sweeper finds the jobs within its interval
    if ring is not None:
        ring(job_ids)


def _check_statuses(statuses) -> tuple[str, ...]:
    statuses = tuple(dict.fromkeys(statuses or FINISHED))
    wrong = [s for s in statuses if s not in FINISHED]
    if wrong:
        raise Refused(f"Only finished jobs are reprocessed: status must be succeeded or failed, not {', '.join(wrong)}",
                      "status")
    return statuses


def reprocess_jobs(actor: Actor, integration_id: str, statuses=None, since: datetime | None = None,
                   after: str | None = None, dry_run: bool = False, project_id: str | None = None,
                   on_job: Callable[[ReprocessTally], None] = lambda tally: None,
                   stopping: Callable[[], bool] = lambda: False, tally: ReprocessTally | None = None) -> ReprocessTally:
    """Run the integration's stored bodies (finished jobs, oldest first, after job ``after``) again
    through its current processor; ``stopping()`` ends the run between two jobs, and ``after=``
    the tally's ``last_job_id`` resumes it. A dry run writes nothing and records no audit entry.
    ``tally`` (filled as the run goes) lets another thread follow it."""
    integration = get_integration(integration_id, project_id)
    kind = get_integration_type(integration.type)
    if kind is None or not kind.supported:
        raise Refused(f"Integration type '{integration.type}' has no processor: change the type first", "type")
    ids = jobs_to_reprocess(integration.id, _check_statuses(statuses), since, after)
    tally = tally or ReprocessTally()
    tally.total = len(ids)
    step = preview_job if dry_run else reprocess_job
    for job_id in ids:
        if stopping():
            tally.stopped = True
            break
        step(job_id, integration, tally)
        on_job(tally)
    if not dry_run and tally.jobs:
        summary = {k: v for k, v in tally.view().items() if k != "errors"}
        record(actor, "integration.reprocess", integration.id, summary)
    return tally

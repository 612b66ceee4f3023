"""Failed jobs queued again with fresh attempts."""
from typing import Callable

from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..pipeline.jobs import retry_jobs
from ..store.models import IngestionJob
from .checks import in_project

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

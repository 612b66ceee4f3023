"""Putting failed jobs back in the queue from the console.

The pipeline owns job processing; this only resets a failed job so a worker claims it again
(the last error stays visible until the next attempt replaces it).
"""
from ..models import IngestionJob, utcnow


def _requeue(query) -> int:
    return (IngestionJob.update(status="queued", next_attempt_at=utcnow(), lease_owner=None, lease_expires_at=None)
            .where(query, IngestionJob.status == "failed").execute())


def retry_job(job_id: str) -> bool:
    """Reset one failed job to queued; False when it is not (or no longer) failed."""
    return _requeue(IngestionJob.id == job_id) > 0


def retry_failed(project_id: str) -> int:
    """Reset every failed job of a project to queued; returns how many."""
    return _requeue(IngestionJob.project == project_id)

"""``GET /data-ingestion/jobs/{jobId}``: a job's status, for the project that sent it."""
from sanic.response import json

from ..http.errors import ApiError
from ..store.models import IngestionJob, iso_utc
from .auth import require_server_token


def job_status(job: IngestionJob) -> dict:
    return {
        "jobId": job.id,
        "integrationId": job.integration_id,
        "status": job.status,
        "attempts": job.attempts,
        "receivedAt": iso_utc(job.received_at),
        "processedAt": iso_utc(job.processed_at),
        "personIds": job.person_ids or [],
        "error": job.last_error,
    }


async def show_job(request, job_id: str):
    token = require_server_token(request)
    job = (IngestionJob.select(IngestionJob.id, IngestionJob.integration, IngestionJob.status,
                               IngestionJob.attempts, IngestionJob.received_at, IngestionJob.processed_at,
                               IngestionJob.person_ids, IngestionJob.last_error)
           .where(IngestionJob.id == job_id, IngestionJob.project == token.project_id)
           .first())
    if job is None:
        raise ApiError("JOB_NOT_FOUND", f"Job with ID {job_id} not found")
    return json(job_status(job))

"""``GET /data-ingestion/jobs/{jobId}``: a job's status, for the project that sent it."""
from sanic.response import json

from ..core.views import job_view
from ..http.errors import ApiError
from ..store.models import IngestionJob
from .auth import require_server_token


async def show_job(request, job_id: str):
    token = require_server_token(request)
    job = (IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"])
           .where(IngestionJob.id == job_id, IngestionJob.project == token.project_id)
           .first())
    if job is None:
        raise ApiError("JOB_NOT_FOUND", f"Job with ID {job_id} not found")
    return json(job_view(job))

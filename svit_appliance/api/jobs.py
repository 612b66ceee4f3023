"""``GET /data-ingestion/jobs/{jobId}``: a job's status, for the project that sent it."""
from sanic.response import json

from ..core.views import job_view
from ..http.errors import ApiError
from ..store.details import project_job
from .auth import require_server_token


def job_answer(job_id: str, project_id: str):
    """The job's status as the API shows it (read on ``services.work``, off the event loop)."""
    job = project_job(job_id, project_id, with_body=False)
    if job is None:
        raise ApiError("JOB_NOT_FOUND", f"Job with ID {job_id} not found")
    return json(job_view(job))


async def show_job(request, job_id: str):
    token = require_server_token(request)
    return await request.app.ctx.services.work.run(job_answer, job_id, token.project_id)

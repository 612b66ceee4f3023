"""Jobs: filter by status and integration, detail with the raw body, attempts, error and the
resulting persons; retry one, retry all failed."""
import json

from ..core.errors import Missing, Refused
from ..http.errors import ApiError
from ..operations import jobs
from ..store.access import find_integration
from ..store.details import persons_named, project_job
from ..store.lists import integration_choices, jobs_newest_first
from ..store.models import JOB_STATUSES, IngestionJob
from .web import actor, go, paged, project_id, query_value, render


def list_jobs(request):
    project = request.ctx.project
    status, integration_id = query_value(request, "status"), query_value(request, "integration")
    warned = query_value(request, "warned") == "1"
    integrations = {i.id: i for i in integration_choices(project.id)} if project else {}
    rows, paging = [], None
    if project is not None:
        wanted = status if status in JOB_STATUSES else None
        rows, paging = paged(request, lambda limit, offset: jobs_newest_first(
            project.id, wanted, integration_id, warned, limit, offset))
    return render(request, "jobs.html", jobs=rows, paging=paging, statuses=JOB_STATUSES, status_filter=status,
                  integration_id=integration_id, integrations=integrations, warned=warned)


def pretty_body(job: IngestionJob) -> str:
    raw = bytes(job.body or b"")
    try:
        return json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


def _project_job(request, job_id: str) -> IngestionJob:
    job = project_job(job_id, request.ctx.project.id) if request.ctx.project else None
    if job is None:
        raise ApiError("JOB_NOT_FOUND", f"Job with ID {job_id} not found")
    return job


def show_job(request, job_id: str):
    job = _project_job(request, job_id)
    person_ids = [p for p in (job.person_ids or []) if isinstance(p, str)]
    return render(request, "job.html", job=job, body=pretty_body(job), person_ids=person_ids,
                  persons=persons_named(person_ids), integration=find_integration(job.integration_id))


def _doorbell(request):
    queue = request.app.ctx.services.queue
    return queue.ring_quietly if queue is not None else None


def retry_one(request, job_id: str):
    try:
        jobs.retry_job(actor(request), job_id, _doorbell(request), project_id(request))
    except Missing:
        raise
    except Refused:
        return go(request, f"/console/jobs/{job_id}", "Only a failed job can be retried.")
    return go(request, f"/console/jobs/{job_id}", "Job queued again.")


def retry_all(request):
    count = len(jobs.retry_failed_jobs(actor(request), _doorbell(request), request.ctx.project.id)
                ) if request.ctx.project else 0
    return go(request, "/console/jobs", f"{count} failed job(s) queued again.", status="queued" if count else None)

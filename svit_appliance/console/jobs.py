"""Jobs: filter by status and integration, detail with the raw body, attempts, error and the
resulting persons; retry one, retry all failed."""
import json

from ..core import audit
from ..http.errors import ApiError
from ..store.models import IngestionJob, Integration, Person
from ..pipeline.jobs import retry_jobs
from .web import actor, go, paged, query_value, render

STATUSES = ("queued", "processing", "succeeded", "failed")
LIST_FIELDS = (IngestionJob.id, IngestionJob.integration, IngestionJob.status, IngestionJob.attempts,
               IngestionJob.received_at, IngestionJob.processed_at, IngestionJob.last_error)


async def list_jobs(request):
    project = request.ctx.project
    status, integration_id = query_value(request, "status"), query_value(request, "integration")
    integrations = {i.id: i for i in Integration.select(Integration.id, Integration.name, Integration.type)
                    .where(Integration.project == project)} if project else {}
    rows, paging = [], None
    if project is not None:
        query = IngestionJob.select(*LIST_FIELDS).where(IngestionJob.project == project)
        if status in STATUSES:
            query = query.where(IngestionJob.status == status)
        if integration_id:
            query = query.where(IngestionJob.integration == integration_id)
        rows, paging = paged(request, query.order_by(IngestionJob.received_at.desc(), IngestionJob.id.desc()))
    return render(request, "jobs.html", jobs=rows, paging=paging, statuses=STATUSES, status_filter=status,
                  integration_id=integration_id, integrations=integrations)


def pretty_body(job: IngestionJob) -> str:
    raw = bytes(job.body or b"")
    try:
        return json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
    except ValueError:
        return raw.decode("utf-8", errors="replace")


def _project_job(request, job_id: str) -> IngestionJob:
    job = IngestionJob.get_or_none(IngestionJob.id == job_id, IngestionJob.project == request.ctx.project)
    if job is None:
        raise ApiError("JOB_NOT_FOUND", f"Job with ID {job_id} not found")
    return job


async def show_job(request, job_id: str):
    job = _project_job(request, job_id)
    person_ids = [p for p in (job.person_ids or []) if isinstance(p, str)]
    persons = {p.id: p for p in Person.select(Person.id, Person.name, Person.email, Person.phone)
               .where(Person.id.in_(person_ids))} if person_ids else {}
    return render(request, "job.html", job=job, body=pretty_body(job), person_ids=person_ids, persons=persons,
                  integration=Integration.get_or_none(Integration.id == job.integration_id))


async def retry_one(request, job_id: str):
    job = _project_job(request, job_id)
    if not _retry(request, [job.id], request.ctx.project.id):
        return go(request, f"/console/jobs/{job.id}", "Only a failed job can be retried.")
    audit.record(actor(request), "job.retry", job.id)
    return go(request, f"/console/jobs/{job.id}", "Job queued again.")


def _retry(request, job_ids: list[str] | None, project_id: str) -> int:
    retried = retry_jobs(job_ids, project_id=project_id)
    queue = getattr(request.app.ctx, "queue", None)
    if retried and queue is not None:
        queue.ring_quietly(retried)
    return len(retried)


async def retry_all(request):
    count = _retry(request, None, request.ctx.project.id) if request.ctx.project else 0
    if count:
        audit.record(actor(request), "job.retry_failed", request.ctx.project.id, {"count": count})
    return go(request, "/console/jobs", f"{count} failed job(s) queued again.", status="queued" if count else None)

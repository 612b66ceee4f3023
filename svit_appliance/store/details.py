"""What a detail page reads about one record and around it: a project's job (the console's job
page, the API's job status), the jobs a person's timeline names, the persons a job wrote, an
integration's latest jobs, a destination's deliveries with their attempts, the audit log's targets."""
from .models import BaseModel, Delivery, DeliveryAttempt, IngestionJob, Person

RECENT_JOB_FIELDS = (IngestionJob.id, IngestionJob.status, IngestionJob.attempts, IngestionJob.received_at,
                     IngestionJob.last_error)


def project_job(job_id: str, project_id: str, with_body: bool = True) -> IngestionJob | None:
    """The job, when it belongs to the project; without its body unless ``with_body``."""
    fields = [field for field in IngestionJob._meta.sorted_fields if with_body or field.name != "body"]
    return (IngestionJob.select(*fields)
            .where(IngestionJob.id == job_id, IngestionJob.project == project_id).first())


def job_statuses(job_ids: set[str]) -> dict[str, IngestionJob]:
    """id -> the job (id and status only) of those of ``job_ids`` that exist."""
    if not job_ids:
        return {}
    return {job.id: job for job in IngestionJob.select(IngestionJob.id, IngestionJob.status)
            .where(IngestionJob.id.in_(job_ids))}


def persons_named(person_ids: list[str]) -> dict[str, Person]:
    """id -> the person (id, name, email, phone) of those of ``person_ids`` that exist."""
    if not person_ids:
        return {}
    return {person.id: person for person in Person.select(Person.id, Person.name, Person.email, Person.phone)
            .where(Person.id.in_(person_ids))}


def latest_jobs_of(integration_id: str, limit: int) -> list[IngestionJob]:
    """The integration's newest jobs (id, status, attempts, arrival, last error)."""
    return list(IngestionJob.select(*RECENT_JOB_FIELDS).where(IngestionJob.integration == integration_id)
                .order_by(IngestionJob.received_at.desc(), IngestionJob.id.desc()).limit(limit))


def latest_deliveries_of(destination_id: str, limit: int) -> tuple[list[Delivery], dict[str, list[DeliveryAttempt]]]:
    """The destination's newest deliveries, and each one's attempts, the latest first."""
    deliveries = list(Delivery.select().where(Delivery.destination == destination_id)
                      .order_by(Delivery.created_at.desc(), Delivery.id.desc()).limit(limit))
    attempts: dict[str, list[DeliveryAttempt]] = {}
    for attempt in (DeliveryAttempt.select().where(DeliveryAttempt.delivery.in_([d.id for d in deliveries]))
                    .order_by(DeliveryAttempt.attempt.desc())):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return deliveries, attempts


def records_with_ids(model: type[BaseModel], ids: list[str]) -> list[BaseModel]:
    """Those rows of ``model`` whose id is among ``ids`` (the audit page names each entry's target)."""
    return list(model.select().where(model.id.in_(ids)))

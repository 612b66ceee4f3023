"""The console dashboard's reads: a project's persons, jobs, spam and refusals counted, the newest
jobs that need a look, new persons by source, and whether the project holds anything yet."""
from datetime import datetime

from peewee import fn

from .models import ClientToken, Destination, FormSpam, IngestionJob, Integration, Person, RejectedRequest


def _jobs_of(project_id: str):
    return IngestionJob.select().where(IngestionJob.project == project_id)


# succeeded, yet no person came of it: a sender posting the wrong shape, or a mapping to fix
def _unproductive(project_id: str, *fields):
    return IngestionJob.select(*fields).where(IngestionJob.project == project_id, IngestionJob.status == "succeeded",
                                              IngestionJob.warning.is_null(False))


def job_arrivals_since(project_id: str, since: datetime) -> list[datetime]:
    """When each of the project's jobs received since ``since`` arrived."""
    return [received_at for received_at, in IngestionJob.select(IngestionJob.received_at)
            .where(IngestionJob.project == project_id, IngestionJob.received_at >= since).tuples()]


def jobs_by_status_since(project_id: str, since: datetime) -> dict[str, int]:
    """The project's jobs received since ``since``, counted by status (a status with none is missing)."""
    return dict(IngestionJob.select(IngestionJob.status, fn.COUNT(IngestionJob.id))
                .where(IngestionJob.project == project_id, IngestionJob.received_at >= since)
                .group_by(IngestionJob.status).tuples())


def person_count(project_id: str, created_since: datetime | None = None) -> int:
    """The project's persons, or those created since ``created_since``."""
    persons = Person.select().where(Person.project == project_id)
    return persons.where(Person.created_at >= created_since).count() if created_since else persons.count()


def unfinished_job_count(project_id: str) -> int:
    """The project's jobs queued or being processed: its queue depth."""
    return _jobs_of(project_id).where(IngestionJob.status.in_(("queued", "processing"))).count()


def failed_job_count(project_id: str) -> int:
    return _jobs_of(project_id).where(IngestionJob.status == "failed").count()


def newest_failed_jobs(project_id: str, limit: int) -> list[IngestionJob]:
    """The project's newest failed jobs (id, integration, last error, arrival, attempts)."""
    return list(IngestionJob.select(IngestionJob.id, IngestionJob.integration, IngestionJob.last_error,
                                    IngestionJob.received_at, IngestionJob.attempts)
                .where(IngestionJob.project == project_id, IngestionJob.status == "failed")
                .order_by(IngestionJob.received_at.desc()).limit(limit))


def unproductive_job_count(project_id: str, since: datetime | None = None) -> int:
    """The project's succeeded jobs that found no person (received since ``since``, if given)."""
    jobs = _unproductive(project_id)
    return jobs.where(IngestionJob.received_at >= since).count() if since else jobs.count()


def newest_unproductive_jobs(project_id: str, limit: int) -> list[IngestionJob]:
    """The project's newest succeeded jobs that found no person (id, arrival, warning)."""
    return list(_unproductive(project_id, IngestionJob.id, IngestionJob.received_at, IngestionJob.warning)
                .order_by(IngestionJob.received_at.desc()).limit(limit))


def spam_count_since(project_id: str, since: datetime) -> int:
    return FormSpam.select().where(FormSpam.project == project_id, FormSpam.created_at >= since).count()


def refusal_count_since(project_id: str, since: datetime) -> int:
    """Requests refused for the project since ``since`` (the inspector keeps repeats as one row with a count)."""
    return int(RejectedRequest.select(fn.COALESCE(fn.SUM(RejectedRequest.count), 0))
               .where(RejectedRequest.project == project_id, RejectedRequest.created_at >= since).scalar())


def new_persons_by_source(project_id: str, since: datetime) -> list[tuple[str | None, int]]:
    """(first source, how many) of the project's persons created since ``since``."""
    return list(Person.select(Person.first_source, fn.COUNT(Person.id))
                .where(Person.project == project_id, Person.created_at >= since)
                .group_by(Person.first_source).tuples())


def project_is_empty(project_id: str) -> bool:
    """A project that has really nothing yet: no persons, no jobs, no integration, no contact form."""
    return not any(query.exists() for query in (
        Person.select().where(Person.project == project_id), _jobs_of(project_id),
        Integration.select().where(Integration.project == project_id),
        ClientToken.select().where(ClientToken.project == project_id)))


def troubled_destinations(project_id: str) -> list[Destination]:
    """The project's destinations failing now or disabled with a reason, by name."""
    return list(Destination.select().where(
        Destination.project == project_id,
        Destination.failing_since.is_null(False) | Destination.disabled_reason.is_null(False))
        .order_by(Destination.name))

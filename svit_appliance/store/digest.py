"""The daily digest's reads: what a project's day held, and which destinations take the digest."""
from datetime import datetime

from peewee import fn

from .models import Delivery, Destination, FormSpam, IngestionJob, Person, PersonEvent, Project


def new_persons(project_id: str, since: datetime, until: datetime, listed: int) -> tuple[int, list[Person]]:
    """How many persons the project gained from ``since`` until ``until``, and the newest ``listed`` of them."""
    persons = Person.select().where(Person.project == project_id, Person.created_at >= since,
                                    Person.created_at < until)
    return persons.count(), list(persons.order_by(Person.created_at.desc()).limit(listed))


def merges(project_id: str, since: datetime, until: datetime) -> int:
    """How many merges the project's persons had from ``since`` until ``until``."""
    return (PersonEvent.select(fn.COUNT(PersonEvent.id)).join(Person)
            .where(Person.project == project_id, PersonEvent.kind == "merged", PersonEvent.created_at >= since,
                   PersonEvent.created_at < until).scalar())


def spam_caught(project_id: str, since: datetime, until: datetime) -> int:
    """How many contact form posts of the project were caught as spam from ``since`` until ``until``."""
    return FormSpam.select().where(FormSpam.project == project_id, FormSpam.created_at >= since,
                                   FormSpam.created_at < until).count()


def jobs_failed_since(project_id: str, since: datetime) -> int:
    """How many of the project's jobs failed (for good) since ``since``."""
    return IngestionJob.select().where(IngestionJob.project == project_id, IngestionJob.status == "failed",
                                       IngestionJob.processed_at >= since).count()


def failing_destinations(project_id: str) -> list[Destination]:
    """The project's destinations that are failing or disabled."""
    return list(Destination.select().where(Destination.project == project_id,
                                           Destination.failing_since.is_null(False) | ~Destination.enabled))


def enabled_email_destinations(project_id: str) -> list[Destination]:
    """The project's enabled email destinations (the digest goes to those whose config opts in)."""
    return list(Destination.select().where(Destination.project == project_id, Destination.kind == "email",
                                           Destination.enabled))


def sent_since(destination_id: str, event: str, since: datetime) -> bool:
    """Whether the destination got a delivery of ``event`` since ``since``."""
    return Delivery.select().where(Delivery.destination == destination_id, Delivery.event == event,
                                   Delivery.created_at >= since).exists()


def all_projects() -> list[Project]:
    """Every project, for the digest's daily round."""
    return list(Project.select())

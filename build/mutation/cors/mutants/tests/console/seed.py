"""Writing persons, events and jobs straight into an appliance's database (real storage)."""
import contextlib
import json
from datetime import timedelta

from svit_appliance.core.ids import new_id
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.models import IngestionJob, Person, PersonEvent, utcnow


@contextlib.contextmanager
def storage(data_dir):
    db = open_database(Settings.load({}, data_dir=str(data_dir)))
    try:
        yield db
    finally:
        close_database()


def person(project_id: str, name: str | None, email: str | None = None, phone: str | None = None,
           source: str | None = None, **fields) -> Person:
    now = utcnow()
    record = Person.create(id=new_id("per"), project=project_id, name=name, email=email, email_raw=email,
                           phone=phone, phone_raw=phone, first_source=source, last_source=source,
                           attributes=fields.pop("attributes", {}), created_at=fields.pop("created_at", now),
                           updated_at=now, **fields)
    PersonEvent.create(id=new_id("evt"), person=record, kind="created", source_type="integration",
                       source_id=source, data={"name": name, "email": email})
    return record


def job(project_id: str, integration_id: str, body, status: str = "queued", error: str | None = None,
        person_ids: list | None = None, received_ago: timedelta = timedelta(0)) -> IngestionJob:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return IngestionJob.create(id=new_id("job"), project=project_id, integration=integration_id, body=raw,
                               content_type="application/json", status=status, last_error=error,
                               attempts=5 if status == "failed" else 0, person_ids=person_ids or [],
                               received_at=utcnow() - received_ago)


def event(person_record: Person, kind: str, job_id: str | None = None, data: dict | None = None) -> PersonEvent:
    return PersonEvent.create(id=new_id("evt"), person=person_record, kind=kind, source_type="integration",
                              job_id=job_id, data=data or {})

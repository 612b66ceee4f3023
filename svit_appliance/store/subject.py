"""The statements behind subject access and erasure (``core.subject``): what mentions a person
outside their row and timeline (job bodies, spam, deliveries, refused requests), and erasing
it from the files as well as from the queries."""
import json
import time
from contextlib import contextmanager
from datetime import datetime

from peewee import fn

from .db import chunks, database, dialect
from .models import FormSpam, IngestionJob, Project, RejectedRequest

CHECKPOINT_TRIES = 40


def _contains(text, needle: str):
    return getattr(fn, dialect().position())(text, needle) > 0


def jobs_mentioning(project_id: str, person_id: str, needles: list[str]) -> set[str]:
    """The project's jobs whose person ids include the person or whose body (as lower-case
    text) holds one of ``needles``."""
    condition = _contains(IngestionJob.person_ids, json.dumps(person_id))
    body = fn.lower(dialect().blob_as_text(IngestionJob.body))
    for needle in needles:
        condition |= _contains(body, needle)
    return {job.id for job in IngestionJob.select(IngestionJob.id).where(IngestionJob.project == project_id, condition)}


def jobs(job_ids: list[str]) -> list[IngestionJob]:
    """The jobs of ``job_ids``, bodies included."""
    return [job for chunk in chunks(job_ids) for job in IngestionJob.select().where(IngestionJob.id.in_(chunk))]


def region_of(project_id: str) -> str:
    """The project's default phone region."""
    return Project.get_by_id(project_id).default_region


def project_spam(project_id: str):
    """Every quarantined post of the project, oldest first, read as it is iterated."""
    return FormSpam.select().where(FormSpam.project == project_id).order_by(FormSpam.created_at).iterator()


def delete_spam(spam_ids: list[str]) -> None:
    for chunk in chunks(spam_ids):
        FormSpam.delete().where(FormSpam.id.in_(chunk)).execute()


def erase_job_bodies(job_ids: list[str], now: datetime) -> None:
    """Empty the jobs' bodies and say when; the rest of each job stays."""
    for chunk in chunks(job_ids):
        IngestionJob.update(body=b"", body_erased_at=now).where(IngestionJob.id.in_(chunk)).execute()


def delete_deliveries_mentioning(project_id: str, needles: list[str]) -> int:
    """Outbound deliveries of the project (sent or waiting, with their attempt log) whose payload
    holds one of ``needles`` (lower case); how many. Named by table, not model: the destinations
    package builds on this one."""
    p = database.obj.param
    mentions = " OR ".join([f"{dialect().position()}(LOWER(payload), {p}) > 0"] * len(needles))
    cursor = database.execute_sql(
        f"DELETE FROM delivery WHERE destination_id IN (SELECT id FROM destination WHERE project_id = {p}) "
        f"AND ({mentions})", (project_id, *needles))
    return cursor.rowcount


def delete_rejected_mentioning(needles: list[str]) -> None:
    """Refused requests whose kept excerpt holds one of ``needles`` (of any project: many refusals name none)."""
    if needles:
        text = fn.lower(RejectedRequest.body_excerpt)
        condition = _contains(text, needles[0])
        for needle in needles[1:]:
            condition |= _contains(text, needle)
        RejectedRequest.delete().where(condition).execute()


@contextmanager
def overwriting_freed_bytes():
    """Deleted rows are overwritten with zeros instead of lingering in free space (SQLite's
    secure_delete), on this connection, for the erasure only."""
    with dialect().overwriting_freed_bytes(database.obj):
        yield


def checkpoint() -> bool:
    """Copy the WAL into the database and truncate it (SQLite), so no old page with the data stays in
    it; other processes' open reads can delay that, so it is tried for about two seconds. True when done
    (and always on PostgreSQL, which has no such file)."""
    db = database.obj
    for _ in range(CHECKPOINT_TRIES):
        if dialect(db).checkpoint(db):
            return True
        time.sleep(0.05)
    return False

"""Everything held about one person (the data subject): gathered for a subject-access request,
and erased on request.

What mentions a person: their row and timeline, the raw bodies of the jobs that carried them (the
jobs their timeline names, the jobs whose person ids include them, and any job of the project whose
body holds their email or phone as typed), and contact form spam whose fields carry their email or
phone. Erasure deletes the row, the timeline and that spam, empties those job bodies (keeping the
jobs' metadata), and on SQLite overwrites the freed bytes and empties the write-ahead log, so the
data is gone from the files, not only from the queries.
"""
import json
import time

from peewee import Cast, fn

from ..store.db import database, is_postgres, write_transaction
from ..store.models import (
    FormSpam,
    IngestionJob,
    Person,
    PersonEvent,
    PersonMerge,
    Project,
    RejectedRequest,
    iso_utc,
    utcnow,
)
from .normalise import InvalidField, normalise_email, normalise_phone
from .views import job_view, person_view, spam_view

MIN_NEEDLE = 5  # shorter typed values (a stray "123") would match unrelated bodies
CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit
CHECKPOINT_TRIES = 40


def timeline(person_id: str) -> list[dict]:
    events = PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.created_at, PersonEvent.id)
    return [{"kind": e.kind, "source": e.source_type, "sourceId": e.source_id, "jobId": e.job_id,
             "data": e.data, "at": iso_utc(e.created_at)} for e in events]


def _needles(person: Person) -> list[str]:
    """The person's email and phone, normalised and as typed, lower-cased: what their raw data contains."""
    values = {(v or "").strip().lower() for v in (person.email, person.email_raw, person.phone, person.phone_raw)}
    return sorted(v for v in values if len(v) >= MIN_NEEDLE)


def _contains(text_expr, needle: str):
    return (fn.strpos(text_expr, needle) if is_postgres(database.obj) else fn.instr(text_expr, needle)) > 0


def _body_text():
    """The job body as lower-case text (PostgreSQL: bytea escaped, ASCII kept as is)."""
    if is_postgres(database.obj):
        return fn.lower(fn.encode(IngestionJob.body, "escape"))
    return fn.lower(Cast(IngestionJob.body, "TEXT"))


def job_ids_about(person: Person) -> list[str]:
    """Every job of the project that carried the person or whose body mentions their email or phone."""
    named = {e.job_id for e in PersonEvent.select(PersonEvent.job_id)
             .where(PersonEvent.person == person.id, PersonEvent.job_id.is_null(False))}
    condition = _contains(IngestionJob.person_ids, json.dumps(person.id))
    for needle in _needles(person):
        condition |= _contains(_body_text(), needle)
    found = IngestionJob.select(IngestionJob.id).where(IngestionJob.project == person.project_id, condition)
    return sorted(named | {job.id for job in found})


def _carries(fields: dict, person: Person, region: str, needles: list[str]) -> bool:
    text = json.dumps(fields, ensure_ascii=False).lower()
    if any(needle in text for needle in needles):
        return True
    for key, normalise, value in (("email", normalise_email, person.email),
                                  ("phone", lambda raw: normalise_phone(raw, region), person.phone)):
        try:
            if value and isinstance(fields.get(key), str) and normalise(fields[key]) == value:
                return True
        except InvalidField:
            pass
    return False


def spam_about(person: Person) -> list[FormSpam]:
    """Contact form spam of the project whose fields carry the person's email or phone (in any spelling)."""
    region = Project.get_by_id(person.project_id).default_region
    needles = _needles(person)
    rows = FormSpam.select().where(FormSpam.project == person.project_id).order_by(FormSpam.created_at)
    return [row for row in rows.iterator() if _carries(row.fields or {}, person, region, needles)]


def _decoded(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")


def _chunks(ids: list[str]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def job_about_view(job: IngestionJob) -> dict:
    erased = job.body_erased_at is not None
    return {**job_view(job), "contentType": job.content_type, "bodyErasedAt": iso_utc(job.body_erased_at),
            "body": None if erased else _decoded(bytes(job.body or b""))}


def subject_access(person: Person) -> dict:
    """Everything held about the person: their fields, timeline, the raw bodies that mention them, spam."""
    jobs = [job for ids in _chunks(job_ids_about(person))
            for job in IngestionJob.select().where(IngestionJob.id.in_(ids))]
    return {**person_view(person), "timeline": timeline(person.id),
            "jobs": [job_about_view(job) for job in sorted(jobs, key=lambda j: (j.received_at, j.id))],
            "spam": [spam_view(row) for row in spam_about(person)]}


def erase(person: Person) -> dict:
    """Delete the person, their timeline and the spam carrying them; empty the bodies of the jobs that
    mention them. Returns how many of each (never the data) and whether the WAL was emptied."""
    job_ids, spam_ids = job_ids_about(person), [row.id for row in spam_about(person)]
    db = database.obj
    with _overwriting_freed_bytes(db):
        with write_transaction(db):
            events = PersonEvent.delete().where(PersonEvent.person == person.id).execute()
            for ids in _chunks(spam_ids):
                FormSpam.delete().where(FormSpam.id.in_(ids)).execute()
            now = utcnow()
            for ids in _chunks(job_ids):
                IngestionJob.update(body=b"", body_erased_at=now).where(IngestionJob.id.in_(ids)).execute()
            deliveries = _delete_deliveries(person)
            Person.delete().where(Person.id == person.id).execute()
            _delete_rejected_about(person)
            # a merge keeps both persons as they were: those copies go too (the merge can no longer be undone)
            PersonMerge.delete().where((PersonMerge.kept_id == person.id) | (PersonMerge.merged_id == person.id)).execute()
    return {"timelineEvents": events, "jobBodiesErased": len(job_ids), "spamDeleted": len(spam_ids),
            "deliveriesDeleted": deliveries, "walCheckpointed": checkpoint(db)}


def _delete_deliveries(person: Person) -> int:
    """Outbound deliveries (sent or waiting, with their attempt log) whose payload carries the person.
    Named by table, not model: the destinations package builds on this one."""
    p = database.obj.param
    needles = [person.id, *_needles(person)]
    position = "strpos" if is_postgres(database.obj) else "instr"
    mentions = " OR ".join([f"{position}(LOWER(payload), {p}) > 0"] * len(needles))
    cursor = database.execute_sql(
        f"DELETE FROM delivery WHERE destination_id IN (SELECT id FROM destination WHERE project_id = {p}) "
        f"AND ({mentions})", (person.project_id, *[n.lower() for n in needles]))
    return cursor.rowcount


def _delete_rejected_about(person: Person) -> None:
    """Refused requests whose kept excerpt mentions the person (of any project: many refusals name none)."""
    needles = _needles(person)
    if needles:
        text = fn.lower(RejectedRequest.body_excerpt)
        condition = _contains(text, needles[0])
        for needle in needles[1:]:
            condition |= _contains(text, needle)
        RejectedRequest.delete().where(condition).execute()


class _overwriting_freed_bytes:
    """SQLite's secure_delete for this connection, for the erasure only: deleted rows are overwritten
    with zeros instead of lingering in free space."""

    def __init__(self, db):
        self.db = db
        self.sqlite = not is_postgres(db)

    def __enter__(self):
        if self.sqlite:
            self.previous = self.db.execute_sql("PRAGMA secure_delete").fetchone()[0]
            self.db.execute_sql("PRAGMA secure_delete = 1")

    def __exit__(self, *exc):
        if self.sqlite:
            self.db.execute_sql(f"PRAGMA secure_delete = {int(self.previous)}")


def checkpoint(db) -> bool:
    """Copy the WAL into the database and truncate it (SQLite), so no old page with the data stays in
    it; other processes' open reads can delay that, so it is tried for about two seconds. True when done
    (and always on PostgreSQL, which has no such file)."""
    if is_postgres(db):
        return True
    for _ in range(CHECKPOINT_TRIES):
        busy, _log, _done = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(0.05)
    return False

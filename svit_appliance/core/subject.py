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
from dataclasses import dataclass

from ..store import merges as merge_store
from ..store import persons as person_store
from ..store import subject as subject_store
from ..store import timeline as timeline_store
from ..store.models import FormSpam, IngestionJob, Person, iso_utc, utcnow
from .normalise import InvalidField, normalise_email, normalise_phone
from .views import job_view, person_view, spam_view

MIN_NEEDLE = 5  # shorter typed values (a stray "123") would match unrelated bodies


def timeline(person_id: str) -> list[dict]:
    return [{"kind": e.kind, "source": e.source_type, "sourceId": e.source_id, "jobId": e.job_id,
             "data": e.data, "at": iso_utc(e.created_at)} for e in timeline_store.events_of(person_id)]


def _needles(person: Person) -> list[str]:
    """The person's email and phone, normalised and as typed, lower-cased: what their raw data contains."""
    values = {(v or "").strip().lower() for v in (person.email, person.email_raw, person.phone, person.phone_raw)}
    return sorted(v for v in values if len(v) >= MIN_NEEDLE)


def job_ids_about(person: Person) -> list[str]:
    """Every job of the project that carried the person or whose body mentions their email or phone."""
    return sorted(timeline_store.job_ids_of(person.id)
                  | subject_store.jobs_mentioning(person.project_id, person.id, _needles(person)))


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
    region = subject_store.region_of(person.project_id)
    needles = _needles(person)
    return [row for row in subject_store.project_spam(person.project_id)
            if _carries(row.fields or {}, person, region, needles)]


def _decoded(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")


def job_about_view(job: IngestionJob) -> dict:
    erased = job.body_erased_at is not None
    return {**job_view(job), "contentType": job.content_type, "bodyErasedAt": iso_utc(job.body_erased_at),
            "body": None if erased else _decoded(bytes(job.body or b""))}


def subject_access(person: Person) -> dict:
    """Everything held about the person: their fields, timeline, the raw bodies that mention them, spam."""
    jobs = subject_store.jobs(job_ids_about(person))
    return {**person_view(person), "timeline": timeline(person.id),
            "jobs": [job_about_view(job) for job in sorted(jobs, key=lambda j: (j.received_at, j.id))],
            "spam": [spam_view(row) for row in spam_about(person)]}


@dataclass(frozen=True)
class Mentions:
    """What mentions a person besides their row and timeline (ids, and the values searched for)."""

    job_ids: list[str]
    spam_ids: list[str]
    needles: list[str]


def mentions_of(person: Person) -> Mentions:
    """The jobs and spam that mention the person. It reads every job body of the project: run it
    before the erasure's write transaction, not inside it."""
    return Mentions(job_ids_about(person), [row.id for row in spam_about(person)], _needles(person))


def erase(person: Person, mentions: Mentions) -> dict:
    """Delete the person, their timeline and the spam carrying them; empty the bodies of the jobs that
    mention them. Runs in the caller's write transaction (the operation's, with its audit entry),
    within ``store.subject.overwriting_freed_bytes``; the WAL is emptied once it committed
    (``store.subject.checkpoint``). Returns how many of each went (never the data)."""
    events = timeline_store.delete_events_of(person.id)
    subject_store.delete_spam(mentions.spam_ids)
    subject_store.erase_job_bodies(mentions.job_ids, utcnow())
    deliveries = subject_store.delete_deliveries_mentioning(
        person.project_id, [n.lower() for n in (person.id, *mentions.needles)])
    person_store.delete_person(person.id)
    subject_store.delete_rejected_mentioning(mentions.needles)
    # a merge keeps both persons as they were: those copies go too (the merge can no longer be undone)
    merge_store.delete_merges_of(person.id)
    return {"timelineEvents": events, "jobBodiesErased": len(mentions.job_ids),
            "spamDeleted": len(mentions.spam_ids), "deliveriesDeleted": deliveries}

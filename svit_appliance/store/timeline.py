"""A person's timeline (``person_event``): the entries the person logic adds and the look-ups
that make its writes idempotent (an entry keyed by its source, e.g. ``job_...#0``, is written
once)."""
from datetime import datetime

from .compact_json import to_json
from .db import chunks, database, execute, insert_rows, placeholders
from .models import PersonEvent

EVENT_COLUMNS = tuple(field.column_name for field in PersonEvent._meta.sorted_fields)


def add_event(event_id: str, person_id: str, kind: str, source_type: str, source_id: str | None,
              job_id: str | None, data: dict, at: datetime) -> None:
    """One timeline entry."""
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    execute(f"INSERT INTO person_event ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})",
            (event_id, person_id, kind, source_type, source_id, job_id, to_json(data), at))


def insert_events(rows: list[tuple]) -> None:
    """Timeline entries, each a row of ``EVENT_COLUMNS`` (its data as JSON text), in multi-row inserts."""
    insert_rows("person_event", EVENT_COLUMNS, rows)


def recorded_person(source_key: str, kind: str) -> str | None:
    """The person an entry of ``kind`` with ``source_key`` was written for, if one was."""
    row = execute("SELECT person_id FROM person_event WHERE source_id = ? AND kind = ? LIMIT 1",
                  (source_key, kind)).fetchone()
    return row[0] if row else None


def recorded_persons(kind: str, source_keys: list[str]) -> dict[str, str]:
    """``recorded_person`` for many keys in one query: source key -> person."""
    marks = ", ".join("?" * len(source_keys))
    rows = execute(f"SELECT source_id, person_id FROM person_event WHERE kind = ? AND source_id IN ({marks})",
                   (kind, *source_keys)).fetchall()
    return dict(rows)


def recorded_since(kind: str, source_keys: list[str], since: datetime) -> dict[str, str]:
    """Source key -> person of the entries of ``kind`` with those keys written since ``since``."""
    param, found = database.param, {}
    for chunk in chunks(source_keys):
        # hand-written: this runs for every batch of form posts, and building it with the query
        # builder costs more than running it
        rows = database.execute_sql(
            f"SELECT source_id, person_id FROM person_event WHERE source_id IN ({placeholders(len(chunk))}) "
            f"AND kind = {param} AND created_at >= {param}", (*chunk, kind, since))
        for source_id, person_id in rows:
            found.setdefault(source_id, person_id)
    return found



def events_of(person_id: str) -> list[PersonEvent]:
    """The person's timeline, oldest first."""
    return list(PersonEvent.select().where(PersonEvent.person == person_id)
                .order_by(PersonEvent.created_at, PersonEvent.id))


def job_ids_of(person_id: str) -> set[str]:
    """The jobs the person's timeline names."""
    return {e.job_id for e in PersonEvent.select(PersonEvent.job_id)
            .where(PersonEvent.person == person_id, PersonEvent.job_id.is_null(False))}


def delete_events_of(person_id: str) -> int:
    """Delete the person's timeline; how many entries went."""
    return PersonEvent.delete().where(PersonEvent.person == person_id).execute()


def event_ids_of(person_id: str) -> list[str]:
    return [row[0] for row in PersonEvent.select(PersonEvent.id).where(PersonEvent.person == person_id).tuples()]


def move_events_of(person_id: str, to_person_id: str) -> None:
    """The person's whole timeline moves over to another person."""
    PersonEvent.update(person=to_person_id).where(PersonEvent.person == person_id).execute()


def move_events(event_ids: list[str], to_person_id: str) -> None:
    PersonEvent.update(person=to_person_id).where(PersonEvent.id.in_(event_ids)).execute()


def delete_event(event_id: str) -> None:
    PersonEvent.delete().where(PersonEvent.id == event_id).execute()

"""The person table's statements, and the one way a row becomes a person record.

The columns derive from the model. ``core.persons`` (one person at a time) and
``core.batch_upsert`` (many) keep the matching and merging rules and call these; both are the
hot path of ingestion, the contact form and CSV import, so the statements are written by hand.
"""
import json
from datetime import datetime
from itertools import chain
from operator import attrgetter

from peewee import DateTimeField

from .compact_json import to_json
from .db import chunks, database, dialect, execute, insert_rows, placeholders
from .models import Person

PERSON_COLUMNS = tuple(field.column_name for field in Person._meta.sorted_fields)
# the model's names of the same columns (``project``, not ``project_id``): what set_fields and insert_fields take
FIELD_NAMES = tuple(field.name for field in Person._meta.sorted_fields)
# who brought a person in and when: the store writes these itself
ORIGIN_COLUMNS = ("first_source", "last_source", "created_at", "updated_at")
# what sources say about a person (name ... attributes): what a candidate fills and a merge changes
DATA_COLUMNS = tuple(column for column in PERSON_COLUMNS if column not in ("id", "project_id", *ORIGIN_COLUMNS))
# the data bound as it is, and the one column bound as JSON text
_PLAIN_DATA = tuple(column for column in DATA_COLUMNS if column != "attributes")
# what a merge may change, in the order the batch's UPDATE sets them
CHANGING_COLUMNS = (*_PLAIN_DATA, "attributes", "last_source", "updated_at")
# the batch's known persons: what matching and merging read
_HOLDER_COLUMNS = ("id", *DATA_COLUMNS)
_INSERTED_COLUMNS = ("id", "project_id", *_PLAIN_DATA, "attributes", *ORIGIN_COLUMNS)
_TIMES = tuple(field.column_name for field in Person._meta.sorted_fields if isinstance(field, DateTimeField))


class PersonRecord:
    """A person as the hand-written statements read and write it: the person table's columns as
    attributes, named as a ``Person`` names them (``project_id``, decoded ``attributes``, times as
    datetimes), so the person logic and ``person_view`` read either alike. The batch makes one
    per person it writes: a model instance costs about three times as much to make (peewee's
    per-field set-up) and to read (a descriptor per attribute), and slots keep a record free of
    a dict of its own for the cycle collector to walk."""

    __slots__ = PERSON_COLUMNS


def person_record(columns: tuple, row) -> PersonRecord:
    """The person record of ``row`` (values of ``columns``, as read): attributes decoded, times as
    datetimes (SQLite hands them back as text)."""
    person = PersonRecord()
    for name, value in zip(columns, row):
        setattr(person, name, value)
    if "attributes" in columns:
        person.attributes = json.loads(person.attributes) if person.attributes else {}
    for name in _TIMES:
        if name in columns and isinstance(getattr(person, name), str):
            setattr(person, name, datetime.fromisoformat(getattr(person, name)))
    return person


_candidate_data = attrgetter(*DATA_COLUMNS)


def new_person(person_id: str, project_id: str, candidate) -> PersonRecord:
    """The record of a person about to be created from ``candidate`` (anything holding ``DATA_COLUMNS``)."""
    person = PersonRecord()
    for name, value in zip(DATA_COLUMNS, _candidate_data(candidate)):
        setattr(person, name, value)
    person.id, person.project_id = person_id, project_id
    return person


_new_plain = attrgetter("id", "project_id", *_PLAIN_DATA)
_changing_plain = attrgetter(*_PLAIN_DATA)


def _inserted_row(person: PersonRecord, source_label: str, now) -> tuple:
    """A ``new_person`` as a row of ``_INSERTED_COLUMNS``."""
    return _new_plain(person) + (to_json(person.attributes), source_label, source_label, now, now)


def _changed_row(person: PersonRecord, source_label: str, now) -> tuple:
    """A changed person as a row of ``CHANGING_COLUMNS``, then its id."""
    return _changing_plain(person) + (to_json(person.attributes), source_label, now, person.id)


def _person_where(condition: str, params: tuple) -> PersonRecord | None:
    row = execute(f"SELECT {', '.join(PERSON_COLUMNS)} FROM person WHERE {condition} LIMIT 1", params).fetchone()
    return None if row is None else person_record(PERSON_COLUMNS, row)


def find_by_email(project_id: str, email: str) -> PersonRecord | None:
    return _person_where("project_id = ? AND email = ?", (project_id, email))


def find_by_phone(project_id: str, phone: str) -> PersonRecord | None:
    return _person_where("project_id = ? AND phone = ?", (project_id, phone))


def find_by_id(person_id: str) -> PersonRecord | None:
    return _person_where("id = ?", (person_id,))


def find_person(person_id: str) -> Person | None:
    """The person as the model (what the faces and operations show and change); the hot paths read
    a ``PersonRecord`` (``find_by_id``)."""
    return Person.get_or_none(Person.id == person_id)


def held_by_another(project_id: str, column: str, value: str, person_id: str) -> bool:
    """Whether a person of the project other than ``person_id`` holds ``value`` as ``column`` (email or phone)."""
    return execute(f"SELECT 1 FROM person WHERE project_id = ? AND {column} = ? AND id <> ? LIMIT 1",
                   (project_id, value, person_id)).fetchone() is not None


def insert_person(person: PersonRecord, source_label: str, now: datetime) -> None:
    """A ``new_person`` record, first and last brought in by ``source_label``."""
    marks = ", ".join("?" * len(_INSERTED_COLUMNS))
    execute(f"INSERT INTO person ({', '.join(_INSERTED_COLUMNS)}) VALUES ({marks})",
            _inserted_row(person, source_label, now))


def update_person(person_id: str, values: dict, source_label: str, now: datetime) -> None:
    """Set ``values`` (column -> new value) of the person, last brought in by ``source_label``."""
    values = {**values, "last_source": source_label, "updated_at": now}
    if "attributes" in values:
        values["attributes"] = to_json(values["attributes"])
    assignments = ", ".join(f"{name} = ?" for name in values)
    execute(f"UPDATE person SET {assignments} WHERE id = ?", (*values.values(), person_id))


def persons_holding(project_id: str, column: str, values: list[str]) -> list[PersonRecord]:
    """The project's persons whose ``column`` (email or phone) is one of ``values``, with what
    matching and merging read (one query for a batch)."""
    marks = ", ".join("?" * len(values))
    rows = execute(f"SELECT {', '.join(_HOLDER_COLUMNS)} FROM person WHERE project_id = ? AND {column} IN ({marks})",
                   (project_id, *values)).fetchall()
    found = [person_record(_HOLDER_COLUMNS, row) for row in rows]
    for person in found:
        person.project_id = project_id
    return found


def stored_time(moment: datetime):
    """``moment`` as the driver is handed it, converted once for a batch's rows (SQLite's
    adapter would convert it once per row; PostgreSQL's driver takes the datetime itself)."""
    return dialect().stored_time(moment)


def insert_persons(persons: list[PersonRecord], source_label: str, now) -> None:
    """``new_person`` records in multi-row inserts, brought in by ``source_label`` at ``now``
    (a ``stored_time``)."""
    insert_rows("person", _INSERTED_COLUMNS, [_inserted_row(p, source_label, now) for p in persons])


def update_persons(persons: list[PersonRecord], source_label: str, now) -> None:
    """Write ``CHANGING_COLUMNS`` of changed persons, last brought in by ``source_label`` at
    ``now`` (a ``stored_time``). SQLite: one ``UPDATE ... FROM (VALUES ...)`` per
    ``ROWS_PER_STATEMENT`` rows (for its search index); PostgreSQL: a statement per person."""
    rows = [_changed_row(p, source_label, now) for p in persons]
    if not rows:
        return
    if not dialect().updates_from_values:
        assignments = ", ".join(f"{name} = ?" for name in CHANGING_COLUMNS)
        for row in rows:
            execute(f"UPDATE person SET {assignments} WHERE id = ?", row)
        return
    width = len(CHANGING_COLUMNS) + 1
    assignments = ", ".join(f"{name} = v.column{n}" for n, name in enumerate(CHANGING_COLUMNS, start=1))
    row_marks = "(" + ", ".join("?" * width) + ")"
    for chunk in chunks(rows):
        execute(f"UPDATE person SET {assignments} FROM (VALUES {', '.join([row_marks] * len(chunk))}) AS v "
                f"WHERE person.id = v.column{width}", tuple(chain.from_iterable(chunk)))


def persons_by_id(person_ids: list[str]) -> dict[str, PersonRecord]:
    """The persons of ``person_ids`` that exist, by id, in one plain query per few hundred:
    peewee's query building and model set-up were most of the outbox's cost per person."""
    unique = list(dict.fromkeys(person_ids))
    found: dict[str, PersonRecord] = {}
    for chunk in chunks(unique):
        rows = database.execute_sql(f"SELECT {', '.join(PERSON_COLUMNS)} FROM person "
                                    f"WHERE id IN ({placeholders(len(chunk))})", chunk)
        for row in rows:
            person = person_record(PERSON_COLUMNS, row)
            found[person.id] = person
    return found


def delete_person(person_id: str) -> None:
    Person.delete().where(Person.id == person_id).execute()


def set_fields(person_id: str, values: dict) -> int:
    """Set ``values`` (the model's field names) of the person; how many rows changed (0: it is gone)."""
    return Person.update(**values).where(Person.id == person_id).execute()


def insert_fields(values: dict) -> None:
    """A person from ``values`` (every field of the model, by name), as a merge record kept them."""
    Person.insert(**values).execute()


def newest(project_id: str, limit: int) -> list[Person]:
    """The project's ``limit`` newest persons, newest first."""
    return list(Person.select().where(Person.project == project_id)
                .order_by(Person.created_at.desc(), Person.id.desc()).limit(limit))

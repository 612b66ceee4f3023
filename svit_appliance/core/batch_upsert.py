"""Many persons in one go: ``upsert_many`` matches and merges a batch in memory and writes it
in one statement per table, with the same persons, merges and timeline as ``upsert_person`` on
each candidate in turn. The job worker, the contact form's writer and CSV import write this way.
"""
import json
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from peewee import IntegrityError

from ..store.compact_json import to_json
from ..store.db import ROWS_PER_STATEMENT, database, insert_rows, is_postgres
from ..store.models import utcnow
from .ids import new_ids
from .persons import (
    EVENT_COLUMNS,
    PERSON_COLUMNS,
    Candidate,
    Source,
    UpsertResult,
    _execute,
    _merge_event_data,
    _snapshot,
    merge_changes,
    upsert_person,
)


class Keyed(NamedTuple):
    """One candidate of ``upsert_many`` with its source key, timeline data and job (if any)
    (a named tuple: a frozen dataclass costs about a microsecond more to make, per row)."""

    candidate: Candidate
    source_key: str
    event_data: dict
    job_id: str | None = None


def upsert_many(project_id: str, items: list[Keyed], source: Source, event_kind: str) -> list[UpsertResult]:
    """``upsert_person`` for many candidates, inside the caller's transaction, with the same
    persons, merges and timeline as one call each: the lookups are one query per batch, matches
    and merges are worked out in memory (``_BatchUpsert``) and written in one statement per
    table. A CSV import, the job worker and the contact form's writer write this way."""
    try:
        with database.atomic():
            return _BatchUpsert(project_id, source, event_kind, items).run()
    except IntegrityError:  # another process wrote one of these persons meanwhile: one at a time
        return [_upsert_one(project_id, item, source, event_kind) for item in items]


def _upsert_one(project_id: str, item: Keyed, source: Source, event_kind: str) -> UpsertResult:
    return upsert_person(project_id, item.candidate, source, event_kind, item.event_data,
                         source_key=item.source_key, job_id=item.job_id)


STORED_COLUMNS = ("id", "name", "first_name", "last_name", "email", "email_raw", "phone", "phone_raw", "company",
                  "attributes")
# what a merge may change, in the order the batch's UPDATE sets them
CHANGING_COLUMNS = ("name", "first_name", "last_name", "email", "email_raw", "phone", "phone_raw", "company",
                    "attributes", "last_source", "updated_at")


@dataclass
class _Known:
    """A person as the batch knows it: as stored, or as it will be inserted, with its merges so far."""

    id: str
    project_id: str
    name: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    email_raw: str | None
    phone: str | None
    phone_raw: str | None
    company: str | None
    attributes: dict
    stored: bool  # in the database already (else an INSERT of the batch writes it)
    changed: bool = False  # stored, and an UPDATE of the batch writes its merges


class _BatchUpsert:
    """The batch's persons are matched and merged in memory, by the rules of ``find_match`` and
    ``merge_changes``, against every stored person holding an email or phone of the batch (read
    in one query per column) and the persons the batch creates; then merged persons are written
    by one UPDATE, new ones by one INSERT and the timeline by one INSERT (per few hundred rows).
    SQLite's search index flushes its pending terms once per statement that writes it, so a
    statement per merge cost about as much as twenty rows inserted.

    An identity a stored person gives up (a merge changed its email or phone) is taken again by
    someone else only after what came before is written: the database checks uniqueness row by
    row, so the order of writes matters for it."""

    def __init__(self, project_id: str, source: Source, event_kind: str, items: list[Keyed]):
        self.project_id, self.source, self.event_kind, self.items = project_id, source, event_kind, items
        self.now = _stored_time(utcnow())
        self.holders: dict[tuple[str, str], _Known] = {}  # (column, value) -> the person holding it
        self.released: set[tuple[str, str]] = set()  # given up by a stored person, not yet written
        self.unwritten: list[_Known] = []  # new and changed persons, not yet written
        self.events: list[tuple] = []
        # a row makes at most one person and two timeline entries
        self.person_ids = iter(new_ids("per", len(items)))
        self.event_ids = iter(new_ids("evt", 2 * len(items)))

    def run(self) -> list[UpsertResult]:
        recorded = self._recorded()
        self._read_holders()
        results = []
        for item in self.items:
            if item.source_key in recorded:
                results.append(UpsertResult(recorded[item.source_key], False, {}))
                continue
            candidate = item.candidate
            snapshot_json = to_json(_snapshot(candidate))
            person = self._match(candidate)
            if person is None:
                person = self._create(candidate, snapshot_json)
                result = UpsertResult(person.id, True, {})
            else:
                result = UpsertResult(person.id, False, self._merge(person, candidate))
            self.events.append((next(self.event_ids), person.id, self.event_kind, self.source.kind, item.source_key,
                                item.job_id, _with_submitted(item.event_data, snapshot_json), self.now))
            results.append(result)
        self._write()
        return results

    def _recorded(self) -> dict[str, str]:
        keys = [item.source_key for item in self.items]
        marks = ", ".join("?" * len(keys))
        rows = _execute(f"SELECT source_id, person_id FROM person_event WHERE kind = ? AND source_id IN ({marks})",
                        (self.event_kind, *keys)).fetchall()
        return dict(rows)

    def _read_holders(self) -> None:
        read: set[str] = set()
        for column in ("email", "phone"):
            values = sorted({getattr(item.candidate, column) for item in self.items} - {None})
            if not values:
                continue
            marks = ", ".join("?" * len(values))
            rows = _execute(f"SELECT {', '.join(STORED_COLUMNS)} FROM person "
                            f"WHERE project_id = ? AND {column} IN ({marks})", (self.project_id, *values)).fetchall()
            for row in rows:
                if row[0] in read:
                    continue  # read already, by its other identity
                read.add(row[0])
                self._hold(_Known(row[0], self.project_id, *row[1:-1],
                                  attributes=json.loads(row[-1]) if row[-1] else {}, stored=True))

    def _hold(self, person: _Known) -> None:
        for column in ("email", "phone"):
            value = getattr(person, column)
            if value:
                self.holders[column, value] = person

    def _match(self, candidate: Candidate) -> _Known | None:
        """``find_match``: email, then phone."""
        if candidate.email:
            person = self.holders.get(("email", candidate.email))
            if person is not None:
                return person
        if candidate.phone:
            return self.holders.get(("phone", candidate.phone))
        return None

    def _taking(self, column: str, value: str | None) -> None:
        if value and (column, value) in self.released:
            self._write()

    def _create(self, candidate: Candidate, snapshot_json: str) -> _Known:
        self._taking("email", candidate.email)
        self._taking("phone", candidate.phone)
        person = _Known(next(self.person_ids), self.project_id, candidate.name, candidate.first_name, candidate.last_name,
                        candidate.email, candidate.email_raw, candidate.phone, candidate.phone_raw, candidate.company,
                        candidate.attributes, stored=False)
        self._hold(person)
        self.unwritten.append(person)
        self.events.append((next(self.event_ids), person.id, "created", self.source.kind, self.source.id, None,
                            snapshot_json, self.now))
        return person

    def _merge(self, person: _Known, candidate: Candidate) -> dict:
        def identity_free(column: str, value: str) -> bool:
            holder = self.holders.get((column, value))
            return holder is None or holder is person

        changes = merge_changes(person, candidate, identity_free)
        if not changes:
            return changes
        for column in ("email", "phone"):
            if column in changes:
                old, new = changes[column]
                self._taking(column, new)
                if old:
                    del self.holders[column, old]
                    if person.stored:
                        self.released.add((column, old))
                self.holders[column, new] = person
        for name, (_, new) in changes.items():
            setattr(person, name, new)
        if person.stored and not person.changed:
            person.changed = True
            self.unwritten.append(person)
        self.events.append((next(self.event_ids), person.id, "merged", self.source.kind, self.source.id, None,
                            to_json(_merge_event_data(changes)), self.now))
        return changes

    def _write(self) -> None:
        """Merges into stored persons first (they may give up identities new persons take), then
        new persons, then the timeline; in multi-row statements, because SQLite's FTS5 index (the
        person table's search trigger) flushes once per statement that writes it."""
        label = self.source.label
        changed = [p for p in self.unwritten if p.stored]
        if changed:
            _update_many([(p.name, p.first_name, p.last_name, p.email, p.email_raw, p.phone, p.phone_raw, p.company,
                           to_json(p.attributes), label, self.now, p.id) for p in changed])
        insert_rows("person", PERSON_COLUMNS, [
            (p.id, p.project_id, p.name, p.first_name, p.last_name, p.email, p.email_raw, p.phone, p.phone_raw,
             p.company, to_json(p.attributes), label, label, self.now, self.now)
            for p in self.unwritten if not p.stored])
        insert_rows("person_event", EVENT_COLUMNS, self.events)
        for person in self.unwritten:
            person.stored, person.changed = True, False
        self.unwritten, self.events, self.released = [], [], set()


def _with_submitted(event_data: dict, snapshot_json: str) -> str:
    """``to_json({**event_data, "submitted": snapshot})`` from the snapshot's JSON, which the
    batch has encoded already for the "created" event."""
    if not event_data or "submitted" in event_data:
        return to_json({**event_data, "submitted": json.loads(snapshot_json)})
    return f'{to_json(event_data)[:-1]},"submitted":{snapshot_json}}}'


def _stored_time(moment):
    """A timestamp as SQLite's adapter would pass it (converted once, not once per row);
    PostgreSQL's driver takes the datetime itself."""
    return moment if is_postgres(database.obj) else moment.isoformat(" ")


def _update_many(rows: list[tuple]) -> None:
    """Set ``CHANGING_COLUMNS`` of persons: each row holds their values, then the person's id.
    SQLite: one ``UPDATE ... FROM (VALUES ...)`` per ``ROWS_PER_STATEMENT`` rows (for its search
    index); PostgreSQL: a statement per person."""
    if is_postgres(database.obj):
        assignments = ", ".join(f"{name} = ?" for name in CHANGING_COLUMNS)
        for row in rows:
            _execute(f"UPDATE person SET {assignments} WHERE id = ?", row)
        return
    width = len(CHANGING_COLUMNS) + 1
    assignments = ", ".join(f"{name} = v.column{n}" for n, name in enumerate(CHANGING_COLUMNS, start=1))
    row_marks = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        _execute(f"UPDATE person SET {assignments} FROM (VALUES {', '.join([row_marks] * len(chunk))}) AS v "
                 f"WHERE person.id = v.column{width}", tuple(chain.from_iterable(chunk)))

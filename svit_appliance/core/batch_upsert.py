"""Many persons in one go: ``upsert_many`` matches and merges a batch in memory and writes it
in one statement per table, with the same persons, merges and timeline as ``upsert_person`` on
each candidate in turn. The job worker, the contact form's writer and CSV import write this way.
"""
import json
from typing import NamedTuple

from ..store import persons as person_store
from ..store import timeline
from ..store.compact_json import to_json
from ..store.db import IntegrityError, savepoint
from ..store.models import utcnow
from ..store.persons import PersonRecord
from .ids import new_ids
from .persons import (
    Candidate,
    Source,
    UpsertResult,
    candidate_snapshot,
    merge_changes,
    merge_event_data,
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
        with savepoint():
            return _BatchUpsert(project_id, source, event_kind, items).run()
    except IntegrityError:  # another process wrote one of these persons meanwhile: one at a time
        return [_upsert_one(project_id, item, source, event_kind) for item in items]


def _upsert_one(project_id: str, item: Keyed, source: Source, event_kind: str) -> UpsertResult:
    return upsert_person(project_id, item.candidate, source, event_kind, item.event_data,
                         source_key=item.source_key, job_id=item.job_id)


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
        self.now = person_store.stored_time(utcnow())
        self.holders: dict[tuple[str, str], PersonRecord] = {}  # (column, value) -> the person holding it
        self.released: set[tuple[str, str]] = set()  # given up by a stored person, not yet written
        self.inserting: dict[str, PersonRecord] = {}  # new persons, not yet written (else they are stored)
        self.updating: dict[str, PersonRecord] = {}  # stored persons a merge changed, not yet written
        self.events: list[tuple] = []  # timeline rows, in the order of store.timeline.EVENT_COLUMNS
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
            snapshot_json = to_json(candidate_snapshot(candidate))
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
        return timeline.recorded_persons(self.event_kind, [item.source_key for item in self.items])

    def _read_holders(self) -> None:
        read: set[str] = set()
        for column in ("email", "phone"):
            values = sorted({getattr(item.candidate, column) for item in self.items} - {None})
            if not values:
                continue
            for person in person_store.persons_holding(self.project_id, column, values):
                if person.id not in read:  # else read already, by its other identity
                    read.add(person.id)
                    self._hold(person)

    def _hold(self, person: PersonRecord) -> None:
        for column in ("email", "phone"):
            value = getattr(person, column)
            if value:
                self.holders[column, value] = person

    def _match(self, candidate: Candidate) -> PersonRecord | None:
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

    def _create(self, candidate: Candidate, snapshot_json: str) -> PersonRecord:
        self._taking("email", candidate.email)
        self._taking("phone", candidate.phone)
        person = person_store.new_person(next(self.person_ids), self.project_id, candidate)
        self._hold(person)
        self.inserting[person.id] = person
        self.events.append((next(self.event_ids), person.id, "created", self.source.kind, self.source.id, None,
                            snapshot_json, self.now))
        return person

    def _merge(self, person: PersonRecord, candidate: Candidate) -> dict:
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
                    if person.id not in self.inserting:
                        self.released.add((column, old))
                self.holders[column, new] = person
        for name, (_, new) in changes.items():
            setattr(person, name, new)
        if person.id not in self.inserting:
            self.updating.setdefault(person.id, person)
        self.events.append((next(self.event_ids), person.id, "merged", self.source.kind, self.source.id, None,
                            to_json(merge_event_data(changes)), self.now))
        return changes

    def _write(self) -> None:
        """Merges into stored persons first (they may give up identities new persons take), then
        new persons, then the timeline; in multi-row statements, because SQLite's FTS5 index (the
        person table's search trigger) flushes once per statement that writes it."""
        label = self.source.label
        person_store.update_persons(list(self.updating.values()), label, self.now)
        person_store.insert_persons(list(self.inserting.values()), label, self.now)
        timeline.insert_events(self.events)
        self.inserting, self.updating, self.events, self.released = {}, {}, [], set()


def _with_submitted(event_data: dict, snapshot_json: str) -> str:
    """``to_json({**event_data, "submitted": snapshot})`` from the snapshot's JSON, which the
    batch has encoded already for the "created" event."""
    if not event_data or "submitted" in event_data:
        return to_json({**event_data, "submitted": json.loads(snapshot_json)})
    return f'{to_json(event_data)[:-1]},"submitted":{snapshot_json}}}'

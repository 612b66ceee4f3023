"""Persons: normalise what a source typed, match it to an existing person, merge or create.

``upsert_person`` writes one person; ``batch_upsert.upsert_many`` writes many with the same
result (the job worker, the contact form's writer and CSV import write that way). Both run
inside the caller's transaction and are idempotent per ``source_key``, so a job run twice leaves
the same persons and events.
"""
from dataclasses import dataclass, field
from typing import Any, Callable

from ..processors.base import PersonInput
from ..store import persons as person_store
from ..store import timeline
from ..store.db import IntegrityError, savepoint
from ..store.models import utcnow
from ..store.persons import PersonRecord
from .ids import new_id
from .normalise import InvalidField, normalise_email, normalise_phone

MAX_TEXT = 500
IDENTITY_ATTEMPTS = 3
PLAIN_FIELDS = ("name", "first_name", "last_name", "company")


@dataclass(frozen=True)
class Source:
    """Where a person's data came from: ``integration``, ``client_token`` or ``admin``."""

    kind: str
    id: str | None

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind


@dataclass
class Candidate:
    """A PersonInput after normalisation, ready to store (its fields are named as the person's
    columns: ``store.persons.new_person`` reads ``DATA_COLUMNS`` from it)."""

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    email_raw: str | None = None
    phone: str | None = None
    phone_raw: str | None = None
    company: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UpsertResult:
    person_id: str
    created: bool
    changes: dict


def _text(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text[:MAX_TEXT] or None


def display_name(first: str | None, last: str | None) -> str | None:
    return " ".join(part for part in (first, last) if part) or None


def normalise_person(person: PersonInput, region: str) -> Candidate:
    """Normalised email and phone next to the raw values; unreadable values are kept as typed."""
    candidate = Candidate(first_name=_text(person.first_name), last_name=_text(person.last_name),
                          company=_text(person.company), attributes=dict(person.attributes or {}))
    candidate.name = _text(person.name) or display_name(candidate.first_name, candidate.last_name)
    candidate.email_raw = _text(person.email)
    candidate.phone_raw = _text(person.phone)
    try:
        candidate.email = normalise_email(candidate.email_raw)
    except InvalidField as error:
        candidate.problems["email"] = str(error)
    try:
        candidate.phone = normalise_phone(candidate.phone_raw, region)
    except InvalidField as error:
        candidate.problems["phone"] = str(error)
    return candidate


def has_identity(candidate: Candidate) -> bool:
    return bool(candidate.email or candidate.phone or candidate.name)


def find_match(project_id: str, candidate: Candidate) -> PersonRecord | None:
    """Match order: email, then phone, within the project."""
    if candidate.email:
        person = person_store.find_by_email(project_id, candidate.email)
        if person is not None:
            return person
    if candidate.phone:
        return person_store.find_by_phone(project_id, candidate.phone)
    return None


def candidate_snapshot(candidate: Candidate) -> dict:
    """What a source said, as the timeline keeps it: the values given, what was typed where it
    differs from the normalised value, problems and attributes."""
    data = {k: getattr(candidate, k) for k in ("name", "email", "phone", "company") if getattr(candidate, k)}
    if candidate.email_raw and candidate.email_raw != candidate.email:
        data["emailTyped"] = candidate.email_raw
    if candidate.phone_raw and candidate.phone_raw != candidate.phone:
        data["phoneTyped"] = candidate.phone_raw
    if candidate.problems:
        data["problems"] = candidate.problems
    if candidate.attributes:
        data["attributes"] = candidate.attributes
    return data


def _event(person_id: str, kind: str, source: Source, data: dict, source_key: str | None = None,
           job_id: str | None = None) -> None:
    timeline.add_event(new_id("evt"), person_id, kind, source.kind, source_key or source.id, job_id, data, utcnow())


def _create(project_id: str, candidate: Candidate, source: Source) -> str:
    person = person_store.new_person(new_id("per"), project_id, candidate)
    person_store.insert_person(person, source.label, utcnow())
    return person.id


def _identity_free(project_id: str, column: str, value: str | None, person_id: str) -> bool:
    return bool(value) and not person_store.held_by_another(project_id, column, value, person_id)


def merge_changes(person, candidate: Candidate, identity_free: Callable[[str, str], bool] | None = None) -> dict:
    """Field -> [old, new] for everything the candidate fills or changes; nothing is dropped.
    ``identity_free(column, value)``: whether no one else holds that email or phone (by default
    asked of the database)."""
    if identity_free is None:
        def identity_free(column: str, value: str) -> bool:
            return _identity_free(person.project_id, column, value, person.id)
    changes: dict[str, list] = {}
    for name in PLAIN_FIELDS:
        new = getattr(candidate, name)
        if new and new != getattr(person, name):
            changes[name] = [getattr(person, name), new]
    for name in ("email", "phone"):
        new = getattr(candidate, name)
        if new and new != getattr(person, name) and identity_free(name, new):
            changes[name] = [getattr(person, name), new]
            changes[f"{name}_raw"] = [getattr(person, f"{name}_raw"), getattr(candidate, f"{name}_raw")]
    merged_attributes = {**(person.attributes or {}), **candidate.attributes}
    if merged_attributes != (person.attributes or {}):
        changes["attributes"] = [person.attributes, merged_attributes]
    return changes


def _apply(person: PersonRecord, changes: dict, source: Source) -> None:
    person_store.update_person(person.id, {name: new for name, (_, new) in changes.items()}, source.label, utcnow())


def merge_event_data(changes: dict) -> dict:
    """A merge as the timeline keeps it: the changed fields, and the names of changed attributes."""
    fields = {k: v for k, v in changes.items() if k != "attributes"}
    data = {"changes": fields}
    if "attributes" in changes:
        before, after = changes["attributes"]
        data["attributesChanged"] = sorted(k for k in after if (before or {}).get(k, object()) != after[k])
    return data


def _create_or_merge(project_id: str, candidate: Candidate, source: Source) -> UpsertResult:
    person = find_match(project_id, candidate)
    if person is None:
        person_id = _create(project_id, candidate, source)
        _event(person_id, "created", source, candidate_snapshot(candidate))
        return UpsertResult(person_id, True, {})
    changes = merge_changes(person, candidate)
    if changes:
        _apply(person, changes, source)
        _event(person.id, "merged", source, merge_event_data(changes))
    return UpsertResult(person.id, False, changes)


def _recorded_person(source_key: str | None, event_kind: str) -> str | None:
    return None if source_key is None else timeline.recorded_person(source_key, event_kind)


def _write_unrecorded(project_id: str, candidate: Candidate, source: Source, event_kind: str, event_data: dict,
                      source_key: str | None, job_id: str | None) -> UpsertResult:
    result = _create_or_merge(project_id, candidate, source)
    _event(result.person_id, event_kind, source, {**event_data, "submitted": candidate_snapshot(candidate)},
           source_key=source_key, job_id=job_id)
    return result


def upsert_person(project_id: str, candidate: Candidate, source: Source, event_kind: str,
                  event_data: dict, source_key: str | None = None, job_id: str | None = None) -> UpsertResult:
    """Create or merge one person and add ``event_kind`` (``ingested``/``form_submitted``) to its timeline.

    ``source_key`` (e.g. ``job_...#0``) makes the call idempotent: a second call with the same
    key finds the event of the first and changes nothing. Unique constraints on email and phone
    settle races between workers: on a conflict the lookup runs again and merges.
    """
    for attempt in range(IDENTITY_ATTEMPTS):
        try:
            with savepoint():
                recorded = _recorded_person(source_key, event_kind)
                if recorded is not None:
                    return UpsertResult(recorded, False, {})
                return _write_unrecorded(project_id, candidate, source, event_kind, event_data, source_key, job_id)
        except IntegrityError:
            if attempt == IDENTITY_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def rewrite_person(project_id: str, candidate: Candidate, source: Source, event_data: dict,
                   source_key: str, job_id: str) -> UpsertResult:
    """Write one person of a job run again (reprocessing a stored body through the current processor).

    The person an earlier run of the same ``source_key`` wrote is updated in place with what the
    processor finds now, so running again never duplicates; a key with no earlier person (the
    processor finds more persons now, or that person was deleted) is upserted as ingestion does.
    """
    with savepoint():
        recorded = _recorded_person(source_key, "ingested")
        person = person_store.find_by_id(recorded) if recorded else None
        if person is None:
            return upsert_person(project_id, candidate, source, "ingested", event_data, source_key=source_key,
                                 job_id=job_id)
        changes = merge_changes(person, candidate)
        if changes:
            _apply(person, changes, source)
            _event(person.id, "merged", source, {**merge_event_data(changes), "reprocessed": job_id})
        return UpsertResult(person.id, False, changes)

"""Persons changed by hand: edit (normalised like ingestion, recorded in the timeline), erase, and
the record of an export."""
from ..core import subject
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..core.normalise import InvalidField, normalise_email, normalise_phone
from ..store import persons as person_store
from ..store import subject as subject_store
from ..store import timeline
from ..store.access import find_project
from ..store.db import IntegrityError
from ..store.models import Person, utcnow
from .checks import MAX_NAME, in_project
from .op import Op, operation

EDITABLE = ("name", "first_name", "last_name", "email", "phone", "company")


class InvalidFields(Refused):
    """Some of the typed values cannot be saved; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def get_person(person_id: str, project_id: str | None = None) -> Person:
    person = person_store.find_person(person_id)
    if not in_project(person, project_id):
        raise Missing(f"Person {person_id} not found")
    return person


def _cleaned(values: dict, region: str) -> dict:
    """Trimmed text for every editable field given, plus the normalised email and phone."""
    errors, cleaned = {}, {}
    for field in EDITABLE:
        if field not in values:
            continue
        value = (values[field] or "").strip()
        if len(value) > MAX_NAME:
            errors[field] = f"At most {MAX_NAME} characters"
        cleaned[field] = value or None
    for field, normalise in (("email", normalise_email), ("phone", lambda v: normalise_phone(v, region))):
        if field in cleaned and field not in errors:
            try:
                cleaned[f"{field}_raw"], cleaned[field] = cleaned[field], normalise(cleaned[field])
            except InvalidField as error:
                errors[field] = str(error)
    if errors:
        raise InvalidFields(errors)
    return cleaned


@operation("person.edit")
def edit_person(op: Op, person_id: str, values: dict, project_id: str | None = None) -> dict:
    """Change the fields given in ``values`` (as typed; blank clears); returns field -> {from, to}."""
    person = get_person(person_id, project_id)
    cleaned = _cleaned(values, find_project(person.project_id).default_region)
    changes = {f: {"from": getattr(person, f), "to": cleaned[f]} for f in EDITABLE
               if f in cleaned and getattr(person, f) != cleaned[f]}
    if not changes:
        return {}
    now = utcnow()
    try:
        with op.writing():
            person_store.set_fields(person.id, {**cleaned, "updated_at": now})
            timeline.add_event(new_id("evt"), person.id, "edited", op.actor.kind, op.actor.id, None,
                               {"changes": changes}, now)
            op.audit(person.id, {"fields": sorted(changes)})
    except IntegrityError:
        raise InvalidFields({"email": "Another person of this project already has this email or phone"}) from None
    return changes


@operation("person.erase")
def erase_person(op: Op, person_id: str, project_id: str | None = None) -> dict:
    """Erase the person from every table and raw body that holds them (``core.subject.erase``); the
    audit entry says an erasure happened and how much went, never what.

    Every delete and the audit entry commit together; the WAL checkpoint that empties the log of
    the deleted data runs after the commit (it cannot run inside a transaction)."""
    person = get_person(person_id, project_id)
    mentions = subject.mentions_of(person)  # reads the project's job bodies: before the write lock
    with subject_store.overwriting_freed_bytes(), op.writing():
        erased = subject.erase(person, mentions)
        op.audit(person.id, erased)
    return {**erased, "walCheckpointed": subject_store.checkpoint()}


@operation("person.export")
def record_export(op: Op, project_id: str, details: dict) -> None:
    """Audit an export of the project's persons (the file went to the admin; nothing else changes).
    ``details`` say how the list was narrowed, never what was searched for."""
    with op.writing():
        op.audit(project_id, details)

"""Persons changed by hand: edit (normalised like ingestion, recorded in the timeline) and erase."""
from peewee import IntegrityError

from ..core import subject
from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..core.normalise import InvalidField, normalise_email, normalise_phone
from ..store.db import write_transaction
from ..store.models import Person, PersonEvent, Project, utcnow
from .checks import MAX_NAME, in_project

EDITABLE = ("name", "first_name", "last_name", "email", "phone", "company")


class InvalidFields(Refused):
    """Some of the typed values cannot be saved; ``errors`` maps each field to its reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def get_person(person_id: str, project_id: str | None = None) -> Person:
    person = Person.get_or_none(Person.id == person_id)
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


def edit_person(actor: Actor, person_id: str, values: dict, project_id: str | None = None) -> dict:
    """Change the fields given in ``values`` (as typed; blank clears); returns field -> {from, to}."""
    person = get_person(person_id, project_id)
    cleaned = _cleaned(values, Project.get_by_id(person.project_id).default_region)
    changes = {f: {"from": getattr(person, f), "to": cleaned[f]} for f in EDITABLE
               if f in cleaned and getattr(person, f) != cleaned[f]}
    if not changes:
        return {}
    try:
        with write_transaction():
            Person.update(**cleaned, updated_at=utcnow()).where(Person.id == person.id).execute()
            PersonEvent.create(id=new_id("evt"), person=person.id, kind="edited", source_type=actor.kind,
                               source_id=actor.id, data={"changes": changes})
    except IntegrityError:
        raise InvalidFields({"email": "Another person of this project already has this email or phone"}) from None
    record(actor, "person.edit", person.id, {"fields": sorted(changes)})
    return changes


def erase_person(actor: Actor, person_id: str, project_id: str | None = None) -> dict:
    """Erase the person from every table and raw body that holds them (``core.subject.erase``); the
    audit entry says an erasure happened and how much went, never what."""
    person = get_person(person_id, project_id)
    erased = subject.erase(person)
    record(actor, "person.erase", person.id, {k: v for k, v in erased.items() if k != "walCheckpointed"})
    return erased

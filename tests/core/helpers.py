"""What the person tests share: the CLI's actor, a person written in through the normal path, and
a person's timeline."""
from svit_appliance.core.audit import Actor
from svit_appliance.core.persons import Source, normalise_person, upsert_person
from svit_appliance.processors.base import PersonInput
from svit_appliance.store.models import Person, PersonEvent

CLI = Actor.cli()


def person(project, key: str, **fields) -> Person:
    candidate = normalise_person(PersonInput(**fields), project.default_region)
    result = upsert_person(project.id, candidate, Source("integration", "int_x"), "ingested", {}, source_key=key)
    return Person.get_by_id(result.person_id)


def timeline(person_id: str) -> list[str]:
    return [e.id for e in PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.id)]

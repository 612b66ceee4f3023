"""Matching and merging persons on a real SQLite database."""
import threading

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.persons import Keyed, Source, normalise_person, upsert_many, upsert_person
from svit_appliance.operations.projects import create_project
from svit_appliance.processors.base import PersonInput
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person, PersonEvent

SOURCE = Source("integration", "int_test")


@pytest.fixture
def project(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield create_project(Actor.cli(), "Acme", "GB")
    db.close()


def upsert(project, source_key=None, **fields):
    candidate = normalise_person(PersonInput(**fields), project.default_region)
    return upsert_person(project.id, candidate, SOURCE, "ingested", {"jobId": "job_x"}, source_key=source_key)


def kinds(person_id):
    return [e.kind for e in PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.id)]


def test_it_creates_a_person_with_normalised_and_typed_values(project):
    result = upsert(project, name="  Zoë Ångström ", email=" Zoe@Example.COM ", phone="020 7946 0958")
    person = Person.get_by_id(result.person_id)
    assert result.created
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", "zoe@example.com", "+442079460958")
    assert (person.email_raw, person.phone_raw) == ("Zoe@Example.COM", "020 7946 0958")
    assert kinds(person.id) == ["created", "ingested"]


def test_it_joins_first_and_last_name_when_no_name_is_given(project):
    person = Person.get_by_id(upsert(project, first_name="Иван", last_name="Петров").person_id)
    assert person.name == "Иван Петров"


def test_it_merges_on_email_and_fills_empty_fields(project):
    first = upsert(project, email="ada@example.com")
    second = upsert(project, email="ADA@example.com", phone="+44 20 7946 0958", company="Engines")
    person = Person.get_by_id(first.person_id)
    assert second.person_id == first.person_id and not second.created
    assert (person.phone, person.company) == ("+442079460958", "Engines")
    assert kinds(person.id) == ["created", "ingested", "merged", "ingested"]
    merged = PersonEvent.get(PersonEvent.person == person.id, PersonEvent.kind == "merged")
    assert merged.data["changes"]["company"] == [None, "Engines"]


def test_it_matches_on_phone_when_email_is_unknown(project):
    first = upsert(project, phone="+44 20 7946 0958")
    second = upsert(project, phone="02079460958", email="new@example.com")
    assert second.person_id == first.person_id
    assert Person.get_by_id(first.person_id).email == "new@example.com"


def test_it_prefers_the_email_match_and_never_steals_a_phone(project):
    by_email = upsert(project, email="a@example.com")
    by_phone = upsert(project, phone="+442079460958")
    result = upsert(project, email="a@example.com", phone="+442079460958")
    assert result.person_id == by_email.person_id
    assert Person.get_by_id(by_email.person_id).phone is None
    assert Person.get_by_id(by_phone.person_id).phone == "+442079460958"


def test_it_is_idempotent_per_source_key(project):
    first = upsert(project, source_key="job_1#0", name="No Contact")
    again = upsert(project, source_key="job_1#0", name="No Contact")
    assert again.person_id == first.person_id
    assert Person.select().count() == 1
    assert kinds(first.person_id) == ["created", "ingested"]


def test_it_keeps_unreadable_values_as_typed(project):
    person = Person.get_by_id(upsert(project, name="X", email="not-an-email", phone="12").person_id)
    assert (person.email, person.email_raw, person.phone, person.phone_raw) == (None, "not-an-email", None, "12")
    created = PersonEvent.get(PersonEvent.person == person.id, PersonEvent.kind == "created")
    assert set(created.data["problems"]) == {"email", "phone"}


def test_it_keeps_attributes_and_updates_changed_values(project):
    first = upsert(project, email="a@example.com", name="Old", attributes={"plan": "free", "utm": "x"})
    upsert(project, email="a@example.com", name="New", attributes={"plan": "pro"})
    person = Person.get_by_id(first.person_id)
    assert person.name == "New"
    assert person.attributes == {"plan": "pro", "utm": "x"}


def test_it_never_creates_two_persons_under_concurrent_upserts(project, tmp_path):
    errors, barrier = [], threading.Barrier(8)

    def worker(n):
        try:
            barrier.wait()
            upsert(project, email="race@example.com", name=f"Racer {n}")
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.select().where(Person.email == "race@example.com").count() == 1


# One batch mixing every case: new persons, one repeated inside the batch, one matching a stored
# person, one whose merge gives the stored person a phone a later row of the batch carries.
BATCH = [
    dict(name="Ada", email="ada@example.com"),
    dict(name="Bob", email="bob@example.com", phone="020 7946 0001"),
    dict(email="ADA@example.com", company="Engines"),
    dict(email="stored@example.com", phone="020 7946 0002"),
    dict(name="Cy", phone="020 7946 0002"),
    dict(name="Dee", email="dee@example.com", attributes={"plan": "pro"}),
]


def stored_state():
    persons = sorted((p.name, p.email, p.phone, p.company, p.first_source, str(p.attributes)) for p in Person.select())
    events = sorted((e.kind, e.source_id) for e in PersonEvent.select())
    return persons, events


def write_batch(project, many: bool, key_prefix: str = "imp_1"):
    upsert(project, name="Stored", email="stored@example.com")
    items = [Keyed(normalise_person(PersonInput(**fields), project.default_region), f"{key_prefix}#{n}", {"line": n})
             for n, fields in enumerate(BATCH)]
    if many:
        return upsert_many(project.id, items, SOURCE, "imported")
    return [upsert_person(project.id, i.candidate, SOURCE, "imported", i.event_data, source_key=i.source_key)
            for i in items]


def test_it_writes_a_batch_exactly_as_one_upsert_per_candidate(project, tmp_path):
    batched = write_batch(project, many=True)
    batched_state = stored_state()
    Person.delete().execute()
    PersonEvent.delete().execute()
    single = write_batch(project, many=False)
    assert [r.created for r in batched] == [r.created for r in single] == [True, True, False, False, False, True]
    assert batched[2].person_id == batched[0].person_id
    assert batched[4].person_id == batched[3].person_id
    assert stored_state() == batched_state


def test_it_changes_nothing_when_a_batch_comes_again(project):
    first = write_batch(project, many=True)
    before = stored_state()
    items = [Keyed(normalise_person(PersonInput(**fields), project.default_region), f"imp_1#{n}", {"line": n})
             for n, fields in enumerate(BATCH)]
    again = upsert_many(project.id, items, SOURCE, "imported")
    assert [r.person_id for r in again] == [r.person_id for r in first]
    assert not any(r.created for r in again)
    assert stored_state() == before

"""The person table's statements: columns from the model, and records that read like the model's."""
import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.persons import Source, normalise_person, upsert_person
from svit_appliance.core.views import person_view
from svit_appliance.operations.projects import create_project
from svit_appliance.processors.base import PersonInput
from svit_appliance.settings import Settings
from svit_appliance.store import persons
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person


@pytest.fixture
def project(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield create_project(Actor.cli(), "Acme", "GB")
    db.close()


def stored_person(project, **fields) -> str:
    candidate = normalise_person(PersonInput(**fields), project.default_region)
    return upsert_person(project.id, candidate, Source("admin", None), "ingested", {}).person_id


def test_it_takes_the_person_columns_from_the_model_in_the_order_the_statements_write_them():
    assert persons.PERSON_COLUMNS == tuple(field.column_name for field in Person._meta.sorted_fields)
    assert persons.DATA_COLUMNS == ("name", "first_name", "last_name", "email", "email_raw", "phone", "phone_raw",
                                    "company", "attributes")
    assert persons.CHANGING_COLUMNS == (*persons.DATA_COLUMNS, "last_source", "updated_at")


def test_it_reads_a_person_record_as_the_model_reads_the_row(project):
    person_id = stored_person(project, name="Ada Lovelace", email="Ada@Example.com", phone="020 7946 0958",
                              attributes={"plan": "pro"})
    record = persons.find_by_id(person_id)
    assert person_view(record) == person_view(Person.get_by_id(person_id))
    assert record.attributes == {"plan": "pro"} and record.created_at == Person.get_by_id(person_id).created_at


def test_it_finds_persons_by_email_phone_and_ids_and_skips_unknown_ids(project):
    first = stored_person(project, email="ada@example.com")
    second = stored_person(project, phone="+442079460958")
    assert persons.find_by_email(project.id, "ada@example.com").id == first
    assert persons.find_by_phone(project.id, "+442079460958").id == second
    assert persons.find_by_email("prj_other", "ada@example.com") is None
    assert sorted(persons.persons_by_id([first, "per_missing", second, first])) == sorted([first, second])


def test_it_tells_whether_another_person_holds_an_email(project):
    first = stored_person(project, email="ada@example.com")
    second = stored_person(project, email="grace@example.com")
    assert persons.held_by_another(project.id, "email", "ada@example.com", second)
    assert not persons.held_by_another(project.id, "email", "ada@example.com", first)

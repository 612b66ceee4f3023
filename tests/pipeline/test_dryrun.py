"""The dry-run on a real SQLite database: it agrees with what the job then writes, and writes nothing."""
import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.core.persons import Source, normalise_person, upsert_person
from svit_appliance.operations.integrations import create_integration
from svit_appliance.operations.projects import create_project
from svit_appliance.pipeline.dryrun import describe, dry_run
from svit_appliance.processors import get_integration_type
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person, PersonEvent


@pytest.fixture
def integration(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    project = create_project(Actor.cli(), "Acme", "GB")
    yield create_integration(Actor.cli(), project.id, "WEBHOOK", "site")
    db.close()


def write_for_real(integration, payload, job_id: str = "job_seed") -> list[str]:
    """What a job does with the payload: the processor, then one upsert per person."""
    found = get_integration_type(integration.type).process(payload, {})
    source = Source("integration", integration.id)
    return [upsert_person(integration.project_id, normalise_person(p, "GB"), source, "ingested", {},
                          source_key=f"{job_id}#{i}").person_id for i, p in enumerate(found)]


def counts() -> tuple[int, int]:
    return Person.select().count(), PersonEvent.select().count()


def test_it_predicts_what_the_job_then_writes(integration):
    [existing] = write_for_real(integration, {"name": "Ada", "email": "ada@example.com"})
    payload = [{"email": "ada@example.com", "phone": "020 7946 0958"}, {"name": "Bob", "email": "bob@example.com"},
               {"email": "bob@example.com", "company": "Bob Ltd"}]
    before = counts()
    result = dry_run(integration, payload)
    assert counts() == before
    assert [(p["decision"], p["personId"]) for p in result.persons] == [("update", existing), ("new", None),
                                                                         ("update", None)]
    written = write_for_real(integration, payload, "job_real")
    assert written[0] == existing and written[1] == written[2] != existing
    ada, bob = Person.get_by_id(existing), Person.get_by_id(written[1])
    assert result.persons[0]["changes"]["phone"] == {"from": None, "to": ada.phone}
    assert result.persons[2]["changes"] == {"company": {"from": None, "to": bob.company}}


def test_it_describes_each_person_in_one_line(integration):
    [existing] = write_for_real(integration, {"name": "Ada", "email": "ada@example.com"})
    result = dry_run(integration, [{"name": "Ada King", "email": "ada@example.com", "phone": "020 7946 0958"},
                                   {"name": "Eve", "email": "eve@example.com"}])
    assert [describe(p) for p in result.persons] == [
        f"would update {existing} (Ada King ada@example.com +442079460958): name changed, phone added",
        "new person: Eve eve@example.com"]


def test_it_refuses_a_type_without_processor(integration):
    other = create_integration(Actor.cli(), integration.project_id, "OTHER", "legacy")
    with pytest.raises(Refused, match="has no processor: change the type") as refused:
        dry_run(other, {"email": "ada@example.com"})
    assert refused.value.field == "type"


def test_it_follows_a_person_created_earlier_in_the_body_through_its_changes(integration):
    payload = [{"email": "a@example.com"}, {"email": "a@example.com", "phone": "020 7946 0001"},
               {"email": "b@example.com", "phone": "020 7946 0001"}, {"email": "a@example.com"},
               {"email": "b@example.com", "company": "B Ltd"}]
    result = dry_run(integration, payload)
    # the third record finds the first by its new phone and moves it to b@: a@ is free again
    assert [p["decision"] for p in result.persons] == ["new", "update", "update", "new", "update"]
    assert result.persons[2]["changes"]["email"] == {"from": "a@example.com", "to": "b@example.com"}
    written = write_for_real(integration, payload)
    assert written[0] == written[1] == written[2] == written[4] != written[3]

"""Merging two persons and undoing it, on a real SQLite database: both come back exactly."""
from datetime import timedelta

import pytest

from svit_appliance.core.errors import Refused
from svit_appliance.core.merges import snapshot
from svit_appliance.operations.merges import merge_persons, unmerge_persons
from svit_appliance.operations.projects import create_project
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import AuditEntry, Person, PersonEvent, PersonMerge
from tests.core.helpers import CLI, person, timeline


@pytest.fixture
def project(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield create_project(CLI, "Acme", "UA")
    db.close()


def test_it_merges_with_the_fields_picked_and_keeps_both_timelines(project):
    keep = person(project, "a", name="Olena", email="olena.k@gmail.com", company="Acme", attributes={"a": 1})
    other = person(project, "b", name="Olena Koval", email="olenak+shop@gmail.com", phone="050 123 4567",
                   attributes={"b": 2})
    events = timeline(keep.id) + timeline(other.id)
    merge = merge_persons(CLI, keep.id, other.id, ["name", "phone"])
    merged = Person.get_by_id(keep.id)
    assert (merged.name, merged.email, merged.phone, merged.phone_raw, merged.company) == (
        "Olena Koval", "olena.k@gmail.com", "+380501234567", "050 123 4567", "Acme")
    assert merged.attributes == {"a": 1, "b": 2}
    assert Person.get_or_none(Person.id == other.id) is None
    after = timeline(keep.id)
    assert set(events) < set(after)
    note = PersonEvent.get_by_id(merge.merge_event_id)
    assert (note.kind, note.data["mergedFrom"], note.data["took"]) == ("merged", other.id, ["name", "phone"])
    assert AuditEntry.select().where(AuditEntry.action == "person.merge").count() == 1


def test_it_undoes_a_merge_exactly(project):
    keep = person(project, "a", name="Ann", email="ann@example.com")
    other = person(project, "b", name="Ann B", email="ann.b@example.com", phone="+1 202 555 0143")
    before = (snapshot(keep), snapshot(other), timeline(keep.id), timeline(other.id))
    merge = merge_persons(CLI, keep.id, other.id, ["email", "phone"])
    unmerge_persons(CLI, merge.id)
    after = (snapshot(Person.get_by_id(keep.id)), snapshot(Person.get_by_id(other.id)), timeline(keep.id),
             timeline(other.id))
    assert after == before
    assert PersonMerge.get_by_id(merge.id).undone_at is not None
    with pytest.raises(Refused, match="already undone"):
        unmerge_persons(CLI, merge.id)


def test_it_refuses_to_undo_after_thirty_days(project):
    keep, other = person(project, "a", email="x@example.com"), person(project, "b", email="y@example.com")
    merge = merge_persons(CLI, keep.id, other.id)
    PersonMerge.update(created_at=merge.created_at - timedelta(days=31)).where(PersonMerge.id == merge.id).execute()
    with pytest.raises(Refused, match="older than 30 days"):
        unmerge_persons(CLI, merge.id)


def test_it_forgets_a_merges_copies_when_the_person_is_erased(project):
    from svit_appliance.operations.persons import erase_person

    keep, other = person(project, "a", email="k@example.com"), person(project, "b", email="gone@example.com")
    merge_persons(CLI, keep.id, other.id)
    erase_person(CLI, keep.id)
    assert PersonMerge.select().count() == 0

"""Merge and undo on PostgreSQL: both persons come back exactly."""
from svit_appliance.core.audit import Actor
from svit_appliance.core.merges import snapshot
from svit_appliance.operations.merges import merge_persons, unmerge_persons
from svit_appliance.operations.projects import create_project
from svit_appliance.store.models import Person
from tests.core.helpers import person, timeline


def test_it_merges_and_undoes_exactly_on_postgres(pg_db):
    project = create_project(Actor.cli(), "Acme", "US")
    keep = person(project, "a", name="Ann", email="ann@example.com", attributes={"x": 1})
    other = person(project, "b", name="Ann B", email="ann.b@example.com", phone="+1 202 555 0143")
    before = (snapshot(keep), snapshot(other), timeline(keep.id), timeline(other.id))
    merge = merge_persons(Actor.cli(), keep.id, other.id, ["email", "phone"])
    assert Person.get_by_id(keep.id).email == "ann.b@example.com"
    unmerge_persons(Actor.cli(), merge.id)
    assert (snapshot(Person.get_by_id(keep.id)), snapshot(Person.get_by_id(other.id)), timeline(keep.id),
            timeline(other.id)) == before

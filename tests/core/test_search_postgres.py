"""Console person search on PostgreSQL (the scale-out engine): the search functions in-process on a
real database, and the console's persons page of a real server running on it."""
import pytest

from svit_appliance.core.search import search_term
from svit_appliance.store.search import all_matches, search_persons
from tests.console import seed


@pytest.mark.parametrize("query, expected", [
    ("grace", ["Grace Hopper"]),
    ("ada@", ["Ada Lovelace"]),
    ("+1 415 555", ["Grace Hopper"]),
    ("nobody", []),
])
def test_it_searches_persons_on_postgres(pg_db, query, expected):
    from svit_appliance.core.audit import Actor
    from svit_appliance.operations.projects import create_project

    project = create_project(Actor.cli(), f"pg {query}", "US")
    seed.person(project.id, "Ada Lovelace", "ada@example.com", "+442079460958")
    seed.person(project.id, "Grace Hopper", "grace@example.com", "+14155550100")
    found = search_persons(pg_db, project.id, search_term(query), None, 50, 0)
    assert [p.name for p in found] == expected


def test_it_exports_every_match_once_across_batches_on_postgres(pg_db):
    from datetime import datetime

    from svit_appliance.core.audit import Actor
    from svit_appliance.operations.projects import create_project

    project = create_project(Actor.cli(), "pg export", "US")
    made = {seed.person(project.id, f"Batch {n}", f"batch{n}@example.com", None, created_at=datetime(2026, 1, 1)).id
            for n in range(7)}
    for term, expected in ((None, made), ("batch", made)):
        ids = [p.id for rows in all_matches(pg_db, project.id, term, None, batch=3) for p in rows]
        assert len(ids) == len(set(ids)) and set(ids) == expected


def test_it_filters_sorts_and_counts_on_postgres(pg_db):
    from svit_appliance.core.audit import Actor
    from svit_appliance.operations.projects import create_project
    from svit_appliance.store.search import PersonFilter, count_persons

    project = create_project(Actor.cli(), "pg filters", "US")
    seed.person(project.id, "Zoe Mail", "zoe@example.com", None)
    seed.person(project.id, "Abe Phone", None, "+14155550111")
    seed.person(project.id, "Max Both", "max@example.com", "+14155550112")
    has_phone = PersonFilter(has_phone=True)
    assert [p.name for p in search_persons(pg_db, project.id, None, has_phone, 50, 0, sort="name")] == \
        ["Abe Phone", "Max Both"]
    assert count_persons(pg_db, project.id, None, PersonFilter(has_email=True)) == 2
    assert count_persons(pg_db, project.id, "max", has_phone) == 1
    assert count_persons(pg_db, project.id, None, None, cap=1) == 2  # counting stops at cap + 1

"""Person search and export batching on SQLite, in-process against a real database file."""
from datetime import datetime

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.core.search import search_term
from svit_appliance.operations.projects import create_project
from svit_appliance.store.search import all_matches, search_persons
from tests.console import seed
from tests.console.seed import storage


@pytest.mark.parametrize("typed, term", [
    ("  Ada   LOVELACE ", "ada lovelace"),
    ("+44 (20) 7946-0958", "442079460958"),
    ("ada@example.com", "ada@example.com"),
    ("12", "12"),
])
def test_it_turns_what_was_typed_into_a_search_term(typed, term):
    assert search_term(typed) == term


@pytest.mark.parametrize("typed", ["\x00\x00\x00", "ada\x00lovelace", "\x1b[2J"])
def test_it_refuses_control_characters_in_a_search(typed):
    with pytest.raises(Refused, match="control character"):
        search_term(typed)


def test_it_reads_tabs_and_line_breaks_as_spaces():
    assert search_term("ada\tlove\r\nlace") == "ada love lace"


@pytest.mark.parametrize("term, source, expected", [
    (None, None, 7),
    ("same", None, 7),
    ("same", "int_a", 4),
    (None, "int_b", 3),
])
def test_it_exports_every_match_once_across_batches(tmp_path, term, source, expected):
    tie = datetime(2026, 1, 1)  # identical times: the id breaks the tie, nothing is skipped or repeated
    with storage(tmp_path) as db:
        project = create_project(Actor.cli(), "Export", "US")
        made = [seed.person(project.id, f"Same Name {n}", f"p{n}@example.com", None,
                            source="int_a" if n % 2 == 0 else "int_b", created_at=tie).id for n in range(7)]
        batches = list(all_matches(db, project.id, term, source, batch=3))
        ids = [p.id for rows in batches for p in rows]
        assert len(ids) == len(set(ids)) == expected
        assert set(ids) <= set(made)
        assert all(len(rows) <= 3 for rows in batches)


def test_it_keeps_search_within_the_project(tmp_path):
    with storage(tmp_path) as db:
        mine, other = create_project(Actor.cli(), "Mine", "US"), create_project(Actor.cli(), "Other", "US")
        seed.person(mine.id, "Shared Name", "a@example.com", None)
        seed.person(other.id, "Shared Name", "b@example.com", None)
        found = search_persons(db, mine.id, "shared", None, 50, 0)
        assert [p.email for p in found] == ["a@example.com"]


def test_it_follows_edits_and_deletes_in_the_index(tmp_path):
    from svit_appliance.store.models import Person

    with storage(tmp_path) as db:
        project = create_project(Actor.cli(), "Index", "US")
        person = seed.person(project.id, "Old Name", "old@example.com", None)
        Person.update(name="Brand New").where(Person.id == person.id).execute()
        assert search_persons(db, project.id, "old name", None, 50, 0) == []
        assert [p.id for p in search_persons(db, project.id, "brand new", None, 50, 0)] == [person.id]
        Person.delete().where(Person.id == person.id).execute()
        assert search_persons(db, project.id, "brand new", None, 50, 0) == []

"""Matching and merging persons on a real SQLite database."""
import json
import threading

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.batch_upsert import Keyed, _BatchUpsert, upsert_many
from svit_appliance.core.persons import (
    IDENTITY_ATTEMPTS,
    Candidate,
    Source,
    UpsertResult,
    find_match,
    has_identity,
    normalise_person,
    upsert_person,
)
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
    events = sorted((e.kind, e.source_id, e.job_id) for e in PersonEvent.select())
    return persons, events


def write_batch(project, many: bool, key_prefix: str = "imp_1"):
    upsert(project, name="Stored", email="stored@example.com")
    items = [Keyed(normalise_person(PersonInput(**fields), project.default_region), f"{key_prefix}#{n}", {"line": n},
                   job_id=f"job_{n % 2}") for n, fields in enumerate(BATCH)]
    if many:
        return upsert_many(project.id, items, SOURCE, "imported")
    return [upsert_person(project.id, i.candidate, SOURCE, "imported", i.event_data, source_key=i.source_key,
                          job_id=i.job_id) for i in items]


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


# merges that move identities: a phone match gives its person a new email (giving up the old
# one, which a later row takes), merges into persons created earlier in the same batch
STORED_FOR_MOVES = [dict(name="S", email="s1@example.com", phone="020 7946 0010"),
                    dict(name="Q", phone="020 7946 0030"),
                    dict(name="R", email="r@example.com", phone="020 7946 0020")]
MOVES = [
    dict(name="S New", email="s2@example.com", phone="020 7946 0010"),
    dict(name="T", email="s1@example.com"),
    dict(name="U", email="u@example.com", phone="020 7946 0011"),
    dict(email="u@example.com", phone="020 7946 0012", attributes={"plan": "pro"}),
    dict(name="V", phone="020 7946 0011"),
    dict(email="s2@example.com", company="Acme", attributes={"seats": 3}),
    dict(email="x@example.com", phone="020 7946 0020"),
    dict(name="W", email="w@example.com", phone="020 7946 0021"),
    dict(email="r@example.com", phone="020 7946 0030"),
    dict(name="U Again", email="u@example.com"),
]


def whole_state():
    """Every person with its timeline in order, event data included (ids and times left out)."""
    persons = {}
    for p in Person.select():
        timeline = [(e.kind, e.source_id, e.job_id, json.dumps(e.data, sort_keys=True))
                    for e in PersonEvent.select().where(PersonEvent.person == p.id)
                    .order_by(PersonEvent.created_at, PersonEvent.id)]
        persons[p.name] = (p.email, p.email_raw, p.phone, p.phone_raw, p.company, str(p.attributes), p.first_source,
                           p.last_source, timeline)
    return persons


def write_moves(project, many: bool):
    for fields in STORED_FOR_MOVES:
        upsert(project, **fields)
    items = [Keyed(normalise_person(PersonInput(**fields), project.default_region), f"imp_m#{n}", {"line": n})
             for n, fields in enumerate(MOVES)]
    if many:  # the batch itself, not upsert_many, which would write one at a time after a conflict
        return _BatchUpsert(project.id, SOURCE, "imported", items).run()
    return [upsert_person(project.id, i.candidate, SOURCE, "imported", i.event_data, source_key=i.source_key)
            for i in items]


def test_a_batch_moving_identities_writes_what_one_upsert_per_candidate_writes(project):
    batched = write_moves(project, many=True)
    batched_state = whole_state()
    Person.delete().execute()
    PersonEvent.delete().execute()
    single = write_moves(project, many=False)
    assert [(r.created, r.changes) for r in batched] == [(r.created, r.changes) for r in single]
    assert whole_state() == batched_state
    assert batched_state["T"][0] == "s1@example.com" and batched_state["Q"][0] == "r@example.com"
    assert batched_state["U Again"][2] == "+442079460012"


def test_it_changes_nothing_when_a_batch_comes_again(project):
    first = write_batch(project, many=True)
    before = stored_state()
    items = [Keyed(normalise_person(PersonInput(**fields), project.default_region), f"imp_1#{n}", {"line": n})
             for n, fields in enumerate(BATCH)]
    again = upsert_many(project.id, items, SOURCE, "imported")
    assert [r.person_id for r in again] == [r.person_id for r in first]
    assert not any(r.created for r in again)
    assert stored_state() == before


def test_it_writes_a_batch_larger_than_one_insert_statement_and_finds_it_in_search(project):
    from svit_appliance.store.db import ROWS_PER_STATEMENT, database
    from svit_appliance.store.search import search_persons

    count = ROWS_PER_STATEMENT * 2 + 7
    items = [Keyed(normalise_person(PersonInput(name=f"Batch Person {n}", email=f"b{n}@example.com"), "GB"),
                   f"imp_big#{n}", {"line": n}) for n in range(count)]
    results = upsert_many(project.id, items, SOURCE, "imported")
    assert all(r.created for r in results) and len({r.person_id for r in results}) == count
    assert Person.select().count() == count
    assert PersonEvent.select().count() == 2 * count
    found = search_persons(database.obj, project.id, f"b{count - 1}@example", None, 10, 0)
    assert [p.id for p in found] == [results[-1].person_id]


# --- what mutation testing found untested (tests/mutation/run.py persons) ---

def raw(sql: str, *params):
    from svit_appliance.store.db import database

    return database.execute_sql(sql, params).fetchall()


def test_it_records_what_was_submitted_on_each_event(project):
    candidate = normalise_person(PersonInput(name="Zoë", email=" Zoe@Example.COM ", phone="020 7946 0958",
                                             company="Engines", attributes={"plan": "pro", "city": "Zürich"}), "GB")
    result = upsert_person(project.id, candidate, SOURCE, "ingested", {"jobId": "job_1"}, source_key="job_1#0",
                           job_id="job_1")
    assert result == UpsertResult(result.person_id, True, {}) and result.person_id.startswith("per_")
    snapshot = {"name": "Zoë", "email": "zoe@example.com", "phone": "+442079460958", "company": "Engines",
                "emailTyped": "Zoe@Example.COM", "phoneTyped": "020 7946 0958",
                "attributes": {"plan": "pro", "city": "Zürich"}}
    events = raw("SELECT id, kind, source_type, source_id, job_id, data FROM person_event WHERE person_id = ? "
                 "ORDER BY rowid", result.person_id)
    assert [e[0][:4] for e in events] == ["evt_", "evt_"]
    assert [e[1:5] for e in events] == [("created", "integration", "int_test", None),
                                        ("ingested", "integration", "job_1#0", "job_1")]
    assert [json.loads(e[5]) for e in events] == [snapshot, {"jobId": "job_1", "submitted": snapshot}]
    assert raw("SELECT attributes, first_source, last_source FROM person") == [
        ('{"plan":"pro","city":"Zürich"}', "integration:int_test", "integration:int_test")]
    assert '"name":"Zoë"' in events[0][5]  # compact, and text as typed (not \\u escapes)


def test_it_leaves_typed_values_out_of_the_snapshot_when_they_were_already_normal(project):
    result = upsert(project, email="ada@example.com", phone="+442079460958")
    [(data,)] = raw("SELECT data FROM person_event WHERE person_id = ? AND kind = 'created'", result.person_id)
    assert json.loads(data) == {"email": "ada@example.com", "phone": "+442079460958"}


def test_it_names_each_unreadable_field(project):
    candidate = normalise_person(PersonInput(email="not-an-email", phone="12"), "GB")
    assert candidate.problems == {"email": "Email is not a valid address", "phone": "Phone is not a valid phone number"}


def test_a_candidate_has_an_identity_with_any_of_email_phone_or_name():
    assert [has_identity(Candidate(**fields)) for fields in (
        {}, {"email": "a@example.com"}, {"phone": "+442079460958"}, {"name": "Ada"}, {"company": "Engines"},
        {"email": "a@example.com", "phone": "+442079460958"})] == [False, True, True, True, False, True]


def test_it_merges_with_the_exact_changes_and_records_them(project):
    first = upsert(project, email="a@example.com", name="Old", company="Engines",
                   attributes={"plan": "free", "utm": "x"})
    later = Source("client_token", "ctk_1")
    candidate = normalise_person(PersonInput(email="a@example.com", name="New", phone="020 7946 0958",
                                             attributes={"plan": "pro", "utm": "x", "new": None}), "GB")
    result = upsert_person(project.id, candidate, later, "form_submitted", {})
    changes = {"name": ["Old", "New"], "phone": [None, "+442079460958"], "phone_raw": [None, "020 7946 0958"],
               "attributes": [{"plan": "free", "utm": "x"}, {"plan": "pro", "utm": "x", "new": None}]}
    assert result == UpsertResult(first.person_id, False, changes) and result.created is False
    [(data,)] = raw("SELECT data FROM person_event WHERE kind = 'merged'")
    assert json.loads(data) == {"changes": {k: v for k, v in changes.items() if k != "attributes"},
                                "attributesChanged": ["new", "plan"]}
    person = Person.get_by_id(first.person_id)
    assert (person.name, person.company, person.last_source, person.first_source) == (
        "New", "Engines", "client_token:ctk_1", "integration:int_test")
    assert person.updated_at > person.created_at


def test_it_changes_nothing_for_a_candidate_that_brings_nothing_new(project):
    first = upsert(project, email="a@example.com", name="Ada", attributes={"plan": "pro"})
    again = upsert(project, email="a@example.com")
    same = upsert(project, email="a@example.com", name="Ada", attributes={"plan": "pro"})
    assert again == same == UpsertResult(first.person_id, False, {})
    assert kinds(first.person_id) == ["created", "ingested", "ingested", "ingested"]
    assert Person.get_by_id(first.person_id).name == "Ada"


def test_a_repeated_source_key_answers_the_first_person_unchanged(project):
    first = upsert(project, source_key="job_2#0", email="a@example.com")
    again = upsert(project, source_key="job_2#0", email="a@example.com", name="Changed")
    assert again == UpsertResult(first.person_id, False, {}) and again.created is False


def test_it_reads_a_person_whose_attributes_are_empty(project):
    first = upsert(project, email="a@example.com")
    raw("UPDATE person SET attributes = '' WHERE id = ?", first.person_id)
    assert find_match(project.id, normalise_person(PersonInput(email="a@example.com"), "GB")).attributes == {}


def test_it_tries_again_after_a_unique_conflict_and_gives_up_after_three(project, monkeypatch):
    from peewee import IntegrityError

    from svit_appliance.core import persons

    calls = []
    real = persons._create_or_merge

    def conflicting(*args, fail_times):
        calls.append(1)
        if len(calls) <= fail_times:
            raise IntegrityError("UNIQUE constraint failed: person.email")
        return real(*args)

    monkeypatch.setattr(persons, "_create_or_merge", lambda *args: conflicting(*args, fail_times=1))
    assert upsert(project, email="a@example.com").created is True
    assert len(calls) == 2
    calls.clear()
    monkeypatch.setattr(persons, "_create_or_merge", lambda *args: conflicting(*args, fail_times=99))
    with pytest.raises(IntegrityError):
        upsert(project, email="b@example.com")
    assert len(calls) == IDENTITY_ATTEMPTS == 3

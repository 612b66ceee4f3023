"""The form writer on a real SQLite file: group commits in which one bad post sinks nothing else."""
import asyncio

import pytest

from svit_appliance.contact_form.store import FormWriter, SpamPost, new_post
from svit_appliance.contact_form.submission import fingerprint, validate_submission
from svit_appliance.core.audit import Actor
from svit_appliance.operations.projects import create_project
from svit_appliance.operations.tokens import create_client_token
from svit_appliance.pipeline.writer import StorageUnavailable
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import FormSpam, Person, PersonEvent


@pytest.fixture
def stored(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    project = create_project(Actor.cli(), "Acme", "GB")
    token = create_client_token(Actor.cli(), project.id, "site", ["https://acme.example"]).record
    yield db, project, token
    db.close()


def post(project_id: str, token_id: str, fields: dict):
    submission = validate_submission(fields, [], "GB")
    return new_post(project_id, token_id, submission, fingerprint(token_id, fields))


async def submit_all(db, items: list) -> list:
    writer = FormWriter(db, 64)
    writer.start()
    try:
        return await asyncio.gather(*(writer.submit(item) for item in items), return_exceptions=True)
    finally:
        await writer.stop()


def test_it_commits_a_batch_even_when_one_post_fails(stored):
    db, project, token = stored
    good = post(project.id, token.id, {"email": "good@example.com", "message": "hello"})
    orphan = post("prj_missing", token.id, {"email": "orphan@example.com"})
    spam = SpamPost(project.id, token.id, "127.0.0.1", "honeypot", {"email": "bot@example.com"})
    results = asyncio.run(submit_all(db, [good, orphan, spam]))
    assert results[0].created and isinstance(results[1], StorageUnavailable) and results[2].created
    db.connect(reuse_if_open=True)
    assert [p.email for p in Person.select()] == ["good@example.com"]
    assert FormSpam.select().count() == 1


def test_it_stores_the_message_on_the_timeline_entry_once_per_double_click(stored):
    db, project, token = stored
    fields = {"email": "twice@example.com", "message": "Call me"}
    first, second = asyncio.run(submit_all(db, [post(project.id, token.id, fields), post(project.id, token.id, fields)]))
    assert first.person_id == second.person_id and (first.created, second.created) == (True, False)
    db.connect(reuse_if_open=True)
    [event] = PersonEvent.select().where(PersonEvent.kind == "form_submitted")
    assert event.data["message"] == "Call me" and event.data["clientTokenId"] == token.id


# --- what mutation testing found untested (tests/mutation/run.py spam) ---

def test_it_keeps_caught_spam_with_its_reason_address_and_fields(stored):
    db, project, token = stored
    spam = SpamPost(project.id, token.id, "203.0.113.9", "too_fast", {"email": "bot@example.com"})
    [answer] = asyncio.run(submit_all(db, [spam]))
    assert not isinstance(answer, Exception)
    db.connect(reuse_if_open=True)
    row = FormSpam.get()
    assert row.id.startswith("spm_")
    assert (row.project_id, row.client_token_id, row.ip, row.reason, row.fields) == (
        project.id, token.id, "203.0.113.9", "too_fast", {"email": "bot@example.com"})


def test_each_data_dir_has_one_stamp_key(stored):
    from svit_appliance.contact_form.spam import load_stamp_key, make_stamp, stamp_age
    key = load_stamp_key()
    assert len(key) == 32 and load_stamp_key() == key
    assert stamp_age(key, make_stamp(key, 100.0), 103.0) == pytest.approx(3.0)


def test_a_batch_writes_what_the_posts_would_write_one_by_one(stored):
    db, project, token = stored
    other = create_client_token(Actor.cli(), project.id, "shop", ["https://shop.example"]).record
    [known] = asyncio.run(submit_all(db, [post(project.id, token.id, {"email": "known@example.com"})]))
    batch = [post(project.id, token.id, {"email": "new@example.com", "name": "Ada"}),
             post(project.id, token.id, {"email": "known@example.com", "name": "Known Person"}),
             post(project.id, other.id, {"email": "shop@example.com"}),
             SpamPost(project.id, token.id, "127.0.0.1", "honeypot", {"email": "new@example.com"},
                      validate_submission({"email": "new@example.com"}, [], "GB").candidate)]
    new, merged, shop, spam = asyncio.run(submit_all(db, batch))
    assert (new.created, merged.created, shop.created) == (True, False, True)
    assert merged.person_id == known.person_id
    assert spam.person_id == new.person_id and not spam.created  # answered as a repeat of the post before it
    db.connect(reuse_if_open=True)
    assert Person.get_by_id(known.person_id).name == "Known Person"
    events = [(e.person_id, e.data["clientTokenId"]) for e in PersonEvent.select().where(PersonEvent.kind == "form_submitted")]
    assert sorted(events) == sorted([(known.person_id, token.id), (new.person_id, token.id),
                                     (known.person_id, token.id), (shop.person_id, other.id)])


def test_a_double_click_that_lands_in_the_next_batch_gets_the_first_posts_person(stored):
    db, project, token = stored
    fields = {"email": "again@example.com", "message": "Call me"}
    [first] = asyncio.run(submit_all(db, [post(project.id, token.id, fields)]))
    other, repeat = asyncio.run(submit_all(db, [post(project.id, token.id, {"email": "other@example.com"}),
                                                post(project.id, token.id, fields)]))
    assert (repeat.person_id, repeat.created, other.created) == (first.person_id, False, True)
    db.connect(reuse_if_open=True)
    assert PersonEvent.select().where(PersonEvent.kind == "form_submitted",
                                      PersonEvent.person == first.person_id).count() == 1

"""Server and client tokens and the access cache on a real SQLite database, in-process (so mutation
testing sees them; the same holes against a real server: test_tokens_served.py)."""
import time
from datetime import datetime, timedelta, timezone

import pytest

from svit_appliance.access.cache import MAX_ENTRIES, AccessCache
from svit_appliance.access.tokens import (
    CLIENT,
    LOOKUP_CHARS,
    SERVER,
    bearer_token,
    find,
    hash_token,
    is_active,
    kind_of,
    lookup_prefix,
    mint,
    record_last_used,
    revoke,
)
from svit_appliance.core.audit import Actor
from svit_appliance.operations.projects import create_project
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import ClientToken, ServerToken, utcnow
from tests.access.helpers import twin

KINDS = [SERVER, CLIENT]


@pytest.fixture
def project(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield create_project(Actor.cli(), "Acme", "GB")
    db.close()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_it_mints_a_token_of_the_kinds_shape_stored_only_as_its_hash(project, kind):
    minted = mint(kind, project, "ci")
    assert minted.secret.startswith(kind.marker) and len(minted.secret) == len(kind.marker) + kind.random_chars
    assert minted.secret[len(kind.marker):].isalnum()
    stored = kind.model.get_by_id(minted.record.id)
    assert stored.token_hash == hash_token(minted.secret) != minted.secret
    assert stored.prefix == minted.secret[:len(kind.marker) + LOOKUP_CHARS]
    assert stored.id.startswith(kind.id_prefix + "_") and kind_of(stored.id) is kind
    assert mint(kind, project, "ci").secret != minted.secret


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_it_finds_a_token_only_by_its_whole_secret(project, kind):
    minted = mint(kind, project, "ci")
    other_kind = CLIENT if kind is SERVER else SERVER
    assert find(kind, minted.secret).id == minted.record.id
    assert find(kind, twin(minted.secret, kind)) is None
    assert find(kind, minted.secret[:-1]) is None
    assert find(kind, minted.secret + "x") is None
    assert find(other_kind, minted.secret) is None
    assert find(kind, "") is None and find(kind, None) is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_it_tells_apart_two_tokens_sharing_a_stored_prefix(project, kind):
    first = mint(kind, project, "first")
    second_secret = twin(first.secret, kind)
    second = kind.model.create(id=kind.id_prefix + "_twin", project=project, name="twin",
                               prefix=lookup_prefix(kind, second_secret), token_hash=hash_token(second_secret))
    assert find(kind, first.secret).id == first.record.id
    assert find(kind, second_secret).id == second.id


def test_it_reads_the_lookup_prefix_of_well_formed_tokens_only():
    server = "svit_pat_" + "A" * 40
    assert lookup_prefix(SERVER, server) == "svit_pat_AAAAAAAA"
    assert lookup_prefix(CLIENT, "svit_ct_" + "B" * 32) == "svit_ct_BBBBBBBB"
    assert lookup_prefix(SERVER, server[:-1]) is None
    assert lookup_prefix(SERVER, server + "A") is None
    assert lookup_prefix(CLIENT, server) is None
    assert lookup_prefix(SERVER, "xvit_pat_" + "A" * 40) is None


@pytest.mark.parametrize("header, token", [
    ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER  abc ", "abc"), ("  Bearer abc", "abc"),
    ("Basic abc", None), ("Bearer", None), ("Bearer   ", None), ("", None), (None, None), ("Bearerabc", None),
])
def test_it_reads_a_bearer_token_in_any_case(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_it_treats_revoked_expired_and_disabled_tokens_as_inactive(project, kind):
    now = utcnow()
    record = mint(kind, project, "ci").record
    assert is_active(record, now)
    record.expires_at = now + timedelta(seconds=1)
    assert is_active(record, now)
    record.expires_at = now
    assert not is_active(record, now)
    record.expires_at = None
    record.revoked_at = now
    assert not is_active(record, now)
    if kind is CLIENT:
        record.revoked_at, record.enabled = None, False
        assert not is_active(record, now)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_it_revokes_a_token_once(project, kind):
    record = mint(kind, project, "ci").record
    assert revoke(kind, record.id) is True
    assert revoke(kind, record.id) is False
    assert revoke(kind, "tok_unknown") is False
    assert kind.model.get_by_id(record.id).revoked_at is not None


def test_it_records_when_tokens_were_last_used(project):
    server, client = mint(SERVER, project, "s").record, mint(CLIENT, project, "c").record
    untouched = mint(SERVER, project, "u").record
    used_at = datetime(2026, 4, 23, 18, 30, 54, tzinfo=timezone.utc).timestamp()
    record_last_used({(ServerToken, server.id): used_at, (ClientToken, client.id): used_at + 60})
    assert ServerToken.get_by_id(server.id).last_used_at == datetime(2026, 4, 23, 18, 30, 54)
    assert ClientToken.get_by_id(client.id).last_used_at == datetime(2026, 4, 23, 18, 31, 54)
    assert ServerToken.get_by_id(untouched.id).last_used_at is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_the_cache_answers_active_tokens_and_remembers_their_use(project, kind):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    cache.refresh()
    minted = mint(kind, project, "ci")
    assert cache.active_token(kind, minted.secret).id == minted.record.id
    assert cache.active_token(kind, twin(minted.secret, kind)) is None
    assert cache.active_token(kind, "") is None and cache.active_token(kind, None) is None
    used = cache.take_last_used()
    assert list(used) == [(kind.model, minted.record.id)] and abs(used[(kind.model, minted.record.id)] - time.time()) < 60
    assert cache.take_last_used() == {}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.marker)
def test_the_cache_refuses_a_token_that_expired_or_was_revoked_after_it_was_cached(project, kind):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    expiring = mint(kind, project, "expiring", expires_at=utcnow() + timedelta(seconds=1))
    revoked = mint(kind, project, "revoked")
    cache.refresh()
    assert cache.active_token(kind, expiring.secret) is not None
    assert cache.active_token(kind, revoked.secret) is not None
    deadline = time.monotonic() + 10
    while utcnow() <= expiring.record.expires_at and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.active_token(kind, expiring.secret) is None
    revoke(kind, revoked.record.id)
    cache._checked_at = float("-inf")  # as after RECHECK_SECONDS
    cache.refresh()
    assert cache.active_token(kind, revoked.secret) is None
    assert cache.take_last_used() == {(kind.model, expiring.record.id): pytest.approx(time.time(), abs=60),
                                      (kind.model, revoked.record.id): pytest.approx(time.time(), abs=60)}


def test_the_cache_forgets_when_the_configuration_changes_and_not_otherwise(project):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    cache.refresh()
    minted = mint(SERVER, project, "ci")
    assert cache.project(project.id).name == "Acme"
    assert cache.active_token(SERVER, minted.secret) is not None  # a miss is looked up in the database
    project.name = "Renamed"
    project.save()
    assert cache.project(project.id).name == "Acme"  # no refresh yet: the cached row
    cache._checked_at = float("-inf")
    cache.refresh()
    assert cache.project(project.id).name == "Renamed"
    assert cache.integration("int_unknown") is None and cache.project("prj_unknown") is None


def test_the_cache_stays_bounded_under_a_flood_of_made_up_tokens(project):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    cache.refresh()
    for n in range(MAX_ENTRIES):
        cache._remember(cache._tokens, n, None)
    assert len(cache._tokens) == MAX_ENTRIES
    cache._remember(cache._tokens, "one more", None)
    assert len(cache._tokens) <= MAX_ENTRIES


def test_the_cache_lists_the_origins_of_active_client_tokens_only(project):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    mint(CLIENT, project, "on", allowed_origins=["https://a.example"])
    mint(CLIENT, project, "off", allowed_origins=["https://b.example"], enabled=False)
    gone = mint(CLIENT, project, "gone", allowed_origins=["https://c.example"]).record
    mint(CLIENT, project, "old", allowed_origins=["https://d.example"], expires_at=utcnow() - timedelta(seconds=1))
    revoke(CLIENT, gone.id)
    cache.refresh()
    assert cache.client_origins() == frozenset({"https://a.example"})


# --- what mutation testing found untested (tests/mutation/run.py tokens cache) ---

def test_it_records_last_use_in_utc_whatever_the_machines_time_zone(project, monkeypatch):
    record = mint(SERVER, project, "s").record
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        record_last_used({(ServerToken, record.id): datetime(2026, 4, 23, 18, 30, 54, tzinfo=timezone.utc).timestamp()})
    finally:
        monkeypatch.undo()
        time.tzset()
    assert ServerToken.get_by_id(record.id).last_used_at == datetime(2026, 4, 23, 18, 30, 54)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_cache_looks_at_the_configuration_at_most_every_recheck_interval(project, monkeypatch):
    from svit_appliance.access import cache as cache_module
    from svit_appliance.store.db import database

    clock = Clock()
    monkeypatch.setattr(cache_module.time, "monotonic", clock)
    cache = AccessCache(database.obj)
    cache.refresh()
    assert cache.project(project.id).name == "Acme"
    clock.now += cache_module.RECHECK_SECONDS * 2
    cache.refresh()
    assert project.id in cache._projects  # looked again, nothing changed: nothing forgotten
    project.name = "Renamed"
    project.save()
    clock.now += cache_module.RECHECK_SECONDS / 2
    cache.refresh()
    assert cache.project(project.id).name == "Acme"  # not looked at yet
    clock.now += cache_module.RECHECK_SECONDS
    cache.refresh()
    assert cache.project(project.id).name == "Renamed"


def test_the_cache_serves_a_token_from_memory_once_looked_up(project):
    from svit_appliance.store.db import database

    cache = AccessCache(database.obj)
    cache.refresh()
    minted = mint(SERVER, project, "ci")
    assert cache.active_token(SERVER, minted.secret).id == minted.record.id
    assert cache.active_token(SERVER, minted.secret).id == minted.record.id  # a second use too
    database.execute_sql("DELETE FROM server_token WHERE id = ?", (minted.record.id,))
    assert cache.active_token(SERVER, minted.secret).id == minted.record.id  # until the next refresh
    cache._checked_at = float("-inf")
    cache.refresh()
    assert cache.active_token(SERVER, minted.secret) is None


def test_the_cache_finds_integrations_by_id(project):
    from svit_appliance.operations.integrations import create_integration
    from svit_appliance.store.db import database

    integration = create_integration(Actor.cli(), project.id, "WEBHOOK", "hook")
    cache = AccessCache(database.obj)
    cache.refresh()
    assert cache.integration(integration.id).id == integration.id
    assert cache.integration(integration.id).name == "hook"


def test_token_use_is_flushed_now_and_by_the_scheduled_job(project):
    import threading

    from svit_appliance.access.cache import flush_token_use
    from svit_appliance.store.db import database
    from svit_appliance.upkeep.scheduler import Scheduler

    first, second = mint(SERVER, project, "a"), mint(CLIENT, project, "b")
    cache = AccessCache(database.obj)
    cache.refresh()
    cache.active_token(SERVER, first.secret)
    assert flush_token_use(cache) == 1
    assert ServerToken.get_by_id(first.record.id).last_used_at is not None
    cache.active_token(CLIENT, second.secret)
    flushed = threading.Event()
    scheduler = Scheduler(after_run=database.close)
    scheduler.add("token-use", 3600, lambda run: flushed.set() if flush_token_use(cache) else None, first_delay=0)
    scheduler.start()
    try:
        assert flushed.wait(10), "never flushed"
    finally:
        scheduler.stop()
    assert ClientToken.get_by_id(second.record.id).last_used_at is not None
    assert cache.take_last_used() == {}

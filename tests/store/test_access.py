"""Access's statements in-process on SQLite: each reads or writes only the rows it names."""
from datetime import datetime, timedelta

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store import access
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.db import write_transaction
from svit_appliance.store.models import (
    AdminSession,
    AdminUser,
    ClientToken,
    Integration,
    Project,
    ServerToken,
    SetupToken,
)

NOW = datetime(2026, 5, 1, 12, 0, 0)


@pytest.fixture
def db(tmp_path):
    opened = open_database(Settings.load({}, data_dir=str(tmp_path)))
    for project_id in ("prj_1", "prj_2"):
        Project.create(id=project_id, name=project_id, default_region="GB")
        Integration.create(id=f"int_{project_id}", project=project_id, name="hook", type="WEBHOOK")
    yield opened
    close_database()


def test_it_finds_projects_and_integrations_by_id_and_reads_the_configuration_counter(db):
    assert access.find_project("prj_2").id == "prj_2" and access.find_project("prj_none") is None
    assert access.find_integration("int_prj_2").id == "int_prj_2" and access.find_integration("int_none") is None
    before = access.config_version(db)
    Project.update(name="Renamed").where(Project.id == "prj_1").execute()
    assert access.config_version(db) == before + 1


@pytest.mark.parametrize("model", [ServerToken, ClientToken], ids=lambda model: model.__name__)
def test_it_stores_finds_by_prefix_stamps_and_revokes_tokens(db, model):
    for token_id, prefix in (("t_1", "svit_aaa"), ("t_2", "svit_aaa"), ("t_3", "svit_bbb")):
        access.insert_token(model, token_id, "prj_1", token_id, prefix, f"hash-{token_id}")
    assert sorted(t.id for t in access.tokens_with_prefix(model, "svit_aaa")) == ["t_1", "t_2"]
    assert access.tokens_with_prefix(model, "svit_ccc") == []
    access.set_last_used(model, "t_2", NOW)
    assert [t.last_used_at for t in model.select().order_by(model.id)] == [None, NOW, None]
    assert access.revoke_token(model, "t_1") is True
    assert access.revoke_token(model, "t_1") is False and access.revoke_token(model, "t_none") is False
    assert [t.revoked_at is not None for t in model.select().order_by(model.id)] == [True, False, False]


def test_it_lists_the_client_tokens_neither_revoked_nor_disabled(db):
    for token_id, fields in (("ctk_on", {}), ("ctk_off", {"enabled": False}), ("ctk_gone", {"revoked_at": NOW}),
                             ("ctk_old", {"expires_at": NOW - timedelta(days=1)})):
        access.insert_token(ClientToken, token_id, "prj_1", token_id, "svit_ct_x", "h", **fields)
    assert sorted(t.id for t in access.enabled_client_tokens()) == ["ctk_old", "ctk_on"]  # expiry is judged above


def test_it_keeps_admins_and_counts_failed_sign_ins_until_the_one_that_locks(db):
    assert access.any_admin() is False
    access.insert_admin("adm_1", "ada@example.com", "hash-1")
    access.insert_admin("adm_2", "bob@example.com", "hash-2")
    assert access.any_admin() is True and access.find_admin_by_email("bob@example.com").id == "adm_2"
    assert access.find_admin_by_email("eve@example.com") is None
    until = NOW + timedelta(minutes=15)
    AdminUser.update(failed_logins=7).where(AdminUser.id == "adm_2").execute()  # past any limit: not locked by another's guess
    with write_transaction():
        assert [access.count_failed_sign_in("adm_1", 3, until) for _ in range(3)] == [False, False, True]
    locked = AdminUser.get_by_id("adm_1")
    assert (locked.failed_logins, locked.locked_until) == (0, until)
    assert access.count_failed_sign_in("adm_none", 3, until) is False
    assert access.count_failed_sign_in("adm_1", 1, until) is True  # a limit of one locks at once
    access.count_failed_sign_in("adm_1", 3, until)
    access.record_sign_in("adm_1", NOW)
    signed_in = AdminUser.get_by_id("adm_1")
    assert (signed_in.failed_logins, signed_in.locked_until, signed_in.last_login_at) == (0, None, NOW)
    untouched = AdminUser.get_by_id("adm_2")
    assert (untouched.failed_logins, untouched.locked_until, untouched.last_login_at) == (7, None, None)


def test_it_spends_every_unused_setup_token(db):
    access.insert_setup_token("stp_1", "hash-1")
    access.insert_setup_token("stp_2", "hash-2")
    access.insert_setup_token("stp_0", "hash-0")
    SetupToken.update(used_at=NOW).where(SetupToken.id == "stp_0").execute()
    assert access.unused_setup_token("hash-2").id == "stp_2" and access.unused_setup_token("hash-3") is None
    access.spend_setup_tokens()
    assert access.unused_setup_token("hash-1") is None and access.unused_setup_token("hash-2") is None
    assert SetupToken.get_by_id("stp_0").used_at == NOW  # spent before: keeps when


def test_it_keeps_sessions_with_their_admin_and_ends_only_the_one_named(db):
    admin = access.insert_admin("adm_1", "ada@example.com", "hash")
    for session_id in ("ses_1", "ses_2", "ses_3"):
        access.insert_session(session_id, f"hash-{session_id}", admin, f"csrf-{session_id}")
    found = access.find_session("hash-ses_2")
    assert (found.id, found.csrf_token, found.admin.email) == ("ses_2", "csrf-ses_2", "ada@example.com")
    assert access.find_session("hash-none") is None
    access.touch_session("ses_2", NOW)
    assert [s.last_seen_at == NOW for s in AdminSession.select().order_by(AdminSession.id)] == [False, True, False]
    access.delete_session("ses_1")
    access.delete_sessions_with_hash("hash-ses_3")
    assert [s.id for s in AdminSession.select()] == ["ses_2"]

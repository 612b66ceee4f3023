"""Console sessions and the CSRF check, in-process on a real SQLite database (requests and
responses are small stand-ins for Sanic's: only what the functions read and write)."""
import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest

from svit_appliance.console.session import (
    ABSOLUTE,
    COOKIE,
    IDLE,
    TOUCH_EVERY,
    clear_cookie,
    cookie,
    cookie_options,
    end_session,
    load_session,
    start_session,
)
from svit_appliance.console.web import _same_origin, check_csrf
from svit_appliance.http.errors import ApiError
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import AdminSession, AdminUser, utcnow

CSRF_REFUSAL = "The form could not be verified (cross-site request or expired page): reload the page and try again"


class Response:
    def __init__(self):
        self.cookies = []

    def add_cookie(self, name, value, **options):
        self.cookies.append((name, value, options))


def request(scheme="http", cookies=None, host="crm.example:8000", headers=None, form=None, session=None,
            pre_csrf="pre-token"):
    return SimpleNamespace(scheme=scheme, cookies=cookies or {}, host=host, headers=headers or {}, form=form,
                           ctx=SimpleNamespace(session=session, pre_csrf=pre_csrf), ip="127.0.0.1",
                           app=SimpleNamespace(ctx=SimpleNamespace(services=SimpleNamespace(settings=SimpleNamespace(trusted_proxies="")))))


@pytest.fixture
def admin(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield AdminUser.create(id="adm_1", email="admin@example.com", password_hash="x")
    db.close()


def test_it_sets_cookies_http_only_lax_for_the_console_and_secure_over_https():
    assert cookie_options(request(), 60) == {"httponly": True, "samesite": "Lax", "path": "/console",
                                             "secure": False, "max_age": 60}
    assert cookie_options(request("https"), None) == {"httponly": True, "samesite": "Lax", "path": "/console",
                                                      "secure": True}


def test_it_clears_a_cookie_with_the_same_attributes():
    response = Response()
    clear_cookie(request("https"), response, "svit_flash")
    assert response.cookies == [("svit_flash", "", {"httponly": True, "samesite": "Lax", "path": "/console",
                                                    "secure": True, "max_age": 0})]


def test_it_starts_a_session_stored_only_as_a_hash_with_its_own_csrf_token(admin):
    response = Response()
    session = start_session(request(), response, admin)
    [(name, secret, options)] = response.cookies
    assert (name, options["max_age"], options["httponly"]) == (COOKIE, int(ABSOLUTE.total_seconds()), True)
    assert len(secret) == 43 and session.id.startswith("ses_")  # 32 random bytes
    stored = AdminSession.get_by_id(session.id)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.admin_id == admin.id and len(stored.csrf_token) == 43 and stored.csrf_token != secret
    other = start_session(request(), Response(), admin)
    assert other.csrf_token != session.csrf_token


def test_it_ends_the_carried_session_when_a_new_one_starts(admin):
    first = Response()
    old = start_session(request(), first, admin)
    response = Response()
    new = start_session(request(cookies={COOKIE: first.cookies[0][1]}), response, admin)
    assert [s.id for s in AdminSession.select()] == [new.id] and old.id != new.id
    assert [(name, value) for name, value, _ in response.cookies] == [(COOKIE, ""), (COOKIE, response.cookies[1][1])]


def signed_in(admin) -> tuple[str, AdminSession]:
    response = Response()
    session = start_session(request(), response, admin)
    return response.cookies[0][1], session


def test_it_loads_the_session_of_a_cookie_with_its_admin(admin):
    secret, session = signed_in(admin)
    loaded = load_session(request(cookies={COOKIE: secret}))
    assert (loaded.id, loaded.admin.email, loaded.csrf_token) == (session.id, "admin@example.com", session.csrf_token)


@pytest.mark.parametrize("cookie", [None, "", "unknown", "x" * 101])
def test_it_loads_no_session_for_a_missing_unknown_or_oversized_cookie(admin, cookie):
    signed_in(admin)
    assert load_session(request(cookies={COOKIE: cookie} if cookie is not None else {})) is None


def test_it_accepts_a_cookie_of_up_to_100_characters(admin):
    for length in (100, 101):
        secret = "s" * length
        AdminSession.create(id=f"ses_{length}", token_hash=hashlib.sha256(secret.encode()).hexdigest(), admin=admin,
                            csrf_token="c")
    assert load_session(request(cookies={COOKIE: "s" * 100})).id == "ses_100"
    assert load_session(request(cookies={COOKIE: "s" * 101})) is None


@pytest.mark.parametrize("idle, age, alive", [
    (IDLE - timedelta(seconds=5), timedelta(hours=1), True),
    (IDLE + timedelta(seconds=5), timedelta(hours=1), False),
    (timedelta(0), ABSOLUTE - timedelta(seconds=5), True),
    (timedelta(0), ABSOLUTE + timedelta(seconds=5), False),
])
def test_it_ends_a_session_after_30_minutes_idle_or_12_hours_in_all(admin, idle, age, alive):
    secret, session = signed_in(admin)
    now = utcnow()
    AdminSession.update(last_seen_at=now - idle, created_at=now - age).execute()
    loaded = load_session(request(cookies={COOKIE: secret}))
    assert (loaded is not None) == alive
    assert AdminSession.select().count() == (1 if alive else 0)


def test_it_records_activity_at_most_once_a_minute(admin):
    _, bystander = signed_in(admin)
    secret, session = signed_in(admin)
    recent = utcnow() - TOUCH_EVERY + timedelta(seconds=5)
    AdminSession.update(last_seen_at=recent).execute()
    load_session(request(cookies={COOKIE: secret}))
    assert AdminSession.get_by_id(session.id).last_seen_at == recent
    old = utcnow() - TOUCH_EVERY - timedelta(seconds=5)
    AdminSession.update(last_seen_at=old).execute()
    load_session(request(cookies={COOKIE: secret}))
    assert AdminSession.get_by_id(session.id).last_seen_at > utcnow() - timedelta(seconds=5)
    assert AdminSession.get_by_id(bystander.id).last_seen_at == old  # only the session used


def test_signing_out_deletes_the_session_and_its_cookie(admin):
    secret, session = signed_in(admin)
    other_secret, other = signed_in(admin)
    response = Response()
    end_session(request(cookies={COOKIE: secret}), response)
    assert [s.id for s in AdminSession.select()] == [other.id]
    assert [(name, value, options["max_age"]) for name, value, options in response.cookies] == [(COOKIE, "", 0)]
    nothing = Response()
    end_session(request(), nothing)
    assert nothing.cookies == [] and AdminSession.select().count() == 1


@pytest.mark.parametrize("scheme, headers, same", [
    ("http", {"origin": "http://crm.example:8000"}, True),
    ("http", {"origin": "https://crm.example:8000"}, False),
    ("http", {"origin": "http://crm.example"}, False),
    ("http", {"origin": "http://evil.example"}, False),
    ("http", {"origin": "null"}, False),
    ("http", {"origin": "http://evil.example", "referer": "http://crm.example:8000/console/"}, False),
    ("http", {"referer": "http://crm.example:8000/console/persons?q=1"}, True),
    ("http", {"referer": "http://evil.example/page"}, False),
    ("http", {"referer": "https://crm.example:8000/console/"}, False),
    ("https", {"referer": "https://crm.example:8000/console/"}, True),
    ("http", {}, True),
])
def test_it_tells_same_origin_requests_from_others(scheme, headers, same):
    assert _same_origin(request(scheme, headers=headers)) is same


def test_it_checks_the_sessions_csrf_token_or_before_sign_in_the_pre_sign_in_one():
    session = SimpleNamespace(csrf_token="session-token")
    own = {"origin": "http://crm.example:8000"}
    assert check_csrf(request(headers=own, form={"csrf_token": "session-token"}, session=session)) is None
    assert check_csrf(request(headers=own, form={"csrf_token": "pre-token"})) is None
    refused = [
        request(headers=own, form={"csrf_token": "pre-token"}, session=session),
        request(headers=own, form={"csrf_token": "session-token"}),
        request(headers=own, form={"csrf_token": "session-tokem"}, session=session),
        request(headers=own, form={"csrf_token": ""}, session=session),
        request(headers=own, form={}, session=session),
        request(headers=own, form=None, session=session),
        request(headers={"origin": "http://evil.example"}, form={"csrf_token": "session-token"}, session=session),
    ]
    for attempt in refused:
        with pytest.raises(ApiError) as refusal:
            check_csrf(attempt)
        assert (refusal.value.problem.code, refusal.value.detail) == ("INVALID_REQUEST", CSRF_REFUSAL)


@pytest.mark.parametrize("value, read", [("abc", "abc"), ("", None), ("caf\u00e9", None), ("a\x01b", None)])
def test_it_reads_only_printable_ascii_cookies(value, read):
    assert cookie(request(cookies={COOKIE: value}), COOKIE) == read
    assert cookie(request(), COOKIE) is None

"""Who may use the console: first-run setup, sign-in, lockout, sessions, CSRF, security headers."""
import re
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from sanic.compat import Header

from svit_appliance.console.session import cookie_options
from svit_appliance.settings import Settings
from svit_appliance.store.models import AdminSession, AuditEntry, Project, utcnow
from tests.conftest import ServerProcess
from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, ConsoleClient, create_admin
from tests.console.seed import storage

PAGES = ["/console/", "/console/persons", "/console/integrations", "/console/tokens", "/console/jobs",
         "/console/audit", "/console/projects", "/console/persons/export.csv"]
FORMS = ["/console/projects", "/console/tokens/server", "/console/integrations", "/console/jobs/retry-failed",
         "/console/logout"]


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(anonymous, path):
    response = anonymous.http.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=")


@pytest.mark.parametrize("path", FORMS)
def test_it_refuses_anonymous_state_changes(anonymous, path):
    response = anonymous.post(path, {"name": "x"}, form_page="/console/login")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "sign in" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/console/login", "/console/", "/console/static/console.css", "/console/nope"])
def test_it_sends_security_headers(anonymous, path):
    headers = anonymous.http.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_it_answers_unknown_user_and_wrong_password_alike(anonymous):
    unknown = anonymous.login("nobody@example.com", "whatever-it-is")
    wrong = anonymous.login(ADMIN_EMAIL, "wrong password!")
    assert unknown.status_code == wrong.status_code == 200
    strip = lambda text: re.sub(r'value="[^"]*"', "", text)  # the typed email and the CSRF token differ
    assert strip(unknown.text) == strip(wrong.text)
    assert "Email or password is incorrect" in unknown.text
    assert "svit_session" not in unknown.headers.get("set-cookie", "")


def test_it_locks_an_account_after_repeated_failures(console_server, anonymous):
    create_admin(console_server.data_dir, "locked@example.com", "the right password")
    for n in range(5):  # each from its own address: one address alone is throttled before it could lock
        guesser = ConsoleClient(console_server.base_url, address=f"127.0.0.{10 + n}")
        assert guesser.login("locked@example.com", "a wrong password").status_code == 200
        guesser.close()
    refused = anonymous.login("locked@example.com", "the right password")
    assert refused.status_code == 200 and "Email or password is incorrect" in refused.text
    assert anonymous.login().status_code == 303  # other accounts are not affected


def test_it_starts_a_new_session_at_each_login_and_ends_it_at_logout(console_server):
    client = ConsoleClient(console_server.base_url)
    first = client.login().cookies["svit_session"]
    again = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    second = client.post("/console/login", again, form_page="/console/").cookies["svit_session"]
    assert first != second
    stale = httpx.get(console_server.base_url + "/console/", cookies={"svit_session": first})
    assert stale.status_code == 303
    assert client.post("/console/logout").status_code == 303
    after = httpx.get(console_server.base_url + "/console/", cookies={"svit_session": second})
    assert after.status_code == 303
    client.close()


def test_it_sets_a_strict_session_cookie(console_server):
    client = ConsoleClient(console_server.base_url)
    cookie = client.login().headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http here; see the next test for https
    client.close()


@pytest.mark.parametrize("scheme, secure", [("https", True), ("http", False)])
def test_it_marks_cookies_secure_over_https(scheme, secure):
    # a request as Sanic hands it over, straight from a browser (no proxy in between)
    request = SimpleNamespace(scheme=scheme, ip="127.0.0.1", headers=Header(), ctx=SimpleNamespace(),
                              app=SimpleNamespace(ctx=SimpleNamespace(services=SimpleNamespace(settings=Settings.load({})))))
    assert cookie_options(request, 60)["secure"] is secure


@pytest.mark.parametrize("column, age", [("last_seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=13))])
def test_it_expires_idle_and_old_sessions(console_server, column, age):
    client = ConsoleClient(console_server.base_url)
    client.login()
    assert client.http.get("/console/").status_code == 200
    with storage(console_server.data_dir):
        newest = AdminSession.select().order_by(AdminSession.created_at.desc()).first()
        AdminSession.update({column: utcnow() - age}).where(AdminSession.id == newest.id).execute()
    assert client.http.get("/console/").status_code == 303
    client.close()


@pytest.mark.parametrize("case, data, headers", [
    ("no token", {"csrf_token": ""}, {}),
    ("wrong token", {"csrf_token": "forged"}, {}),
    ("foreign origin", {}, {"Origin": "http://localhost:1"}),
    ("foreign referer", {}, {"Origin": None, "Referer": "http://evil.example/form"}),
])
def test_it_refuses_forms_without_a_valid_csrf_token_or_from_another_origin(console_server, admin, case, data, headers):
    body = {"name": f"csrf {case}", "region": "US", **data}
    if "csrf_token" not in data:
        body["csrf_token"] = admin.csrf("/console/projects")
    sent = {"Origin": console_server.base_url, **headers}
    response = admin.http.post("/console/projects", data=body, headers={k: v for k, v in sent.items() if v})
    assert response.status_code == 400, case
    with storage(console_server.data_dir):
        assert not Project.select().where(Project.name == f"csrf {case}").exists()


@pytest.mark.parametrize("path", ["/console/logout", "/console/jobs/retry-failed", "/console/projects/use"])
def test_it_never_changes_state_on_get(admin, path):
    assert admin.http.get(path).status_code == 405


def test_it_prints_a_one_time_setup_link_while_no_admin_exists(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        link = re.search(r"(http://\S+/console/setup\?token=\S+)", server.log()).group(1)
        client = ConsoleClient(server.base_url)
        token = link.split("token=")[1]
        short = client.post("/console/setup", {"token": token, "email": "first@example.com", "password": "short",
                                               "password2": "short"}, form_page=link)
        assert short.status_code == 200 and "at least 10 characters" in short.text
        created = client.post("/console/setup", {"token": token, "email": "first@example.com",
                                                 "password": ADMIN_PASSWORD, "password2": ADMIN_PASSWORD}, form_page=link)
        assert created.status_code == 303 and "svit_session" in created.cookies
        assert client.http.get("/console/").status_code == 200
        again = ConsoleClient(server.base_url)
        assert "not valid" in again.http.get(link).text
        replay = again.post("/console/setup", {"token": token, "email": "second@example.com",
                                               "password": ADMIN_PASSWORD, "password2": ADMIN_PASSWORD}, form_page="/console/login")
        assert "svit_session" not in replay.cookies and "not valid" in replay.text
    finally:
        server.stop()
    restarted = ServerProcess(tmp_path / "data").start()
    restarted.stop()
    assert "Listening" in restarted.log() or "listening" in restarted.log()
    assert "/console/setup?token=" not in restarted.log()  # an admin exists: no new link
    with storage(tmp_path / "data"):
        assert AuditEntry.select().where(AuditEntry.action == "admin.create").count() == 1


@pytest.mark.parametrize("path", ["/console/static/", "/console/static/%00", "/console/static/a%00b.css",
                                  "/console/static/.hidden"])
def test_it_answers_404_for_static_paths_that_name_no_file(anonymous, console_server, path):
    response = anonymous.http.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert f"refused a static path: {path}" in console_server.log()


def test_it_ignores_cookies_that_are_not_printable_ascii(anonymous, admin):
    # other applications on the same host may set any bytes in their cookies
    page = anonymous.http.get("/console/login", headers={"Cookie": b"other=\xc3\xa9; svit_csrf=\xff\xfe; svit_flash=%ff\xff"})
    assert page.status_code == 200
    session = admin.http.cookies.get("svit_session")
    dashboard = httpx.get(admin.base_url + "/console/", headers={"Cookie": b"svit_session=" + session.encode()
                                                                + b"; svit_project=\xff; other=\xc3\xa9"})
    assert dashboard.status_code == 200
    assert "Sign out" in dashboard.text  # still signed in

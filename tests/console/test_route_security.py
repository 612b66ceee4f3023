"""Console security, enumerated from the console's own route table (``console.ROUTES``): a route
added later is covered without editing this file.

- Every state-changing route refuses a request without the session's CSRF token, with a wrong one,
  or from another origin, and the database is left exactly as it was.
- Every page, sign-in, setup, the token-created view and the client-token views included, is
  rendered in Chromium with hostile strings stored in every text field of every record it can show,
  and no script runs: no injected element, no blocked inline script, no dialog.
"""
import json
import re
import sqlite3
from urllib.parse import quote

import httpx
import pytest
from peewee import BlobField, CharField, ForeignKeyField, TextField

from svit_appliance.console import ROUTES
from svit_appliance.store import models
from tests.conftest import ServerProcess, provision, run_cli
from tests.console import seed
from tests.console.helpers import ConsoleClient, create_admin
from tests.console.seed import storage

# Each one tries another way out of the text it is put in; each carries a marker attribute that
# only an element made from it would have.
HOSTILE = [
    "<script data-xss>window.__xss=1</script>",
    "\"><img src=x data-xss onerror=\"window.__xss=2\">",
    "' data-xss onmouseover='window.__xss=3' x='",
    "javascript:window.__xss=4//data-xss",
    "</textarea></title></select><svg data-xss onload=\"window.__xss=5\">",
    "{{7*7}}<b data-xss>${7*7}</b>",
]
# Fields whose value the server itself relies on to find or route a record: left as they are.
KEEP = {"id", "token_hash", "prefix", "password_hash", "csrf_token", "status", "type", "default_region", "kind",
        "source_type", "rate_limit", "lease_owner"}
CSRF_DETAIL = ("The form could not be verified (cross-site request or expired page): reload the page and try again")
SESSION_ENDED = "Your session has ended: sign in again"
PARAMETER = re.compile(r"<(\w+):\w+>")


# All of them in one string: whatever context a field lands in (text, an attribute in either
# quote, a title or textarea), one of them tries to break out of it.
ALL = "".join(HOSTILE)
NAME = HOSTILE[0] + HOSTILE[1] + HOSTILE[2] + HOSTILE[4]  # the breakouts, within a name's 200 characters


def hostile_json(value):
    if isinstance(value, list):
        return [ALL]
    return {**{key: ALL for key in value or {}}, ALL: ALL}


def make_hostile(model) -> None:
    """Every text field of every row of ``model`` (bar the few the server finds records by)."""
    for row in model.select():
        for field in model._meta.sorted_fields:
            if field.name in KEEP or isinstance(field, ForeignKeyField) or field.primary_key:
                continue
            if isinstance(field, models.JSONField):
                setattr(row, field.name, hostile_json(getattr(row, field.name)))
            elif isinstance(field, BlobField):
                setattr(row, field.name, json.dumps(hostile_json({}), ensure_ascii=False).encode())
            elif isinstance(field, (CharField, TextField)):
                setattr(row, field.name, ALL)
        row.save()


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    """A server whose every record is hostile, an admin signed in, and the ids each route needs."""
    data_dir = tmp_path_factory.mktemp("route-security") / "data"
    project, token, integrations = provision(data_dir)
    client_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--name", "site",
                           "--origin", "https://acme.example", "--json")
    create_admin(data_dir)
    with storage(data_dir):
        person = seed.person(project["id"], "Ada", "ada@example.com", "+442079460958", company="Engines")
        seed.event(person, "merged", None, {"company": "Engines"})
        failed = seed.job(project["id"], integrations["webhook"]["id"], {"name": "x"}, "failed", error="boom")
        seed.job(project["id"], integrations["webhook"]["id"], {"name": "y"}, "succeeded", person_ids=[person.id])
        models.FormSpam.create(id="spm_1", project=project["id"], client_token=client_token["id"], ip="1.2.3.4",
                               reason="honeypot", fields={"email": "bot@example.com"})
    server = ServerProcess(data_dir).start()
    signed_in = ConsoleClient(server.base_url)
    assert signed_in.login().status_code == 303
    with storage(data_dir):
        for model in (models.Project, models.Integration, models.Person, models.PersonEvent, models.IngestionJob,
                      models.ServerToken, models.ClientToken, models.AuditEntry, models.FormSpam, models.AdminUser):
            make_hostile(model)
    ids = {"person_id": person.id, "integration_id": integrations["webhook"]["id"], "job_id": failed.id,
           "token_id": client_token["id"], "project_id": project["id"]}
    yield server, signed_in, ids
    signed_in.close()
    server.stop()


def concrete(path: str, ids: dict, any_id: bool = False) -> str:
    """The route's path with real ids; ``any_id``: a made-up one where none is known (the CSRF check
    runs before any handler looks the record up, so a new POST route needs nothing here)."""
    missing = [name for name in PARAMETER.findall(path) if name not in ids and not any_id]
    assert not missing, f"route {path}: give this test a record for {missing} (the fixture's ids)"
    return "/console" + PARAMETER.sub(lambda match: ids.get(match[1], "x_unknown"), path)


def snapshot(server) -> dict:
    """Every row of every table (a session's last-seen time excepted: reading pages may touch it)."""
    with sqlite3.connect(f"file:{server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                       "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'")]
        state = {table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}"))) for table in tables}
        state["admin_session"] = sorted(connection.execute("SELECT id, token_hash, admin_id, csrf_token, created_at "
                                                           "FROM admin_session"))
    return state


POSTS = [(path, name) for method, path, _, name in ROUTES if method == "POST"]
GETS = [(path, name) for method, path, _, name in ROUTES if method == "GET"]
# a form that each route would accept as a change, were it verified
CHANGE = {"name": "Changed", "email": "changed@example.com", "password": "correct horse battery",
          "password2": "correct horse battery", "region": "DE", "type": "WEBHOOK", "company": "Changed",
          "origins": "https://changed.example", "required": "email", "mapping": "{}", "signing_secret": "changed",
          "phone": "+4930123456", "first_name": "C", "last_name": "D", "enabled": "0", "next": "/console/"}
ATTACKS = {
    "without a token": lambda own, token: ({}, {"Origin": own}),
    "with a wrong token": lambda own, token: ({"csrf_token": "x" * len(token)}, {"Origin": own}),
    "from another origin": lambda own, token: ({"csrf_token": token}, {"Origin": "http://evil.example"}),
    "from another site's page": lambda own, token: ({"csrf_token": token}, {"Referer": "http://evil.example/a"}),
}


def test_it_has_state_changing_routes_to_check():
    assert len(POSTS) >= 10 and ("/login", "login") in POSTS and ("/setup", "setup") in POSTS


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("path, name", POSTS, ids=[name for _, name in POSTS])
def test_it_refuses_an_unverified_post_and_changes_nothing(console, path, name, attack):
    server, signed_in, ids = console
    token = signed_in.csrf("/console/")
    extra, headers = ATTACKS[attack](server.base_url, token)
    before = snapshot(server)
    response = signed_in.http.post(concrete(path, ids, any_id=True), data={**CHANGE, "project": ids["project_id"], **extra},
                                   headers=headers)
    assert (response.status_code, response.json()["detail"]) == (400, CSRF_DETAIL)
    assert snapshot(server) == before


@pytest.mark.parametrize("path, name", POSTS, ids=[name for _, name in POSTS])
def test_it_refuses_a_post_without_a_session_and_changes_nothing(console, path, name):
    server, _, ids = console
    before = snapshot(server)
    response = httpx.post(server.base_url + concrete(path, ids, any_id=True), data=CHANGE, headers={"Origin": server.base_url})
    assert response.status_code == 400
    assert response.json()["detail"] in (CSRF_DETAIL, SESSION_ENDED)
    assert snapshot(server) == before


# --- hostile strings in Chromium -------------------------------------------------------------

WATCH = """
window.__scriptViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  if (event.effectiveDirective.startsWith('script')) window.__scriptViolations.push(event.effectiveDirective);
});
"""
INJECTED = ("document.querySelectorAll('[data-xss], script:not([src]), [onerror], [onload], [onmouseover], "
            "a[href^=\"javascript\" i], iframe:not([src^=\"/console/\"]), object, embed').length")


def new_tab(browser, base_url: str, cookies: dict | None = None):
    context = browser.new_context(base_url=base_url)
    if cookies:
        context.add_cookies([{"name": k, "value": v, "url": base_url + "/console/"} for k, v in cookies.items()])
    context.add_init_script(WATCH)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    return tab


def assert_inert(tab, where: str, shown: bool = True) -> None:
    """Nothing hostile became markup or ran; and (``shown``) some hostile text is on the page as text."""
    tab.mouse.move(100, 200)
    tab.mouse.move(700, 600)
    assert tab.evaluate("window.__xss") is None, where
    assert tab.evaluate(INJECTED) == 0, where
    assert tab.evaluate("window.__scriptViolations") == [], where
    assert tab.dialogs == [], where
    if shown:
        assert "data-xss" in tab.content().replace("&quot;", '"'), f"{where} shows no hostile value"


def session_cookies(signed_in: ConsoleClient) -> dict:
    return {name: value for name, value in signed_in.http.cookies.items()}


@pytest.mark.parametrize("path, name", GETS, ids=[name for _, name in GETS])
def test_it_renders_hostile_values_on_every_page_as_text(console, browser, path, name):
    server, signed_in, ids = console
    # a route whose record this fixture does not make yet is still rendered (its "not found" page)
    seeded = all(name in ids for name in PARAMETER.findall(path))
    url = concrete(path, ids, any_id=True)
    answer = signed_in.http.get(url)
    if seeded and answer.status_code < 400 and not answer.headers["content-type"].startswith("text/html"):
        assert answer.status_code == 200 and answer.headers["content-disposition"].startswith("attachment"), url
        return  # a download, never rendered as a page
    tab = new_tab(browser, server.base_url, {**session_cookies(signed_in), "svit_flash": quote(ALL)})
    try:
        response = tab.goto(url + "?q=" + quote(ALL) + "&status=" + quote(ALL))
        # a page that needs more than its route (a record not seeded yet, a query) shows its error page
        rendered = seeded and response.status < 400
        assert_inert(tab, url, shown=rendered and name not in ("login_form", "setup_form"))
    finally:
        tab.context.close()


def test_it_renders_the_created_token_views_inert(console, browser):
    server, signed_in, _ = console
    tab = new_tab(browser, server.base_url, session_cookies(signed_in))
    try:
        tab.goto("/console/tokens")
        tab.fill("form[action='/console/tokens/server'] input[name=name]", NAME)
        tab.click("form[action='/console/tokens/server'] button[type=submit]")
        assert re.search(r"svit_pat_[A-Za-z0-9]{40}", tab.content()), "no created server token shown"
        assert_inert(tab, "server token created")
        tab.goto("/console/tokens")
        tab.fill("form[action='/console/tokens/client'] input[name=name]", NAME)
        tab.fill("form[action='/console/tokens/client'] textarea[name=origins]", "https://ok.example")
        tab.click("form[action='/console/tokens/client'] button[type=submit]")
        assert re.search(r"svit_ct_[A-Za-z0-9]{32}", tab.content()), "no created client token shown"
        assert_inert(tab, "client token created")
        tab.goto("/console/tokens")
        tab.fill("form[action='/console/tokens/client'] input[name=name]", "refused")
        tab.fill("form[action='/console/tokens/client'] textarea[name=origins]", ALL)
        tab.click("form[action='/console/tokens/client'] button[type=submit]")
        assert_inert(tab, "client token refused with its origins echoed")
    finally:
        tab.context.close()


def test_it_renders_sign_in_with_hostile_input_inert(console, browser):
    server, _, _ = console
    tab = new_tab(browser, server.base_url)
    try:
        tab.goto("/console/login?next=" + quote("/console/" + ALL))
        assert_inert(tab, "sign-in page", shown=False)
        tab.evaluate("document.querySelector('form').noValidate = true")
        tab.fill("input[name=email]", ALL[:250])
        tab.fill("input[name=password]", "wrong password")
        tab.click("button[type=submit]")
        assert_inert(tab, "sign-in refused")
    finally:
        tab.context.close()


def test_it_renders_first_run_setup_with_hostile_input_inert(browser, tmp_path):
    fresh = ServerProcess(tmp_path / "data").start()
    try:
        link = re.search(r"http://\S+(/console/setup\?token=\S+)", fresh.log()).group(1)
        tab = new_tab(browser, fresh.base_url)
        try:
            tab.goto("/console/setup?token=" + quote(ALL))
            assert_inert(tab, "setup with a hostile token", shown=False)
            tab.goto(link)
            tab.evaluate("document.querySelector('form').noValidate = true")  # let the server judge the email
            tab.fill("input[name=email]", ALL[:250])
            tab.fill("input[name=password]", "short")
            tab.fill("input[name=password2]", "other")
            tab.click("button[type=submit]")
            assert_inert(tab, "setup refused")
        finally:
            tab.context.close()
    finally:
        fresh.stop()

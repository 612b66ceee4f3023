"""The console in a real browser (Debian Chromium via Playwright): the main journeys, stored
XSS, cross-site form posts. Screenshots of the main pages land in build/out/screenshots/."""
import csv
import http.server
import io
import re
import threading
from functools import partial
from pathlib import Path

import httpx
import pytest

from svit_appliance.store.models import Project, ServerToken
from tests.conftest import ServerProcess, free_port
from tests.console import seed
from tests.console.browsing import shot, sign_in
from tests.console.helpers import ADMIN_PASSWORD, job_when_done
from tests.console.seed import storage


@pytest.fixture(scope="module")
def server(console_server):
    return console_server


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base_url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_it_walks_an_admin_through_first_run_setup(browser, tmp_path):
    fresh = ServerProcess(tmp_path / "data").start()
    try:
        link = re.search(r"(http://\S+/console/setup\?token=\S+)", fresh.log()).group(1)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(link)
        shot(tab, "01-setup")
        tab.fill("input[name=email]", "owner@example.com")
        tab.fill("input[name=password]", "short")
        tab.fill("input[name=password2]", "short")
        tab.click("button[type=submit]")
        assert "at least 10 characters" in tab.inner_text("#password-error")
        tab.fill("input[name=password]", ADMIN_PASSWORD)
        tab.fill("input[name=password2]", ADMIN_PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(re.compile(r"/console/$"))
        assert "No project yet" in tab.inner_text("main")
        tab.click("text=Create your first project")
        tab.fill("input[name=name]", "First Project")
        tab.click("text=Create project")
        assert "Project First Project created" in tab.inner_text(".flash")
        tab.goto("/console/".join([link.split("/console/")[0], ""]))
        assert tab.inner_text("h1") == "First Project"
        context.close()
    finally:
        fresh.stop()


def test_it_signs_in_and_out(page):
    page.goto("/console/persons")
    assert "/console/login" in page.url
    shot(page, "02-login")
    sign_in(page, password="not the password")
    assert "Email or password is incorrect" in page.inner_text("[role=alert]")
    sign_in(page)
    page.wait_for_url(re.compile(r"/console/persons$"))  # back where the visitor wanted to go
    page.click("text=Sign out")
    page.wait_for_url(re.compile(r"/console/login"))
    assert "You are signed out" in page.inner_text(".flash")
    page.goto("/console/")
    assert "/console/login" in page.url


def test_it_creates_an_integration_and_its_copied_curl_works(page, server):
    sign_in(page)
    page.click("nav >> text=Integrations")
    page.click("text=New integration")
    shot(page, "03-integration-new")
    page.fill("input[name=name]", "Landing page")
    page.check("input[value=WEBHOOK]")
    page.click("text=Create integration")
    page.wait_for_url(re.compile(r"/console/integrations/int_"))
    page.click("button[data-copy=curl-example]")
    page.wait_for_selector("button[data-copy=curl-example][data-copied=true]")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.inner_text("#curl-example")
    shot(page, "04-integration")
    url = re.search(r"'(http://[^']+)'", copied).group(1)
    body = re.search(r"-d '(.+)'", copied).group(1)
    accepted = httpx.post(url, content=body, headers={"Authorization": f"Bearer {server.token}",
                                                      "Content-Type": "application/json"})
    assert accepted.status_code == 202
    page.reload()
    assert accepted.json()["jobId"] in page.inner_text("main")


def ingest(server, body) -> str:
    webhook = server.integrations["webhook"]["id"]
    return httpx.post(f"{server.base_url}/api/v1/external/data-ingestion/{webhook}", json=body,
                      headers={"Authorization": f"Bearer {server.token}"}).json()["jobId"]


def test_it_finds_an_ingested_person(page, server):
    payload = {"name": "Katherine Johnson", "email": "katherine@nasa.example", "phone": "+1 757 555 0142"}
    job_id = ingest(server, payload)
    assert job_when_done(server, job_id)["status"] == "succeeded"
    sign_in(page)
    page.click("nav >> text=Persons")
    page.fill("input[name=q]", "757 555 01")
    page.click("button:has-text('Search')")
    page.click("#persons >> text=Katherine Johnson")
    assert page.inner_text("#person-name") == "Katherine Johnson"
    shot(page, "05-person")
    page.click(f"a[href='/console/jobs/{job_id}']")
    page.wait_for_url(re.compile(job_id))
    assert "katherine@nasa.example" in page.inner_text("#job-body")
    shot(page, "06-job")


def test_it_shows_a_failed_job_and_retries_it(page, server):
    failed_id = ingest(server, "a bare string holds no person")
    failed = job_when_done(server, failed_id)
    assert failed["status"] == "failed"
    sign_in(page)
    shot(page, "07-dashboard")
    page.click(f"text={failed_id}")
    assert failed["error"] in page.inner_text("#job-error")
    page.click("button:has-text('Retry')")
    assert "Job queued again" in page.inner_text(".flash")
    retried = job_when_done(server, failed_id, after=failed["processedAt"])
    assert (retried["status"], retried["attempts"]) == ("failed", 1)
    page.goto("/console/jobs")
    shot(page, "08-jobs")
    page.click("nav >> text=Audit log")
    assert "job.retry" in page.inner_text("#audit")
    shot(page, "13-audit")
    page.click("nav >> text=Projects")
    shot(page, "14-projects")


def test_it_creates_and_revokes_tokens(page, server):
    sign_in(page)
    page.click("nav >> text=Tokens")
    page.fill("form[action='/console/tokens/server'] input[name=name]", "browser-made")
    page.click("text=Create server token")
    secret = page.inner_text("#new-token")
    page.click("button[data-copy=new-token]")
    page.wait_for_selector("button[data-copy=new-token][data-copied=true]")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    ping = lambda: httpx.get(f"{server.base_url}/api/v1/external/ping",
                             headers={"Authorization": f"Bearer {secret}"}).status_code
    assert ping() == 200
    page.fill("form[action='/console/tokens/client'] textarea[name=origins]", "https://www.example.com")
    page.click("text=Create client token")
    assert "/embed/form.js" in page.inner_text("#new-snippet")
    shot(page, "09-tokens-created")
    page.goto("/console/tokens")
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#server-tokens tr:has-text('browser-made') >> button:has-text('Revoke')")
    assert "revoked" in page.inner_text(".flash")
    assert ping() == 401
    page.click("#client-tokens >> a >> nth=0")
    shot(page, "10-client-token")
    preview = page.frame_locator("iframe.preview")
    assert preview.locator("input[name=phone][required]").count() == 1
    page.check("input[name=required][value=email]")
    preview.locator("input[name=email][required]").wait_for()  # the preview follows the boxes at once


def test_it_exports_the_searched_persons_as_csv(page, server):
    with storage(server.data_dir):
        seed.person(server.project["id"], "Export Only", "export.only@example.com", None)
        seed.person(server.project["id"], "=cmd|' /C calc'!A0", "dde@example.com", None)
    sign_in(page)
    page.goto("/console/persons?q=example.com")
    shot(page, "11-persons")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    names = {row["name"] for row in rows}
    assert "Export Only" in names and "'=cmd|' /C calc'!A0" in names


XSS = [
    "<script>window.__xss=1</script>",
    "\"><img src=x onerror=\"window.__xss=2\">",
    "' onmouseover='window.__xss=3' x='",
    "javascript:window.__xss=4",
    "</textarea><svg onload=\"window.__xss=5\">",
]


def _plant_xss(server):
    project_id, webhook = server.project["id"], server.integrations["webhook"]["id"]
    with storage(server.data_dir):
        Project.update(name=XSS[0]).where(Project.id == project_id).execute()
        persons = []
        for n, payload in enumerate(XSS):
            person = seed.person(project_id, payload, f"xss{n}@example.com", None, source=payload,
                                 company=payload, attributes={payload: payload, "website": XSS[3]})
            job = seed.job(project_id, webhook, {"name": payload, "url": XSS[3]}, "failed", error=payload,
                           person_ids=[person.id])
            seed.event(person, "ingested", job.id, {"name": payload})
            persons.append((person.id, job.id))
        ServerToken.update(name=XSS[1]).where(ServerToken.project == project_id).execute()
    return persons


def test_it_shows_hostile_values_as_text_and_runs_no_script(page, server):
    persons = _plant_xss(server)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page)
    page.goto("/console/integrations/new")
    page.fill("input[name=name]", XSS[2])
    page.click("text=Create integration")
    shown = {  # page -> the hostile text it must show, as text
        "/console/": XSS[4], "/console/persons": XSS[0], "/console/persons?q=window.__xss": XSS[1],
        "/console/jobs": XSS[3], "/console/jobs?status=failed": XSS[2], "/console/integrations": XSS[2],
        page.url: XSS[2], "/console/tokens": XSS[1], "/console/audit": XSS[2],
    }
    for (person_id, job_id), payload in zip(persons, XSS):
        shown[f"/console/persons/{person_id}"] = payload
        shown[f"/console/jobs/{job_id}"] = payload
    fields = {"/console/projects": ("input[name=name] >> nth=0", XSS[0])}
    for person_id, payload in zip([p for p, _ in persons], XSS):
        fields[f"/console/persons/{person_id}/edit"] = ("input[name=company]", payload)
    for path in [*shown, *fields]:
        page.goto(path)
        page.mouse.move(200, 300)
        page.mouse.move(600, 500)
        if path in shown:
            assert shown[path] in page.inner_text("main"), path
        else:
            assert page.input_value(fields[path][0]) == fields[path][1], path
        assert page.evaluate("window.__xss") is None, path
        injected = page.evaluate("""document.querySelectorAll(
            'script:not([src]), img[src=x], svg[onload], [onerror], [onload], [onmouseover], a[href^="javascript" i]').length""")
        assert injected == 0, path
    page.goto(f"/console/jobs/{persons[4][1]}")
    shot(page, "12-xss-job")
    assert dialogs == []


class _AttackerPage(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_it_ignores_form_posts_from_another_loopback_origin(page, server, tmp_path):
    target = server.base_url
    (tmp_path / "attack.html").write_text(f"""<!doctype html><html><body>
<form id="f" method="post" action="{target}/console/projects">
  <input name="name" value="Pwned"><input name="region" value="US"><input name="csrf_token" value="guess">
</form>
<script>document.getElementById("f").submit()</script></body></html>""")
    (tmp_path / "attack2.html").write_text(f"""<!doctype html><html><body>
<form id="f" method="post" action="{target}/console/tokens/server"><input name="name" value="pwned-token"></form>
<script>document.getElementById("f").submit()</script></body></html>""")
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                               partial(_AttackerPage, directory=str(tmp_path)))
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        sign_in(page)
        page.wait_for_url(re.compile(r"/console/$"))
        for name in ("attack.html", "attack2.html"):
            with page.expect_navigation(url=re.compile(re.escape(target))):
                page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/{name}", wait_until="commit")
            assert "could not be verified" in page.content()
    finally:
        attacker.shutdown()
        attacker.server_close()
    with storage(server.data_dir):
        assert not Project.select().where(Project.name == "Pwned").exists()
        assert not ServerToken.select().where(ServerToken.name == "pwned-token").exists()
    page.goto("/console/")
    assert "/console/login" not in page.url  # the admin is still signed in: nothing else happened

"""The rejected-requests page: refusals grouped by reason, and fix-it buttons that really fix
(in Chromium: after "Allow" the same browser post from the site succeeds; over HTTP: enable,
change the type, and the signature explanation)."""
import re
import sqlite3
import time

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.console.browsing import shot, sign_in
from tests.console.helpers import ConsoleClient, create_admin
from tests.pages import OTHER_HOST, Page
from tests.wire import ingest_url


@pytest.fixture(scope="module")
def appliance(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("rejected") / "data"
    project, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_FORM_MIN_FILL_SECONDS": "0"})
    server.project, server.token, server.integrations = project, token, integrations
    server.start()
    yield server
    server.stop()


@pytest.fixture
def admin(appliance):
    client = ConsoleClient(appliance.base_url)
    assert client.login().status_code == 303
    yield client
    client.close()


def recorded(appliance, matches, timeout: float = 20.0) -> dict:
    """The first kept refusal that ``matches`` (bounded polling: the inspector writes once a second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = run_cli(appliance.data_dir, "rejected", "list", "--json")
        found = [row for row in rows if matches(row)]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the refusal was not recorded")


def group_row(page_html: str, code: str) -> str:
    match = re.search(r'<tr data-code="' + code + r'">(.*?)</tr>', page_html, re.S)
    assert match, f"no {code} group on the page"
    return match.group(1)


def persons_with_email(data_dir, email: str) -> int:
    with sqlite3.connect(f"file:{data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM person WHERE email = ?", (email,)).fetchone()[0]


def test_it_allows_a_refused_origin_and_the_same_browser_post_then_succeeds(browser, appliance):
    site = Page(OTHER_HOST)
    try:
        token = run_cli(appliance.data_dir, "client-token", "create", "--project", appliance.project["id"],
                        "--origin", "https://shop.example", "--base-url", appliance.base_url, "--json")
        site.html = f"<!doctype html><html lang=en><head><title>Shop</title></head><body>{token['snippet']}</body></html>"
        visitor = browser.new_page()
        visitor.goto(site.url)
        visitor.get_by_label("Email").fill("lin@shop.example")
        visitor.get_by_label("Phone").fill("+1 202 555 0147")
        visitor.get_by_role("button", name="Send").click()
        visitor.get_by_role("status").filter(has_text="could not be sent").wait_for()
        recorded(appliance, lambda row: row["code"] == "INVALID_CLIENT_ORIGIN" and row["origin"] == site.url)

        context = browser.new_context(base_url=appliance.base_url)
        console = context.new_page()
        sign_in(console)
        console.goto("/console/rejected")
        row = console.locator("tr[data-code=INVALID_CLIENT_ORIGIN]").filter(has_text=site.url)
        assert f"Origin {site.url} is not allowed for any client token" in row.inner_text()
        shot(console, "16-rejected")
        row.get_by_role("button", name=f"Allow {site.url}").click()
        assert f"{site.url} is now allowed" in console.inner_text(".flash")
        context.close()

        visitor.reload()
        visitor.get_by_label("Email").fill("lin@shop.example")
        visitor.get_by_label("Phone").fill("+1 202 555 0147")
        visitor.get_by_role("button", name="Send").click()
        visitor.get_by_role("status").filter(has_text="Thank").wait_for()
        assert persons_with_email(appliance.data_dir, "lin@shop.example") == 1
        visitor.close()
    finally:
        site.close()
    allowed = run_cli(appliance.data_dir, "client-token", "list", "--project", appliance.project["id"], "--json")
    assert next(t for t in allowed if t["id"] == token["id"])["allowedOrigins"] == ["https://shop.example", site.url]


def test_it_enables_a_disabled_integration_that_refused_data(admin, appliance):
    disabled = appliance.integrations["disabled"]["id"]
    auth = {"Authorization": f"Bearer {appliance.token}"}
    assert httpx.post(appliance.base_url + ingest_url(disabled), headers=auth, json={"email": "a@x.example"}) \
        .status_code == 409
    recorded(appliance, lambda row: row["subjectId"] == disabled)
    page = admin.http.get("/console/rejected").text
    assert f"Integration {disabled} is disabled: enable it" in group_row(page, "INTEGRATION_DISABLED")
    response = admin.post("/console/rejected/enable-integration", {"integration_id": disabled},
                          form_page="/console/rejected")
    assert response.status_code == 303
    assert httpx.post(appliance.base_url + ingest_url(disabled), headers=auth, json={"email": "a@x.example"}) \
        .status_code == 202


def test_it_changes_the_type_of_an_integration_without_processor(admin, appliance):
    other = appliance.integrations["other"]["id"]
    auth = {"Authorization": f"Bearer {appliance.token}"}
    assert httpx.post(appliance.base_url + ingest_url(other), headers=auth, json={}).status_code == 400
    recorded(appliance, lambda row: row["subjectId"] == other)
    row = group_row(admin.http.get("/console/rejected").text, "INTEGRATION_TYPE_NOT_SUPPORTED")
    assert "Type OTHER has no processor: change the type" in row and "Change the type" in row
    response = admin.post("/console/rejected/change-type", {"integration_id": other, "type": "WEBHOOK"},
                          form_page="/console/rejected")
    assert response.status_code == 303
    assert httpx.post(appliance.base_url + ingest_url(other), headers=auth, json={"email": "b@x.example"}) \
        .status_code == 202
    with sqlite3.connect(f"file:{appliance.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        details = connection.execute("SELECT actor, details FROM audit_entry WHERE action = 'integration.change_type' "
                                     "AND target = ?", (other,)).fetchall()
    assert details == [("admin:admin@example.com", '{"from":"OTHER","to":"WEBHOOK"}')]


def test_it_explains_a_signature_that_did_not_match(admin, appliance):
    typeform = run_cli(appliance.data_dir, "integration", "create", "--project", appliance.project["id"],
                       "--type", "TYPEFORM", "--name", "typeform", "--json")
    run_cli(appliance.data_dir, "integration", "configure", typeform["id"], "--signing-secret", "right", "--json")
    response = httpx.post(appliance.base_url + ingest_url(typeform["id"]), content=b'{"event_type":"form_response"}',
                          headers={"Content-Type": "application/json", "Typeform-Signature": "sha256=d3Jvbmc="})
    assert response.status_code == 401
    recorded(appliance, lambda row: row["subjectId"] == typeform["id"])
    row = group_row(admin.http.get("/console/rejected").text, "INVALID_SERVER_TOKEN")
    assert "Signature did not match: compare the secret" in row
    assert "Came: Typeform-Signature: sha256=d3Jvbmc=." in row
    assert "Expected: Typeform-Signature as TYPEFORM signs it: Typeform-Signature: sha256=&lt;base64" in row

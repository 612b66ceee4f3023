"""The "Try a payload" box on an integration's page, in a real browser (Debian Chromium) and over
HTTP: it shows what a body would become, escapes what it shows, and writes nothing."""
import sqlite3

import httpx
import pytest

from tests.console.browsing import shot, sign_in
from tests.console.helpers import job_when_done


@pytest.fixture
def tab(browser, console_server):
    context = browser.new_context(base_url=console_server.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def row_counts(data_dir) -> dict:
    with sqlite3.connect(data_dir / "svit.db") as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("person", "person_event", "ingestion_job", "audit_entry")}


def ingested(console_server, body) -> str:
    webhook = console_server.integrations["webhook"]["id"]
    response = httpx.post(f"{console_server.base_url}/api/v1/external/data-ingestion/{webhook}", json=body,
                          headers={"Authorization": f"Bearer {console_server.token}"})
    job = job_when_done(console_server, response.json()["jobId"])
    assert job["status"] == "succeeded", job
    return job["personIds"][0]


def test_it_shows_which_person_a_pasted_body_would_update_and_writes_nothing(tab, console_server):
    existing = ingested(console_server, {"name": "Mary Jackson", "email": "mary@nasa.example"})
    sign_in(tab)
    before = row_counts(console_server.data_dir)
    tab.goto(f"/console/integrations/{console_server.integrations['webhook']['id']}")
    tab.fill("textarea[name=payload]", '[{"email": "mary@nasa.example", "phone": "+1 757 555 0199"},'
                                       ' {"name": "<img src=x onerror=alert(1)>", "email": "dorothy@nasa.example"}]')
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.click("button:has-text('Try it (nothing is written)')")
    rows = tab.locator("#dry-run-result tbody tr")
    assert rows.count() == 2
    assert f"would update {existing} (mary@nasa.example +17575550199): phone added" in rows.nth(0).inner_text()
    assert "new person: <img src=x onerror=alert(1)> dorothy@nasa.example" in rows.nth(1).inner_text()
    assert tab.input_value("textarea[name=payload]").startswith('[{"email": "mary@nasa.example"')
    shot(tab, "15-integration-try-payload")
    assert dialogs == []
    assert row_counts(console_server.data_dir) == before


def test_it_explains_a_body_it_cannot_read_beside_the_box(admin, console_server):
    integration_id = console_server.integrations["webhook"]["id"]
    response = admin.post(f"/console/integrations/{integration_id}/try", {"payload": '{"email": '},
                          form_page=f"/console/integrations/{integration_id}")
    assert response.status_code == 200
    assert 'id="payload-error">Body is not valid JSON: Expecting value at line 1 column 11</p>' in response.text


def test_it_warns_that_a_disabled_integration_refuses_real_requests(admin, console_server):
    integration_id = console_server.integrations["disabled"]["id"]
    response = admin.post(f"/console/integrations/{integration_id}/try", {"payload": '{"email": "kj@nasa.example"}'},
                          form_page=f"/console/integrations/{integration_id}")
    assert "Warning: the integration is disabled: real requests are refused with 409 until you enable it" \
        in response.text
    assert "new person: kj@nasa.example" in response.text


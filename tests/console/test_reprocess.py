"""The integration page's "Reprocess stored bodies": preview and run in Chromium, and over HTTP a
run that is stopped mid-way (the database held so it cannot finish first) and resumed."""
import re
import sqlite3
import time

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.console.browsing import shot, sign_in
from tests.console.helpers import ConsoleClient, create_admin
from tests.wire import finished_job, ingest_url

MAPPING = '{"name": "order.buyer", "company": "order.code"}'


@pytest.fixture
def appliance(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_SQLITE_BUSY_TIMEOUT_MS": "60000"})
    server.project, server.token, server.integrations = project, token, integrations
    server.start()
    yield server
    server.stop()


def stored_bodies(appliance, count: int) -> list[str]:
    """``count`` jobs whose bodies the WEBHOOK type finds no person in until the mapping is set."""
    webhook = appliance.integrations["webhook"]["id"]
    with httpx.Client(base_url=appliance.base_url, headers={"Authorization": f"Bearer {appliance.token}"}) as client:
        ids = [client.post(ingest_url(webhook), json={"order": {"buyer": f"Buyer {i}", "code": f"c-{i}"}})
               .json()["jobId"] for i in range(count)]
        assert all(finished_job(client, job_id)["personIds"] == [] for job_id in ids)
    run_cli(appliance.data_dir, "integration", "configure", webhook, "--mapping", MAPPING, "--json")
    return ids


def persons(appliance) -> int:
    with sqlite3.connect(f"file:{appliance.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM person").fetchone()[0]


def page_until(get_page, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        page = get_page()
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.2)


def test_it_previews_then_reprocesses_in_the_browser(browser, appliance):
    stored_bodies(appliance, 3)
    with browser.new_context(base_url=appliance.base_url) as context:
        page = context.new_page()
        sign_in(page)
        page.goto(f"/console/integrations/{appliance.integrations['webhook']['id']}")
        page.click("button:has-text('Preview')")
        assert page.inner_text("#reprocess-preview") == ("Preview (nothing written): 3 jobs, 3 would succeed, 0 would "
                                                         "fail; 3 persons would be created, 0 updated.")
        assert persons(appliance) == 0
        page.click("#reprocess ~ form button:has-text('Reprocess')")
        assert "Reprocessing started." in page.inner_text(".flash")
        done = "Done: 3 of 3 jobs reprocessed, 3 succeeded, 0 failed, 3 persons created, 0 updated."
        page_until(lambda: page.reload() and page.inner_text("#reprocess-progress"), done)
        assert page.inner_text("#reprocess-progress") == done
        shot(page, "17-integration-reprocessed")
    assert persons(appliance) == 3


def test_it_stops_a_run_and_resumes_it_where_it_stopped(appliance):
    stored_bodies(appliance, 20)
    admin = ConsoleClient(appliance.base_url)
    assert admin.login().status_code == 303
    path = f"/console/integrations/{appliance.integrations['webhook']['id']}"
    csrf = admin.csrf(path)
    holder = sqlite3.connect(appliance.data_dir / "svit.db", timeout=30, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the run's first job waits for this
    try:
        assert admin.post(path + "/reprocess", {"csrf_token": csrf}).status_code == 303
        running = page_until(lambda: admin.http.get(path).text, "Reprocessing: 0 of 20 jobs done")
        assert "Reprocessing: 0 of 20 jobs done" in running and ">Stop</button>" in running
        assert admin.post(path + "/reprocess/stop", {"csrf_token": csrf}).status_code == 303
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    stopped = page_until(lambda: admin.http.get(path).text, "Stopped after 1 of 20 jobs")
    assert re.search(r"Stopped after 1 of 20 jobs \(job_\w+\)", stopped) and ">Resume</button>" in stopped
    assert persons(appliance) == 1
    assert admin.post(path + "/reprocess", {"csrf_token": csrf, "resume": "1"}).status_code == 303
    done = page_until(lambda: admin.http.get(path).text, "Done: 19 of 19 jobs")
    assert "Done: 19 of 19 jobs reprocessed, 19 succeeded, 0 failed, 19 persons created, 0 updated." in done
    assert persons(appliance) == 20
    admin.close()

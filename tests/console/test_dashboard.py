"""The dashboard: what needs attention, new persons by source (by name) over 7 and 30 days, the
chart's scale, and the first-run banner only while the project really has nothing."""
import re
from datetime import timedelta

import pytest

from svit_appliance.console.dashboard import axis_ticks
from svit_appliance.core.ids import new_id
from svit_appliance.store.models import FormSpam, IngestionJob, Person, RejectedRequest, utcnow
from tests.conftest import ServerProcess, provision, run_cli
from tests.console import seed
from tests.console.helpers import ConsoleClient, create_admin
from tests.console.seed import storage


def figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">(\d+)<', page).group(1)


def test_it_shows_what_needs_attention_and_persons_by_source(admin, console_server):
    project_id = console_server.project["id"]
    webhook = console_server.integrations["webhook"]
    source = f"integration:{webhook['id']}"
    token = run_cli(console_server.data_dir, "client-token", "create", "--project", project_id, "--name", "Shop site",
                    "--origin", "https://shop.example", "--json")
    with storage(console_server.data_dir):
        for n in range(3):
            seed.person(project_id, f"Recent {n}", f"recent{n}@example.com", source=source)
        old = seed.person(project_id, "Older", "older@example.com", source=f"client_token:{token['id']}")
        Person.update(created_at=utcnow() - timedelta(days=20)).where(Person.id == old.id).execute()
        seed.job(project_id, webhook["id"], {}, "failed", error="bad")
        nobody = seed.job(project_id, webhook["id"], {"nobody": True}, "succeeded", person_ids=[])
        IngestionJob.update(warning="no person found").where(IngestionJob.id == nobody.id).execute()
        seed.job(project_id, webhook["id"], {"email": "x@example.com"}, "succeeded", person_ids=["per_x"])
        FormSpam.create(id=new_id("spm"), project=project_id, client_token=token["id"], ip="192.0.2.1",
                        reason="honeypot", fields={})
    page = admin.http.get("/console/").text
    assert (figure(page, "attention-failed"), figure(page, "attention-no-person"), figure(page, "attention-spam")) == \
        ("1", "1", "1")
    seven = re.search(r'<table class="compact" id="by-source-7">(.*?)</table>', page, re.S).group(1)
    thirty = re.search(r'<table class="compact" id="by-source-30">(.*?)</table>', page, re.S).group(1)
    assert f'<td>{webhook["name"]} (WEBHOOK)</td><td class="num">3</td>' in seven and "Shop site" not in seven
    assert '<td>Shop site (contact form)</td><td class="num">1</td>' in thirty
    assert 'id="chart-peak">peak 3 requests/hour<' in page
    assert 'id="first-run"' not in page


def test_it_shows_the_first_run_banner_only_while_the_project_has_nothing(tmp_path):
    data_dir = tmp_path / "data"
    project = run_cli(data_dir, "project", "create", "Empty", "--json")
    create_admin(data_dir)
    server = ServerProcess(data_dir).start()
    client = ConsoleClient(server.base_url)
    try:
        client.login()
        assert 'id="first-run"' in client.http.get("/console/").text
        run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "WEBHOOK", "--name", "w")
        assert 'id="first-run"' not in client.http.get("/console/").text
    finally:
        client.close()
        server.stop()


def test_it_counts_the_projects_refused_requests_from_the_inspector_and_a_stale_backup(tmp_path):
    import os
    import time

    import httpx

    data_dir = tmp_path / "data"
    project, _, integrations = provision(data_dir)
    other = run_cli(data_dir, "project", "create", "Other", "--json")
    create_admin(data_dir)
    backups = data_dir / "backups"
    backups.mkdir(parents=True)
    (backups / "svit-old.db").write_bytes(b"x")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(backups / "svit-old.db", (ten_days_ago, ten_days_ago))
    server = ServerProcess(data_dir).start()  # no /metrics: the count comes from the inspector's records
    client = ConsoleClient(server.base_url)
    try:
        for _ in range(3):  # the integration in the path says whose refusal it is
            answer = httpx.post(f"{server.base_url}/api/v1/external/data-ingestion/{integrations['webhook']['id']}",
                                json={"email": "a@example.com"}, headers={"Authorization": "Bearer svit_wrong"})
            assert answer.status_code == 401
        httpx.get(server.base_url + "/api/v1/external/ping")  # no token: appliance-wide, not this project's
        with storage(data_dir):
            RejectedRequest.create(id=new_id("rej"), project=project["id"], method="POST", route="/old", status=401,
                                   code="INVALID_TOKEN", detail="", count=5, created_at=utcnow() - timedelta(days=8))
            RejectedRequest.create(id=new_id("rej"), project=other["id"], method="POST", route="/x", status=401,
                                   code="INVALID_TOKEN", detail="", count=7)
        client.login()
        deadline = time.monotonic() + 10
        while (page := client.http.get("/console/").text) and figure(page, "attention-rejected") != "3":
            assert time.monotonic() < deadline, "the inspector did not record the 3 refusals"
            time.sleep(0.2)
        assert re.search(r'<a href="/console/rejected"><strong id="attention-rejected">3</strong>', page)
        assert figure(page, "attention-backup") == "10"
        assert re.search(r'<li class="alert"><span><strong id="attention-backup">10</strong>', page)
    finally:
        client.close()
        server.stop()


@pytest.mark.parametrize("peak, ticks", [(0, [0, 1]), (3, [0, 1, 2, 3]), (4, [0, 1, 2, 3, 4]), (7, [0, 2, 4, 6, 8]),
                                         (38, [0, 10, 20, 30, 40]), (1200, [0, 500, 1000, 1500])])
def test_it_scales_the_charts_y_axis_in_round_steps(peak, ticks):
    assert axis_ticks(peak) == ticks


def test_it_draws_the_chart_with_a_labelled_y_axis(admin, console_server):
    page = admin.http.get("/console/").text
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0)
    labels = [int(v) for v in re.findall(r'class="tick y-tick" text-anchor="end">(\d+)<', chart)]
    assert labels[0] == 0 and len(labels) >= 2 and labels == sorted(labels)
    tallest = max(float(h) for h in re.findall(r'height="([\d.]+)" class="bar"', chart))
    top = min(float(y) for y in re.findall(r'<line x1="\d+" y1="([\d.]+)"', chart))
    assert tallest <= 120 - 14 - top + 0.1  # no bar rises above the top tick

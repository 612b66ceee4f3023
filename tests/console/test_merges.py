"""Merging likely duplicates in Chromium: the list, the side-by-side preview where each field is
picked, the merge, and the undo that puts both persons back exactly."""
import re

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.console.browsing import shot, sign_in
from tests.console.helpers import ConsoleClient, create_admin
from tests.wire import finished_job, ingest_url


@pytest.fixture
def appliance(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as api:
        url = ingest_url(integrations["webhook"]["id"])
        jobs = [finished_job(api, api.post(url, json=body).json()["jobId"]) for body in (
            {"name": "Olena", "email": "olena.koval@gmail.com"},
            {"name": "Olena Koval", "email": "olenakoval+shop@gmail.com", "phone": "+1 202 555 0143"})]
    server.persons = [job["personIds"][0] for job in jobs]
    yield server
    server.stop()


def test_it_merges_a_likely_duplicate_picking_fields_and_undoes_it(browser, appliance):
    first, second = appliance.persons
    before = [run_cli(appliance.data_dir, "persons", "show", pid, "--json") for pid in (first, second)]
    with browser.new_context(base_url=appliance.base_url) as context:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page)
        page.goto("/console/persons")
        page.click("text=Likely duplicates")
        row = page.locator("#duplicates tbody tr")
        assert row.count() == 1 and "the same mailbox written differently" in row.inner_text()
        row.get_by_role("link", name="Compare and merge").click()
        page.wait_for_url(re.compile(r"/console/persons/merge\?"))
        keep_id = re.search(r"keep=(per_\w+)", page.url).group(1)
        other_id = second if keep_id == first else first
        other_name = "Olena Koval" if other_id == second else "Olena"
        page.check("input[name=take_name][value=other]")
        shot(page, "18-merge-preview")
        page.click("button:has-text('Merge')")
        page.wait_for_url(re.compile(f"/console/persons/{keep_id}$"))
        assert "undo it on Duplicates" in page.inner_text(".flash")
        assert page.inner_text("#person-name") == other_name
        kept = run_cli(appliance.data_dir, "persons", "show", keep_id, "--json")
        assert kept["timeline"][-1]["data"]["mergedFrom"] == other_id
        page.goto("/console/persons/duplicates")
        page.locator("#merges").get_by_role("button", name="Undo").click()
        assert "Merge undone" in page.inner_text(".flash")
    assert [run_cli(appliance.data_dir, "persons", "show", pid, "--json") for pid in (first, second)] == before


def test_it_lists_close_names_with_one_contact_a_typo_apart(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir).start()
    leads = [{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0958"},
             {"name": "Ada Lovelase", "email": "ada@exmaple.com", "phone": "+44 20 7946 0000"},
             {"name": "A. Lovelace", "email": "countess@engines.example", "phone": "+44 20 7946 0985"},
             {"name": "Grace Hopper", "email": "grace@example.com", "phone": "+44 20 7946 0959"}]
    admin = ConsoleClient(server.base_url)
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as api:
            url = ingest_url(integrations["webhook"]["id"])
            ids = [finished_job(api, api.post(url, json=lead).json()["jobId"])["personIds"][0] for lead in leads]
        admin.login()
        rows = re.findall(r"<tr><td>(.*?)</tr>", admin.http.get("/console/persons/duplicates").text, re.S)
    finally:
        admin.close()
        server.stop()
    listed = {(frozenset(re.findall(r"/console/persons/(per_\w+)\"", row)), re.search(r"<td>([^<]+)</td>\s*<td><a class",
                                                                                       row).group(1)) for row in rows}
    assert listed == {(frozenset({ids[0], ids[1]}), "close names, an email one typo apart"),
                      (frozenset({ids[0], ids[2]}), "close names, a phone one typo apart")}
    from_cli = run_cli(data_dir, "persons", "duplicates", "--project", project["id"], "--json")
    assert {(frozenset({p["first"]["id"], p["second"]["id"]}), p["reason"]) for p in from_cli} == listed

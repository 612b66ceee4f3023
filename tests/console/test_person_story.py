"""A person's page reads like a story, with names instead of ids: the contact form post with its
message, page, referrer, UTM and consent in view; an integration's update with what it changed;
a CSV import by its file; the persons list says where each person came from by name."""
import httpx

from tests.conftest import run_cli
from tests.wire import finished_job, ingest_url


def test_it_tells_a_persons_story_with_names(admin, console_server):
    data_dir, project_id = console_server.data_dir, console_server.project["id"]
    token = run_cli(data_dir, "client-token", "create", "--project", project_id, "--name", "Acme site",
                    "--origin", "https://acme.example", "--require", "email", "--json")
    form = {"name": "Story Sam", "email": "sam.story@example.com", "message": "Hello, I'd like a 3-tier cake " * 4,
            "pageUrl": "https://acme.example/contact?utm_source=news&utm_campaign=spring",
            "referrer": "https://search.example/q", "consent": True}
    answer = httpx.post(console_server.base_url + "/api/v1/external/client/form", json=form,
                        headers={"x-client-token": token["token"], "Origin": "https://acme.example"})
    assert answer.status_code == 201, answer.text
    person_id = answer.json()["personId"]
    webhook = console_server.integrations["webhook"]
    with httpx.Client(base_url=console_server.base_url,
                      headers={"Authorization": f"Bearer {console_server.token}"}) as api:
        accepted = api.post(ingest_url(webhook["id"]), json={"email": "sam.story@example.com", "phone": "+1 415 555 0142"})
        assert finished_job(api, accepted.json()["jobId"])["status"] == "succeeded"

    page = admin.http.get(f"/console/persons/{person_id}").text
    assert "First seen: added from Acme site (contact form)" in page
    assert "Sent the contact form on acme.example/contact: &#39;Hello, I&#39;d like a 3-tier cake" in page
    assert "…&#39;" in page
    assert "<dt>UTM source</dt><dd>news</dd>" in page and "<dt>UTM campaign</dt><dd>spring</dd>" in page
    assert "<dt>Consent</dt><dd>given</dd>" in page
    assert '<a href="https://search.example/q" rel="noopener noreferrer nofollow">' in page
    assert f"Updated from {webhook['name']} (WEBHOOK): phone added" in page
    assert f"Received from {webhook['name']} (WEBHOOK)" in page
    assert '<dd id="first-source">Acme site (contact form)</dd>' in page
    assert f'<dd id="last-source">{webhook["name"]} (WEBHOOK)</dd>' in page
    assert "raw data" in page

    listing = admin.http.get("/console/persons", params={"q": "sam.story"}).text
    assert "<td>Acme site (contact form)</td>" in listing
    by_source = admin.http.get("/console/persons", params={"source": f"client_token:{token['id']}"}).text
    assert f"/console/persons/{person_id}" in by_source


def test_it_names_a_csv_import_as_the_source(admin, console_server, tmp_path):
    path = tmp_path / "fair-leads.csv"
    path.write_text("Name,Email\nImported Ivy,ivy.import@example.com\n", encoding="utf-8")
    run_cli(console_server.data_dir, "persons", "import", str(path), "--project", console_server.project["id"])
    listing = admin.http.get("/console/persons", params={"q": "ivy.import"}).text
    assert "<td>fair-leads.csv (CSV import)</td>" in listing
    person_id = listing.split('href="/console/persons/per_', 1)[1].split('"', 1)[0]
    page = admin.http.get(f"/console/persons/per_{person_id}").text
    assert "Imported from the CSV file fair-leads.csv, line 2" in page

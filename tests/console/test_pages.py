"""The console's pages over HTTP: persons, integrations, tokens, jobs, projects, audit, dashboard."""
import csv
import html
import io
import re
import time

import httpx
import pytest

from svit_appliance.store.models import AuditEntry, ClientToken, IngestionJob, Integration, Person, PersonEvent, Project
from tests.console import seed
from tests.console.seed import storage

PHONE = re.compile(r"\+\d{8,15}")
PERSONS = [
    ("Ada Lovelace", "ada@analytical.example", "+442079460958"),
    ("Grace Hopper", "grace@navy.example", "+14155550100"),
    ("Alan Turing", "alan@bletchley.example", "+441632960001"),
    ("=HYPERLINK(\"http://evil\")", "-2+3@formula.example", "+12025550123"),
]


@pytest.fixture(scope="module")
def people(console_server):
    project_id = console_server.project["id"]
    source = console_server.integrations["webhook"]["id"]
    with storage(console_server.data_dir):
        made = {name: seed.person(project_id, name, email, phone, source=source).id for name, email, phone in PERSONS}
        for n in range(55):
            seed.person(project_id, f"Filler Person {n:02d}", f"filler{n}@bulk.example", None, source="ctk_other")
    return made


@pytest.mark.parametrize("query, expected", [
    ("lovelace", {"Ada Lovelace"}),
    ("GRACE", {"Grace Hopper"}),
    ("bletchley", {"Alan Turing"}),
    ("(415) 555-0100", {"Grace Hopper"}),
    ("+44 20 7946", {"Ada Lovelace"}),
    ("@navy.exa", {"Grace Hopper"}),
    ("nobody-has-this", set()),
])
def test_it_finds_persons_by_name_email_or_phone(admin, people, query, expected):
    page = admin.http.get("/console/persons", params={"q": query}).text
    shown = {name for name in people if f'/console/persons/{people[name]}"' in page}
    assert shown == expected
    if not expected:
        assert "No match" in page


def test_it_asks_for_three_characters(admin, people):
    page = admin.http.get("/console/persons", params={"q": "ad"}).text
    assert "at least 3 characters" in page
    assert "No match" not in page and "No persons yet" not in page  # one clear message, not two


def test_it_filters_persons_by_source_and_pages(admin, people, console_server):
    source = console_server.integrations["webhook"]["id"]
    page = admin.http.get("/console/persons", params={"source": source}).text
    assert all(f"/console/persons/{pid}" in page for pid in people.values())
    assert "Filler Person" not in page
    first = admin.http.get("/console/persons", params={"source": "ctk_other"}).text
    second = admin.http.get("/console/persons", params={"source": "ctk_other", "page": 2}).text
    ids = lambda text: set(re.findall(r'/console/persons/(per_\w+)"', text))
    assert len(ids(first)) == 50 and len(ids(second)) == 5 and not ids(first) & ids(second)
    assert 'rel="next"' in first and 'rel="next"' not in second


def test_it_exports_the_current_filter_as_csv_without_formulas(admin, people, console_server):
    source = console_server.integrations["webhook"]["id"]
    response = admin.http.get("/console/persons/export.csv", params={"source": source})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["id"] for row in rows} == set(people.values())
    for row in rows:
        for value in row.values():
            # only a phone number may start with a sign, and it cannot call anything
            assert not value.startswith(("=", "@")) and (not value.startswith(("+", "-")) or PHONE.fullmatch(value)), value
    evil = next(row for row in rows if "HYPERLINK" in row["name"])
    assert evil["name"] == "'=HYPERLINK(\"http://evil\")" and evil["email"] == "'-2+3@formula.example"
    assert evil["phone"] == "+12025550123"  # a phone keeps its + and gets no apostrophe
    searched = list(csv.DictReader(io.StringIO(admin.http.get("/console/persons/export.csv",
                                                              params={"q": "hopper"}).text)))
    assert [row["name"] for row in searched] == ["Grace Hopper"]


def test_it_shows_the_timeline_with_links_to_jobs(admin, console_server):
    project_id, integration = console_server.project["id"], console_server.integrations["webhook"]["id"]
    with storage(console_server.data_dir):
        person = seed.person(project_id, "Timeline Tess", "tess@example.com")
        job = seed.job(project_id, integration, {"email": "tess@example.com"}, "succeeded", person_ids=[person.id])
        seed.event(person, "ingested", job.id)
        seed.event(person, "merged", job.id, {"phone": "+14155550199"})
    page = admin.http.get(f"/console/persons/{person.id}").text
    assert page.index("First seen: added from") < page.index("Received from") < page.index("Updated from")
    assert f'href="/console/jobs/{job.id}"' in page
    job_page = admin.http.get(f"/console/jobs/{job.id}").text
    assert f'href="/console/persons/{person.id}"' in job_page and "Timeline Tess" in job_page


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "email"),
    ("phone", "12", "phone"),
    ("name", "x" * 201, "At most 200 characters"),
])
def test_it_shows_edit_errors_next_to_the_field(admin, console_server, field, value, message):
    with storage(console_server.data_dir):
        person = seed.person(console_server.project["id"], f"Edit {field}", None, None)
    form = {"name": person.name, "first_name": "", "last_name": "", "email": "", "phone": "", "company": "",
            field: value}
    response = admin.post(f"/console/persons/{person.id}/edit", form)
    assert response.status_code == 200
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]+)</p>', response.text)
    assert error and message.lower() in error.group(1).lower()
    assert f'name="{field}" value="{value}"' in response.text.replace("&#34;", '"')


def test_it_saves_an_edit_into_the_timeline_and_the_audit_log(admin, console_server):
    with storage(console_server.data_dir):
        person = seed.person(console_server.project["id"], "Before Edit", None, None)
    form = {"name": "After Edit", "first_name": "After", "last_name": "Edit", "email": " After@Example.COM ",
            "phone": "(415) 555-0142", "company": "Acme"}
    assert admin.post(f"/console/persons/{person.id}/edit", form).status_code == 303
    with storage(console_server.data_dir):
        saved = Person.get_by_id(person.id)
        assert (saved.name, saved.email, saved.phone) == ("After Edit", "after@example.com", "+14155550142")
        edited = PersonEvent.get(PersonEvent.person == person.id, PersonEvent.kind == "edited")
        assert edited.data["changes"]["name"] == {"from": "Before Edit", "to": "After Edit"}
        entry = AuditEntry.get(AuditEntry.action == "person.edit", AuditEntry.target == person.id)
        assert entry.actor == "admin:admin@example.com"


def test_it_deletes_a_person_with_their_timeline(admin, console_server):
    with storage(console_server.data_dir):
        person = seed.person(console_server.project["id"], "Delete Me", "delete@example.com")
    assert admin.post(f"/console/persons/{person.id}/delete").status_code == 303
    assert admin.http.get(f"/console/persons/{person.id}").status_code == 404
    with storage(console_server.data_dir):
        assert not PersonEvent.select().where(PersonEvent.person == person.id).exists()


@pytest.mark.parametrize("form, field, message", [
    ({"type": "WEBHOOK", "name": " "}, "name", "Give the integration a name"),
    ({"type": "FAX", "name": "fax"}, "type", "Unknown integration type &#39;FAX&#39;: pick one of the types"),
])
def test_it_explains_a_bad_new_integration(admin, form, field, message):
    response = admin.post("/console/integrations", form)
    assert response.status_code == 200
    assert re.search(rf'id="{field}-error">{message}', response.text)


def test_it_creates_an_integration_with_a_working_curl(admin, console_server, api):
    response = admin.post("/console/integrations", {"type": "WEBHOOK", "name": "From the console"})
    integration_id = response.headers["location"].rsplit("/", 1)[1]
    page = admin.http.get(f"/console/integrations/{integration_id}").text
    url = f"{console_server.base_url}/api/v1/external/data-ingestion/{integration_id}"
    assert url in page and "curl -X POST" in page
    accepted = api.post(url, json={"email": "curl@example.com"})
    assert accepted.status_code == 202
    assert accepted.json()["jobId"] in admin.http.get(f"/console/integrations/{integration_id}").text


def test_it_saves_mapping_and_signing_secret_without_showing_it(admin, console_server):
    webhook = console_server.integrations["webhook"]["id"]
    bad = admin.post(f"/console/integrations/{webhook}/settings", {"mapping": '{"shoe_size": "a.b"}'})
    assert "The mapping names &#39;shoe_size&#39;, which is not one of" in bad.text
    good = admin.post(f"/console/integrations/{webhook}/settings", {"mapping": '{"email": "contact.email"}'})
    assert good.status_code == 303
    typeform = admin.post("/console/integrations", {"type": "TYPEFORM", "name": "tf"}).headers["location"]
    typeform_id = typeform.rsplit("/", 1)[1]
    admin.post(f"/console/integrations/{typeform_id}/settings", {"signing_secret": "whsec-very-secret"})
    assert "whsec-very-secret" not in admin.http.get(typeform).text
    with storage(console_server.data_dir):
        assert Integration.get_by_id(webhook).config["mapping"] == {"email": "contact.email"}
        assert Integration.get_by_id(typeform_id).config["signing_secret"] == "whsec-very-secret"
        assert "whsec" not in str([e.details for e in AuditEntry.select()])


def test_it_disables_and_enables_an_integration(admin, console_server, api):
    webhook = console_server.integrations["webhook"]["id"]
    admin.post(f"/console/integrations/{webhook}/toggle")
    assert api.post(f"/api/v1/external/data-ingestion/{webhook}", json={}).status_code == 409
    admin.post(f"/console/integrations/{webhook}/toggle")
    assert api.post(f"/api/v1/external/data-ingestion/{webhook}", json={"email": "x@example.com"}).status_code == 202


def test_it_shows_a_new_server_token_once_and_revokes_it(admin, console_server):
    import httpx

    created = admin.post("/console/tokens/server", {"name": "console-made"}, form_page="/console/tokens")
    secret = re.search(r'id="new-token">(svit_pat_\w+)<', created.text).group(1)
    ping = lambda: httpx.get(console_server.base_url + "/api/v1/external/ping",
                             headers={"Authorization": f"Bearer {secret}"}).status_code
    assert ping() == 200
    listing = admin.http.get("/console/tokens").text
    assert secret not in listing and "console-made" in listing
    token_id = re.search(r'/console/tokens/(tok_\w+)/revoke', listing.split("console-made")[1]).group(1)
    admin.post(f"/console/tokens/{token_id}/revoke")
    assert ping() == 401


def test_it_creates_and_edits_a_client_token_with_snippet(admin, console_server):
    created = admin.post("/console/tokens/client", {"name": "site", "origins": "https://shop.example/",
                                                    "required": ["email"]}, form_page="/console/tokens")
    secret = re.search(r'id="new-token">(svit_ct_\w+)<', created.text).group(1)
    assert f'data-token=&#34;{secret}&#34;' in created.text and "/embed/form.js" in created.text
    token_id = re.search(r'/console/tokens/client/(ctk_\w+)"', created.text).group(1)
    bad = admin.post(f"/console/tokens/client/{token_id}", {"origins": "ftp://nope", "required": ["email"]})
    assert re.search(r'id="origins-error">Origin', bad.text)
    admin.post(f"/console/tokens/client/{token_id}", {"origins": "https://a.example\nhttps://b.example",
                                                      "required": ["phone", "email"]})
    with storage(console_server.data_dir):
        token = ClientToken.get_by_id(token_id)
        assert token.allowed_origins == ["https://a.example", "https://b.example"]
        assert token.required_fields == ["phone", "email"]
    preview = admin.http.get(f"/console/tokens/client/{token_id}/preview")
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]


def test_it_retries_one_failed_job_and_all_failed_jobs(admin, console_server):
    project_id, webhook = console_server.project["id"], console_server.integrations["webhook"]["id"]
    with storage(console_server.data_dir):
        jobs = [seed.job(project_id, webhook, {"n": n}, "failed", error="boom <b>").id for n in range(3)]
        done = seed.job(project_id, webhook, {"n": 9}, "succeeded").id
    page = admin.http.get(f"/console/jobs/{jobs[0]}").text
    assert "boom &lt;b&gt;" in page and "&#34;n&#34;: 0" in page
    failed_list = admin.http.get("/console/jobs", params={"status": "failed"}).text
    assert all(job in failed_list for job in jobs) and done not in failed_list
    admin.post(f"/console/jobs/{jobs[0]}/retry")
    admin.post(f"/console/jobs/{done}/retry")
    # the retry rings the in-process worker, which runs the job again (its body holds no person)
    assert finished_job(console_server.data_dir, jobs[0]).status == "succeeded"
    with storage(console_server.data_dir):
        assert IngestionJob.get_by_id(jobs[1]).status == "failed"
        untouched = IngestionJob.get_by_id(done)
        assert (untouched.status, untouched.attempts) == ("succeeded", 0)
    admin.post("/console/jobs/retry-failed")
    assert {finished_job(console_server.data_dir, j).status for j in jobs} == {"succeeded"}


def finished_job(data_dir, job_id: str) -> IngestionJob:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with storage(data_dir):
            job = IngestionJob.get_by_id(job_id)
        if job.status in ("succeeded", "failed") and job.last_error is None:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} was not run again within 30 s")


def test_it_creates_renames_and_switches_projects(admin, console_server):
    bad = admin.post("/console/projects", {"name": "Beta", "region": "XYZ"})
    assert re.search(r'id="region-error">', bad.text)
    created = admin.post("/console/projects", {"name": "Beta", "region": "gb"})
    assert created.status_code == 303
    with storage(console_server.data_dir):
        beta = Project.get(Project.name == "Beta")
        assert beta.default_region == "GB"
    admin.post(f"/console/projects/{beta.id}", {"name": "Beta Renamed", "region": "DE"})
    assert "Beta Renamed" in admin.http.get("/console/").text  # the new project is the one shown
    admin.post("/console/projects/use", {"project": console_server.project["id"], "back": "/console/persons"})
    assert "<h1>Acme</h1>" in admin.http.get("/console/").text


def test_it_records_console_and_cli_changes_in_the_audit_log(admin, console_server):
    page = admin.http.get("/console/audit").text
    assert re.search(r"cli:[^<]+</a></td>\s*<td><code>integration.create</code>", page)
    assert "admin:admin@example.com" in page and "admin.login" in page
    with storage(console_server.data_dir):
        actions = {e.action for e in AuditEntry.select()}
    assert {"project.create", "server_token.create", "integration.create", "integration.disable", "admin.create",
            "admin.login"} <= actions


def test_it_summarises_the_project_on_the_dashboard(tmp_path):
    from ..conftest import ServerProcess, provision
    from .helpers import ConsoleClient, create_admin

    data_dir = tmp_path / "data"
    project, _, integrations = provision(data_dir)
    create_admin(data_dir)
    with storage(data_dir):
        for n in range(3):
            seed.person(project["id"], f"P{n}", f"p{n}@example.com")
        for status in ("queued", "queued", "failed", "succeeded"):
            seed.job(project["id"], integrations["webhook"]["id"], {}, status, error="bad" if status == "failed" else None)
    server = ServerProcess(data_dir).start()
    try:
        client = ConsoleClient(server.base_url)
        client.login()
        page = client.http.get("/console/").text
        figure = lambda name: re.search(rf'id="{name}">(\d+)<', page).group(1)
        assert (figure("persons-total"), figure("persons-today"), figure("queue-depth"), figure("failed-total")) == \
            ("3", "3", "2", "1")
        assert page.count('class="bar"') == 24 and "4 in 24 h" in page
        client.close()
    finally:
        server.stop()


def test_it_shows_a_one_time_note_after_a_change(admin):
    name = "Ünïcode, “quoted”; café"
    created = admin.post("/console/projects", {"name": name, "region": "FR"})
    assert created.status_code == 303
    page = admin.http.get(created.headers["location"]).text
    assert re.search(r'<p class="flash" role="status">Project Ünïcode, “quoted”; café created', page)
    assert 'class="flash"' not in admin.http.get("/console/projects").text


def test_it_lists_jobs_that_found_no_person_on_the_dashboard(admin, console_server, api):
    from tests.conftest import run_cli

    webhook = run_cli(console_server.data_dir, "integration", "create", "--project", console_server.project["id"],
                      "--type", "WEBHOOK", "--name", "unmapped", "--json")["id"]
    job_id = api.post(f"/api/v1/external/data-ingestion/{webhook}", json={"foo": "bar"}).json()["jobId"]
    job = finished_job(console_server.data_dir, job_id)
    assert (job.status, job.warning) == ("succeeded", "no person found: no name, email or phone field recognised")
    page = admin.http.get("/console/").text
    section = page[page.index('id="warned-jobs"'):]
    assert f'href="/console/jobs/{job_id}"' in section and "no person found: no name, email or phone" in section
    assert "no person found" in admin.http.get(f"/console/jobs/{job_id}").text
    productive = api.post(f"/api/v1/external/data-ingestion/{webhook}", json={"email": "found@warned.example"})
    assert finished_job(console_server.data_dir, productive.json()["jobId"]).warning is None
    warned = admin.http.get("/console/jobs", params={"warned": "1"}).text
    assert f'href="/console/jobs/{job_id}"' in warned and "no person found" in warned
    assert productive.json()["jobId"] not in warned


def test_it_lists_quarantined_posts_in_the_spam_inbox_and_releases_one(admin, console_server):
    from tests.conftest import run_cli

    project_id = console_server.project["id"]
    token = run_cli(console_server.data_dir, "client-token", "create", "--project", project_id, "--name", "inbox",
                    "--origin", "https://inbox.example", "--json")
    fields = {"name": "Nearly <Lost>", "email": "nearly.lost@inbox.example", "phone": "+1 415 555 0188",
              "message": "Autofilled", "_svit_hp": "x"}
    answer = httpx.post(console_server.base_url + "/api/v1/external/client/form", json=fields,
                        headers={"x-client-token": token["token"]})
    assert answer.status_code == 201
    page = admin.http.get("/console/spam").text
    [spam_id] = re.findall(r'<tr id="(spm_[0-9a-z]+)"', page)[:1]
    row = page[page.index(f'<tr id="{spam_id}"'):]
    assert "honeypot" in row and "Nearly &lt;Lost&gt;" in row and "nearly.lost@inbox.example" in row
    assert f'action="/console/spam/{spam_id}/release"' in row
    released = admin.post(f"/console/spam/{spam_id}/release", form_page="/console/spam")
    assert released.status_code == 303 and released.headers["location"].startswith("/console/persons/per_")
    shown = admin.http.get(released.headers["location"]).text
    assert "nearly.lost@inbox.example" in shown
    assert spam_id not in admin.http.get("/console/spam").text
    again = admin.post(f"/console/spam/{spam_id}/release", form_page="/console/spam")
    assert again.status_code == 303 and again.headers["location"] == "/console/spam"
    assert f"No quarantined post {spam_id}" in html.unescape(admin.http.get("/console/spam").text)
    with storage(console_server.data_dir):
        assert Person.get(Person.email == "nearly.lost@inbox.example").name == "Nearly <Lost>"


def test_it_refuses_control_characters_in_a_search(admin, people, console_server):
    response = admin.http.get("/console/persons?q=%00%00%00")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "control character (U+0000)" in response.json()["detail"]
    assert "refused a persons search" in console_server.log()
    tabbed = admin.http.get("/console/persons", params={"q": "ada\tlovelace"})
    assert tabbed.status_code == 200

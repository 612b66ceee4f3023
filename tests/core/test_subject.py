"""Subject access and erasure on a real appliance: `svit persons show --json` gives everything held about
a person, and `svit persons erase` leaves none of it in the database files."""
import json
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import finished_job, ingest_url

SITE = "https://acme.example"
EMAIL, EMAIL_TYPED = "ada.lovelace@example.com", "Ada.Lovelace@Example.com"
PHONE, PHONE_TYPED = "+442079460958", "+44 20 7946 0958"
TRACES = [EMAIL.encode(), EMAIL_TYPED.encode(), PHONE.encode(), PHONE_TYPED.encode(), b"Analytical Engines"]


def svit(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def ada(tmp_path):
    """A running appliance holding Ada in two jobs, a form post and a spam post, and Bob in a third job."""
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    form_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", SITE,
                         "--json")["token"]
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, timeout=10, headers={"Authorization": f"Bearer {token}"}) as api:
        url = ingest_url(integrations["webhook"]["id"])
        bodies = [{"name": "Ada Lovelace", "email": EMAIL_TYPED, "phone": PHONE_TYPED},
                  {"email": EMAIL, "company": "Analytical Engines"},
                  {"name": "Bob Babbage", "email": "bob@example.org"}]
        jobs = [finished_job(api, api.post(url, json=body).json()["jobId"]) for body in bodies]
        assert [job["status"] for job in jobs] == ["succeeded"] * 3
        form = {"x-client-token": form_token, "Origin": SITE}
        assert api.post("/api/v1/external/client/form", headers=form,
                        json={"phone": PHONE_TYPED, "message": "About the engine"}).status_code == 200
        # caught by the honeypot, answered as a post about Ada would be (200: her email matches)
        assert api.post("/api/v1/external/client/form", headers=form,
                        json={"email": EMAIL_TYPED, "phone": "+1 650 253 0001", "_svit_hp": "filled"}).status_code == 200
        yield server, api, jobs
    server.stop()


def test_it_shows_everything_held_about_a_person(ada):
    server, api, jobs = ada
    person_id = jobs[0]["personIds"][0]
    held = run_cli(server.data_dir, "persons", "show", person_id, "--json")
    assert (held["email"], held["phone"], held["company"]) == (EMAIL, PHONE, "Analytical Engines")
    assert [job["jobId"] for job in held["jobs"]] == [jobs[0]["jobId"], jobs[1]["jobId"]]
    assert held["jobs"][0]["body"] == {"name": "Ada Lovelace", "email": EMAIL_TYPED, "phone": PHONE_TYPED}
    assert held["jobs"][1]["body"] == {"email": EMAIL, "company": "Analytical Engines"}
    kinds = [e["kind"] for e in held["timeline"]]
    assert kinds[0] == "created" and "merged" in kinds and kinds[-1] == "form_submitted", kinds
    assert held["timeline"][-1]["data"]["message"] == "About the engine"
    assert [s["fields"]["email"] for s in held["spam"]] == [EMAIL_TYPED]


def test_it_erases_every_trace_from_the_database_files(ada):
    server, api, jobs = ada
    person_id, bob_id = jobs[0]["personIds"][0], jobs[2]["personIds"][0]
    files = [server.data_dir / name for name in ("svit.db", "svit.db-wal", "queue.db")]
    before = b"".join(f.read_bytes() for f in files if f.exists())
    assert all(trace in before for trace in TRACES)  # the check below can fail

    result = svit(server.data_dir, "persons", "erase", person_id, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"id": person_id, "erased": True, "timelineEvents": 5, "jobBodiesErased": 2,
                                         "spamDeleted": 1, "deliveriesDeleted": 0,
                                         "walCheckpointed": True}

    after = b"".join(f.read_bytes() for f in files if f.exists())
    assert [trace for trace in TRACES if trace in after] == []
    assert b"bob@example.org" in after and b"Bob Babbage" in after  # no one else's data went with her
    job = api.get(f"/api/v1/external/data-ingestion/jobs/{jobs[0]['jobId']}").json()
    assert (job["status"], job["personIds"]) == ("succeeded", [person_id])  # the job's metadata stays
    assert svit(server.data_dir, "persons", "show", person_id).returncode == 1
    assert run_cli(server.data_dir, "persons", "show", bob_id, "--json")["jobs"][0]["body"]["name"] == "Bob Babbage"


def test_it_leaves_an_audit_entry_without_the_data(ada):
    server, api, jobs = ada
    person_id = jobs[0]["personIds"][0]
    assert svit(server.data_dir, "persons", "erase", person_id).returncode == 0
    rows = subprocess.run(["sqlite3", str(server.data_dir / "svit.db"),
                           "SELECT action, target, details FROM audit_entry WHERE action = 'person.erase'"],
                          capture_output=True, text=True)
    if rows.returncode != 0:
        pytest.skip("sqlite3 command-line tool missing")
    action, target, details = rows.stdout.strip().split("|")
    assert (action, target) == ("person.erase", person_id)
    assert json.loads(details) == {"timelineEvents": 5, "jobBodiesErased": 2, "spamDeleted": 1, "deliveriesDeleted": 0}

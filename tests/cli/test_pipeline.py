"""The pipeline's commands: svit worker / serve --no-worker, jobs, persons, integration configure."""
import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import finished_job, ingest_url


def svit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args], capture_output=True, text=True)


@pytest.fixture
def api_only(tmp_path):
    """A server that only accepts (--no-worker), and a client with its token."""
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, extra_args=("--no-worker",)).start()
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield data_dir, client, project, integrations
    server.stop()


def start_worker(data_dir, log_path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "svit_appliance", "worker", "--data-dir", str(data_dir)],
                            stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)


def test_it_processes_with_a_standalone_worker_beside_an_api_only_server(api_only, tmp_path):
    data_dir, client, _, integrations = api_only
    job_id = client.post(ingest_url(integrations["webhook"]["id"]), json={"email": "solo@example.com"}).json()["jobId"]
    assert client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").json()["status"] == "queued"
    worker = start_worker(data_dir, tmp_path / "worker.log")
    try:
        job = finished_job(client, job_id)
        assert job["status"] == "succeeded" and len(job["personIds"]) == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0, (tmp_path / "worker.log").read_text()


def fail_job_with_a_storage_error(data_dir, client, integration_id) -> str:
    """A real failure: person inserts refused until the trigger is dropped; one attempt only."""
    with sqlite3.connect(data_dir / "svit.db") as connection:
        connection.execute("CREATE TRIGGER refuse_person BEFORE INSERT ON person "
                           "BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END")
    return client.post(ingest_url(integration_id), json={"email": "retry@example.com"}).json()["jobId"]


def test_it_lists_failed_jobs_and_retries_them(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_JOB_MAX_ATTEMPTS": "1"}).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            job_id = fail_job_with_a_storage_error(data_dir, client, integrations["webhook"]["id"])
            assert finished_job(client, job_id)["status"] == "failed"
            listed = run_cli(data_dir, "jobs", "list", "--status", "failed", "--json")
            assert [(j["jobId"], j["attempts"]) for j in listed] == [(job_id, 1)]
            assert "gave up after 1 attempts" in listed[0]["error"]
            assert run_cli(data_dir, "jobs", "list", "--status", "succeeded", "--json") == []
            with sqlite3.connect(data_dir / "svit.db") as connection:
                connection.execute("DROP TRIGGER refuse_person")
            assert run_cli(data_dir, "jobs", "retry", job_id, "--json") == {"retried": [job_id]}
            job = finished_job(client, job_id)
            assert (job["status"], job["attempts"], job["error"]) == ("succeeded", 1, None)
            assert run_cli(data_dir, "jobs", "retry", "--all-failed", "--json") == {"retried": []}
    finally:
        server.stop()


@pytest.mark.parametrize("args, message", [
    (("jobs", "retry", "job_nope"), "Job job_nope not found"),
    (("persons", "show", "per_nope"), "Person per_nope not found"),
    (("persons", "export", "--project", "prj_nope"), "Project prj_nope not found"),
    (("integration", "configure", "int_nope", "--mapping", "{}"), "Integration int_nope not found"),
])
def test_it_explains_unknown_ids(tmp_path, args, message):
    run_cli(tmp_path, "project", "create", "Acme")  # where there is no data at all, read-only commands say that
    result = svit(*args, "--data-dir", str(tmp_path))
    assert result.returncode == 1 and message in result.stderr


@pytest.mark.parametrize("type_name, args, message", [
    ("WEBHOOK", ("--mapping", "{not json"), "The mapping is not valid JSON"),
    ("WEBHOOK", ("--mapping", '["email"]'), "The mapping must be a JSON object"),
    ("WEBHOOK", ("--mapping", '{"mail": "a.b"}'), "The mapping names 'mail', which is not one of"),
    ("WEBHOOK", ("--mapping", '{"email": ""}'), "The mapping for 'email' must be a dotted path"),
    ("TYPEFORM", ("--mapping", '{"email": "a"}'), "Only WEBHOOK integrations take a mapping"),
    ("JOTFORM", ("--signing-secret", "s3cret"), "JOTFORM does not sign its webhooks"),
    ("STRIPE", ("--signing-secret", " padded "), "without surrounding spaces"),
])
def test_it_refuses_a_bad_configuration_with_a_clear_message(tmp_path, type_name, args, message):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    integration = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", type_name,
                          "--name", "x", "--json")
    result = svit("integration", "configure", integration["id"], *args, "--data-dir", str(tmp_path))
    assert result.returncode == 1 and message in result.stderr, result.stderr


def test_it_sets_and_clears_a_signing_secret_and_a_mapping(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    stripe = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", "STRIPE", "--name", "s", "--json")
    view = run_cli(tmp_path, "integration", "configure", stripe["id"], "--signing-secret", "whsec_abc", "--json")
    assert view["signingSecretSet"] is True and "whsec_abc" not in json.dumps(view)
    assert run_cli(tmp_path, "integration", "configure", stripe["id"], "--clear-signing-secret", "--json")["signingSecretSet"] is False
    webhook = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", "WEBHOOK", "--name", "w", "--json")
    mapping = {"email": "contact.email"}
    assert run_cli(tmp_path, "integration", "configure", webhook["id"], "--mapping", json.dumps(mapping), "--json")["mapping"] == mapping
    assert run_cli(tmp_path, "integration", "configure", webhook["id"], "--mapping", "{}", "--json")["mapping"] == {}


def test_it_exports_persons_as_jsonl_and_csv_and_shows_one(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            body = [{"name": "Zoë, \"the\" first", "email": "zoe@example.com", "plan": "pro"},
                    {"name": "Bob", "phone": "+1 650 253 0000"}]
            job = finished_job(client, client.post(ingest_url(integrations["webhook"]["id"]), json=body).json()["jobId"])
    finally:
        server.stop()
    lines = run_cli(data_dir, "persons", "export", "--project", project["id"]).splitlines()
    exported = [json.loads(line) for line in lines]
    assert [p["id"] for p in exported] == sorted(job["personIds"], reverse=True)  # newest first, as the console exports
    by_name = {p["name"]: p for p in exported}
    assert by_name['Zoë, "the" first']["attributes"] == {"plan": "pro"}
    assert by_name["Bob"]["phone"] == "+16502530000" and by_name["Bob"]["phoneTyped"] == "+1 650 253 0000"
    assert all(p["createdAt"].endswith("Z") and p["updatedAt"].endswith("Z") for p in exported)
    rows = list(csv.DictReader(io.StringIO(run_cli(data_dir, "persons", "export", "--project", project["id"], "--format", "csv"))))
    assert [(r["id"], r["name"], r["email"]) for r in rows] == [(p["id"], p["name"], p["email"] or "") for p in exported]
    assert json.loads(rows[[r["name"] for r in rows].index('Zoë, "the" first')]["attributes"]) == {"plan": "pro"}
    shown = run_cli(data_dir, "persons", "show", job["personIds"][0], "--json")
    assert [e["kind"] for e in shown["timeline"]] == ["created", "ingested"]
    assert shown["timeline"][1]["jobId"] == job["jobId"]
    assert job["personIds"][0] in run_cli(data_dir, "persons", "show", job["personIds"][0])


def test_it_documents_the_pipeline_commands_in_help():
    help_text = svit("--help").stdout
    for command in ("worker", "jobs", "persons"):
        assert command in help_text
    assert "--no-worker" in svit("serve", "--help").stdout
    assert "--all-failed" in svit("jobs", "retry", "--help").stdout


@pytest.mark.parametrize("args", [("worker", "--threads", "0"), ("jobs", "list", "--limit", "x")])
def test_it_refuses_a_count_that_is_not_positive(tmp_path, args):
    result = svit(*args, "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "is not a positive integer" in result.stderr

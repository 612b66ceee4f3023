"""The access log as JSON lines (SVIT_LOG_FORMAT=json), and what never reaches the log: after a
full journey (ingestion, a contact form, a console sign-in and person pages), no token, password,
session cookie, email, phone or name appears in it."""
import json
import re

import httpx

from tests.conftest import ServerProcess, provision, run_cli
from tests.console.helpers import ADMIN_PASSWORD, ConsoleClient, create_admin
from tests.wire import ingest_url

ACCESS_FIELDS = {"time", "level", "logger", "message", "method", "path", "status", "durationMs", "requestId",
                 "client"}
PERSONAL = ["Ada", "Lovelace", "ada.private@example.com", "ADA.Private@Example.com", "+44 20 7946 0958",
            "+442079460958", "2079460958", "Grace", "Hopper", "grace.private@example.com", "+1 202 555 0143",
            "+12025550143", "2025550143", "Analytical Engines Ltd"]


def finished(client: httpx.Client, auth: dict, job_id: str) -> dict:
    for _ in range(1500):
        job = client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}", headers=auth).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        client.get("/healthz")  # a bounded wait paced by requests, never by timing
    raise AssertionError(f"job {job_id} never finished")


def test_it_logs_json_lines_without_secrets_or_personal_data(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    form_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin",
                         "https://site.example", "--json")["token"]
    create_admin(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_LOG_FORMAT": "json", "SVIT_FORM_MIN_FILL_SECONDS": "0",
                                          "SVIT_METRICS_TOKEN": "metrics-secret-1234", "SVIT_LOG_LEVEL": "DEBUG"})
    server.start()
    auth = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            accepted = client.post(ingest_url(integrations["webhook"]["id"]), headers=auth, json={
                "name": "Ada Lovelace", "email": "ADA.Private@Example.com", "phone": "+44 20 7946 0958",
                "company": "Analytical Engines Ltd"}).json()
            person_id = finished(client, auth, accepted["jobId"])["personIds"][0]
            client.post(ingest_url(integrations["other"]["id"]), headers=auth, json={"email": "ada.private@example.com"})
            client.post(ingest_url(integrations["webhook"]["id"]), headers=auth, content=b'{"name": "Ada Lovelace",')
            client.post("/api/v1/external/client/form", json={
                "name": "Grace Hopper", "email": "grace.private@example.com", "phone": "+1 202 555 0143",
                "message": "Call Grace Hopper"}, headers={"x-client-token": form_token, "Origin": "https://site.example"})
            client.get("/metrics", headers={"Authorization": "Bearer metrics-secret-1234"})
        console = ConsoleClient(server.base_url)
        assert console.login().status_code == 303
        session = console.http.cookies.get("svit_session")
        assert console.http.get(f"/console/persons/{person_id}").status_code == 200
        assert console.http.get("/console/persons", params={"q": "Lovelace"}).status_code == 200
        assert console.http.get("/console/persons", params={"q": "+44 20 7946 0958"}).status_code == 200
        console.close()
    finally:
        server.stop()
    log = server.log()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "svit.access"]
    assert len(access) >= 10 and all(set(line) == ACCESS_FIELDS for line in access)
    ingested = next(line for line in access if line["method"] == "POST" and line["status"] == 202)
    assert ingested["path"] == ingest_url(integrations["webhook"]["id"]) and ingested["client"] == "127.0.0.1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", ingested["time"])
    for secret in [token, form_token, ADMIN_PASSWORD, session, "metrics-secret-1234", *PERSONAL]:
        assert secret not in log, f"{secret!r} is in the log"

"""GET /metrics: off without SVIT_METRICS_TOKEN, guarded by it, and true after real traffic."""
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ServerProcess, provision, run_cli
from tests.openapi import assert_matches_document
from tests.wire import assert_problem, ingest_url

METRICS_TOKEN = "metrics-secret-7f3a"
FORM = "/api/v1/external/client/form"


def samples(client: httpx.Client) -> dict:
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.text) for sample in family.samples}


def value(figures: dict, name: str, **labels) -> float | None:
    return figures.get((name, tuple(sorted(labels.items()))))


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("metrics") / "data"
    project, token, integrations = provision(data_dir)
    client_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--json")["token"]
    server = ServerProcess(data_dir, env={"SVIT_METRICS_TOKEN": METRICS_TOKEN,
                                          "SVIT_FORM_MIN_FILL_SECONDS": "0"}).start()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield server, client, {"Authorization": f"Bearer {token}"}, integrations, client_token
    server.stop()


def test_it_is_off_unless_a_token_is_set(appliance):
    assert_problem(appliance.client.get("/metrics"), 404, "NOT_FOUND", "Not Found", "not-found/route",
                   "Metrics are off: set SVIT_METRICS_TOKEN to turn GET /metrics on")


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {METRICS_TOKEN}", METRICS_TOKEN])
def test_it_refuses_a_scrape_without_the_token(measured, authorization):
    _, client, _, _, _ = measured
    headers = {"Authorization": authorization} if authorization else {}
    assert_problem(client.get("/metrics", headers=headers), 401, "INVALID_SERVER_TOKEN", "Invalid Server Token",
                   "auth/invalid-server-token", "GET /metrics needs Authorization: Bearer <SVIT_METRICS_TOKEN>")


def test_it_counts_requests_jobs_persons_spam_and_storage(measured):
    server, client, auth, integrations, client_token = measured
    accepted = client.post(ingest_url(integrations["webhook"]["id"]), headers=auth,
                           json={"name": "Ada Lovelace", "email": "ada@example.com"})
    job = _finished(client, auth, accepted.json()["jobId"])
    assert job["status"] == "succeeded"
    assert client.post(ingest_url("int_missing"), headers=auth, json={}).status_code == 404
    form_headers = {"x-client-token": client_token}
    assert client.post(FORM, headers=form_headers, json={"phone": "+1 202 555 0143"}).status_code == 201
    assert client.post(FORM, headers=form_headers, json={"phone": "+1 202 555 0144", "_svit_hp": "x"}).status_code \
        == 201
    figures = samples(client)
    assert value(figures, "svit_http_requests_total", route="api_ingest_post", status="202") == 1
    assert value(figures, "svit_http_requests_total", route="api_ingest_post", status="404") == 1
    assert value(figures, "svit_http_requests_total", route="api_client_form_post", status="201") == 2
    assert value(figures, "svit_http_rejected_requests_total", code="INTEGRATION_NOT_FOUND") == 1
    assert value(figures, "svit_accept_duration_seconds_count", route="api_ingest_post") == 2
    assert value(figures, "svit_accept_duration_seconds_count", route="api_client_form_post") == 2
    assert value(figures, "svit_jobs", status="succeeded") == 1
    assert value(figures, "svit_jobs", status="queued") == 0
    assert value(figures, "svit_queue_depth") == 0
    assert value(figures, "svit_queue_oldest_job_age_seconds") == 0
    assert value(figures, "svit_job_run_seconds_count") == 1
    assert value(figures, "svit_persons") == 2
    assert value(figures, "svit_spam_caught") == 1
    assert value(figures, "svit_database_bytes") > 0
    assert value(figures, "svit_database_wal_bytes") is not None
    assert value(figures, "svit_last_backup_age_seconds") is None  # no backup yet


def test_it_answers_as_the_openapi_document_says(measured):
    _, client, _, _, _ = measured
    document = client.get("/api/openapi.json").json()
    for answer in (client.get("/metrics"), client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})):
        assert_matches_document(document, answer)


def test_it_reports_the_age_of_the_newest_backup(measured):
    server, client, _, _, _ = measured
    for hours in (24, 1):  # two backups, their manifests dated back
        made = run_cli(server.data_dir, "backup", "--json")
        manifest = Path(made["file"] + ".json")
        then = datetime.now(timezone.utc) - timedelta(hours=hours)
        manifest.write_text(json.dumps({**made, "createdAt": then.strftime("%Y-%m-%dT%H:%M:%S.000Z")}))
    (server.data_dir / "backups" / "replaced-20260101T000000Z.db").write_bytes(b"x")  # not a backup
    age = value(samples(client), "svit_last_backup_age_seconds")
    assert 3_600 <= age < 86_400


def test_it_reports_queue_depth_and_the_oldest_queued_job(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_METRICS_TOKEN": METRICS_TOKEN}, extra_args=("--no-worker",)).start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            for _ in range(3):
                assert client.post(ingest_url(integrations["webhook"]["id"]), json={"email": "q@example.com"},
                                   headers={"Authorization": f"Bearer {token}"}).status_code == 202
            deadline = time.monotonic() + 10
            while (figures := samples(client)) and value(figures, "svit_queue_oldest_job_age_seconds") == 0 \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
            assert value(figures, "svit_queue_depth") == 3
            assert value(figures, "svit_jobs", status="queued") == 3
            assert value(figures, "svit_queue_oldest_job_age_seconds") > 0
    finally:
        server.stop()


def _finished(client, auth, job_id: str) -> dict:
    deadline = time.monotonic() + 30
    while True:
        job = client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}", headers=auth).json()
        if job["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


def test_it_reads_the_job_figures_from_postgresql(tmp_path, monkeypatch, postgres_url):
    monkeypatch.setenv("SVIT_DATABASE_URL", postgres_url)
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_METRICS_TOKEN": METRICS_TOKEN}, extra_args=("--no-worker",)).start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            for _ in range(2):
                assert client.post(ingest_url(integrations["webhook"]["id"]), json={"email": "pg@example.com"},
                                   headers={"Authorization": f"Bearer {token}"}).status_code == 202
            deadline = time.monotonic() + 10
            while (figures := samples(client)) and value(figures, "svit_queue_oldest_job_age_seconds") == 0 \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        server.stop()
    assert value(figures, "svit_queue_depth") == 2 and value(figures, "svit_persons") == 0
    assert value(figures, "svit_queue_oldest_job_age_seconds") > 0
    assert value(figures, "svit_database_bytes") is None  # a file size only means something on SQLite

"""What is accepted stays: restarts, SIGKILL, storage failures and crashes."""
import signal
import sqlite3

import httpx

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import assert_problem, ingest_url


def accept_jobs(server, token, integration_id, count) -> list[str]:
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        return [client.post(ingest_url(integration_id), json={"n": n}).json()["jobId"] for n in range(count)]


def job_statuses(server, token, job_ids) -> list[int]:
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        return [client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").status_code for job_id in job_ids]


def test_it_keeps_every_accepted_job_across_restarts_and_sigkill(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    integration_id = integrations["webhook"]["id"]
    server = ServerProcess(data_dir).start()
    accepted = accept_jobs(server, token, integration_id, 30)
    assert server.stop(signal.SIGTERM) == 0
    server.start()
    accepted += accept_jobs(server, token, integration_id, 30)
    server.stop(signal.SIGKILL)
    server.start()
    try:
        assert job_statuses(server, token, accepted) == [200] * 60
    finally:
        server.stop()


def fail_inserts_of(db_path, marker: str) -> None:
    """A real storage failure: SQLite aborts any insert whose body holds the marker."""
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            f"CREATE TRIGGER refuse_{marker} BEFORE INSERT ON ingestion_job "
            f"WHEN instr(CAST(NEW.body AS TEXT), '{marker}') > 0 "
            "BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END")


def test_it_answers_503_and_stores_nothing_when_the_database_refuses_the_write(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir).start()
    try:
        fail_inserts_of(data_dir / "svit.db", "poison")
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
            url = ingest_url(integrations["webhook"]["id"])
            response = client.post(url, json={"x": "poison"})
            assert_problem(response, 503, "SERVICE_UNAVAILABLE", "Service Unavailable", "internal/service-unavailable")
            assert client.post(url, json={"x": "fine"}).status_code == 202
    finally:
        server.stop()
    with sqlite3.connect(data_dir / "svit.db") as connection:
        bodies = [row[0] for row in connection.execute("SELECT CAST(body AS TEXT) FROM ingestion_job")]
    assert bodies == ['{"x":"fine"}']


def test_it_answers_a_crash_with_a_bare_500(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir).start()
    try:
        with sqlite3.connect(data_dir / "svit.db") as connection:
            connection.execute("ALTER TABLE integration RENAME TO integration_gone")
        response = httpx.post(server.base_url + ingest_url(integrations["webhook"]["id"]),
                              headers={"Authorization": f"Bearer {token}"}, json={})
        body = assert_problem(response, 500, "INTERNAL_SERVER_ERROR", "Internal Server Error", "internal/server-error",
                              "An unexpected error occurred")
        assert set(body) <= {"type", "title", "status", "detail", "code", "timestamp", "requestId"}
        assert "integration" not in response.text and "Traceback" not in response.text
    finally:
        server.stop()


def test_it_records_when_a_token_was_last_used(tmp_path):
    data_dir = tmp_path / "data"
    project, token, _ = provision(data_dir)
    server = ServerProcess(data_dir).start()
    assert httpx.get(server.base_url + "/api/v1/external/ping", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert server.stop() == 0
    (listed,) = run_cli(data_dir, "token", "list", "--project", project["id"], "--json")
    assert listed["lastUsedAt"] is not None

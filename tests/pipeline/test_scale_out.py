"""Scale-out (docs/scale-out.md): the same code on real PostgreSQL and Redis, an API-only server and two
standalone workers; every job succeeds and no person is doubled."""
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.conftest import ServerProcess, provision, require
from tests.wire import finished_jobs, ingest_url

REDIS = ("127.0.0.1", 6379)
PEOPLE = 30
REQUESTS = 240


def reachable(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    require(reachable(REDIS), "Redis is not reachable on 127.0.0.1:6379")
    # the queue's keys are named after the installation's own signing key: no clash with others
    return f"redis://{REDIS[0]}:{REDIS[1]}/0"


def wait_for_line(path, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text(errors="replace")):
        assert time.monotonic() < deadline, f"no {text!r} in {path.name}"
        time.sleep(0.05)


def post_many(base_url: str, token: str, integration_id: str) -> list[str]:
    """REQUESTS posts from 8 threads; the people overlap, so workers race to create the same persons."""
    job_ids, lock = [], threading.Lock()

    def send(numbers):
        with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            for n in numbers:
                body = [{"name": f"P{n % PEOPLE}", "email": f"p{n % PEOPLE}@example.com"},
                        {"name": f"Q{n % PEOPLE}", "phone": f"+1 650 253 {n % PEOPLE:04d}"}]
                response = client.post(ingest_url(integration_id), json=body)
                assert response.status_code == 202, response.text
                with lock:
                    job_ids.append(response.json()["jobId"])

    threads = [threading.Thread(target=send, args=(range(i, REQUESTS, 8),)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return job_ids


def test_it_runs_on_postgresql_and_redis_with_separate_api_and_worker_processes(tmp_path, monkeypatch,
                                                                              postgres_url, redis_url):
    # The sweeper runs once, at a worker's start, before anything is posted: from then on a job
    # is processed only because its doorbell went through Redis.
    env = {"SVIT_DATABASE_URL": postgres_url, "SVIT_QUEUE_URL": redis_url, "SVIT_JOB_BACKOFF_SECONDS": "0.05",
           "SVIT_WORKER_THREADS": "2", "SVIT_SWEEPER_INTERVAL_SECONDS": "3600"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env=env, extra_args=("--no-worker",)).start()
    workers = [subprocess.Popen([sys.executable, "-m", "svit_appliance", "worker", "--data-dir", str(data_dir)],
                                stdout=open(tmp_path / f"worker-{i}.log", "ab"), stderr=subprocess.STDOUT)
               for i in range(2)]
    try:
        for i in range(2):
            wait_for_line(tmp_path / f"worker-{i}.log", "worker started")
        time.sleep(0.5)  # the start-up sweep found nothing to ring for
        job_ids = post_many(server.base_url, token, integrations["webhook"]["id"])
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            jobs = finished_jobs(client, job_ids)
            checks = client.get("/readyz").json()["checks"]
            assert checks["queue"] is True and all(checks.values())
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(30) for worker in workers]
        server.stop()
    assert [j["status"] for j in jobs] == ["succeeded"] * REQUESTS
    assert codes == [0, 0]
    assert not (data_dir / "queue.db").exists(), "a process used the SQLite queue instead of Redis"
    import psycopg2

    with psycopg2.connect(postgres_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT email), count(DISTINCT phone) FROM person WHERE project_id = %s",
                       (project["id"],))
        assert cursor.fetchone() == (2 * PEOPLE, PEOPLE, PEOPLE)
        cursor.execute("SELECT count(*), count(DISTINCT source_id) FROM person_event WHERE kind = 'ingested'")
        assert cursor.fetchone() == (2 * REQUESTS, 2 * REQUESTS)
    connection.close()
    owners = {tuple(j["personIds"]) for j in jobs}
    assert len(owners) == PEOPLE  # the same two people always map to the same two person ids

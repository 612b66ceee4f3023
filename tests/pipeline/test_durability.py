"""What is accepted stays: restarts, SIGKILL, storage failures and crashes."""
import asyncio
import itertools
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from svit_appliance.app import create_app
from svit_appliance.settings import Settings
from tests.conftest import ServerProcess, free_port, provision, run_cli
from tests.wire import assert_problem, finished_job, ingest_url

# jobs a SIGKILL caught mid-processing are handed on within seconds, not after the 60 s lease
FAST_RECOVERY = {"SVIT_JOB_LEASE_SECONDS": "2", "SVIT_SWEEPER_INTERVAL_SECONDS": "0.5", "SVIT_ACCESS_LOG": "false"}


def accept_jobs(server, token, integration_id, count, tag="") -> dict[str, str]:
    """Post ``count`` persons one by one; the job id of each 202 -> the email it carried."""
    accepted = {}
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        for n in range(count):
            email = f"p{tag}{n}@durable.example"
            response = client.post(ingest_url(integration_id), json={"name": f"P {tag}{n}", "email": email})
            assert response.status_code == 202, response.text
            accepted[response.json()["jobId"]] = email
    return accepted


class BusySender(threading.Thread):
    """Posts persons without pause until told to stop, so a kill lands on a server at work."""

    def __init__(self, server, token, integration_id):
        super().__init__(daemon=True)
        self.server, self.token, self.integration_id = server, token, integration_id
        self.accepted: dict[str, str] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.server.base_url, headers={"Authorization": f"Bearer {self.token}"},
                          timeout=5) as client:
            for n in itertools.count():
                if self.stopping.is_set():
                    return
                email = f"busy{n}@durable.example"
                try:
                    response = client.post(ingest_url(self.integration_id), json={"name": f"Busy {n}", "email": email})
                except httpx.HTTPError:
                    time.sleep(0.01)
                    continue
                if response.status_code == 202:
                    self.accepted[response.json()["jobId"]] = email


def wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def assert_every_job_made_its_person(server, token, accepted: dict[str, str]) -> None:
    """Every 202's job ends ``succeeded`` with exactly the person it carried, and no one is doubled."""
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        jobs = {job_id: finished_job(client, job_id, timeout=60) for job_id in accepted}
    assert {j: job["status"] for j, job in jobs.items()} == {j: "succeeded" for j in accepted}
    with sqlite3.connect(f"file:{server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        emails = dict(connection.execute("SELECT id, email FROM person"))
    made = {job_id: [emails.get(p) for p in job["personIds"]] for job_id, job in jobs.items()}
    assert made == {job_id: [email] for job_id, email in accepted.items()}
    assert len(set(emails.values())) == len(emails)


def test_it_keeps_every_accepted_job_across_restarts_and_sigkill_of_a_busy_server(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    integration_id = integrations["webhook"]["id"]
    server = ServerProcess(data_dir, env=FAST_RECOVERY).start()
    accepted = accept_jobs(server, token, integration_id, 30, "a")
    assert server.stop(signal.SIGTERM) == 0
    server.start()
    sender = BusySender(server, token, integration_id)
    sender.start()
    try:
        wait_for(lambda: len(sender.accepted) >= 30, what="30 accepted posts")
        server.stop(signal.SIGKILL)  # while the sender keeps posting and the worker keeps processing
    finally:
        sender.stopping.set()
        sender.join(10)
    server.start()
    try:
        assert_every_job_made_its_person(server, token, {**accepted, **sender.accepted})
    finally:
        server.stop()


def test_it_answers_no_202_before_its_commit(tmp_path):
    """While another connection holds svit.db's write lock nothing can commit, so nothing may be
    answered; once it is released every request gets its 202, and a SIGKILL right after loses none."""
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env={**FAST_RECOVERY, "SVIT_SQLITE_BUSY_TIMEOUT_MS": "120000"}).start()
    url = server.base_url + ingest_url(integrations["webhook"]["id"])
    emails = [f"held{n}@durable.example" for n in range(8)]
    lock = sqlite3.connect(data_dir / "svit.db", timeout=30, isolation_level=None)
    try:
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=120) as client, \
                ThreadPoolExecutor(len(emails)) as pool:
            lock.execute("BEGIN IMMEDIATE")
            answers = [pool.submit(client.post, url, json={"name": "Held", "email": email}) for email in emails]
            # the server is demonstrably serving (reads need no write lock) while the posts wait
            for _ in range(5):
                assert client.get(server.base_url + "/api/v1/external/ping").status_code == 200
            time.sleep(0.5)
            early = [a.result().status_code for a in answers if a.done()]
            lock.execute("ROLLBACK")
            assert early == [], "answered while the database could not commit"
            responses = [a.result() for a in answers]
        assert [r.status_code for r in responses] == [202] * len(emails)
        server.stop(signal.SIGKILL)
        server.start()
        assert_every_job_made_its_person(server, token, {r.json()["jobId"]: e for r, e in zip(responses, emails)})
    finally:
        lock.close()
        server.stop()


def test_it_runs_the_servers_database_in_wal_with_synchronous_full(tmp_path):
    """The pragmas of the running server's own connections: the writer's (which commits every
    202) and the event loop's."""
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    port = free_port()
    app = create_app(Settings.load({}, data_dir=str(data_dir), port=port), name="svit_pragmas")
    # Sanic rewrites its protocol's methods in place when an app first starts, and cannot rewrite them a second
    # time (KeyError 'connection_task'): in-process test apps, of which a session starts several, skip it
    app.config.TOUCHUP = False

    def pragmas():
        return [app.ctx.services.db.execute_sql(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous")]

    async def scenario():
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        await server.before_start()
        await server.after_start()
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                response = await client.post(ingest_url(integrations["webhook"]["id"]), json={"a": 1},
                                             headers={"Authorization": f"Bearer {token}"})
            return response.status_code, await app.ctx.services.writer.run(pragmas), pragmas()
        finally:
            await server.before_stop()
            await server.close()
            await server.after_stop()

    status, writer_pragmas, loop_pragmas = asyncio.run(scenario())
    assert status == 202
    assert writer_pragmas == loop_pragmas == ["wal", 2]  # 2 is FULL


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

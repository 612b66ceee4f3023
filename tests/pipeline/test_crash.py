"""The crash test: ingestion keeps flowing while the serving process is SIGKILLed at random
moments and restarted; afterwards every 202 has a job that succeeded, and no person is doubled."""
import json
import os
import random
import signal
import sqlite3
import threading
import time

import httpx

from tests.conftest import ServerProcess, provision
from tests.wire import ingest_url

KILLS = 4
SENDERS = 4
# A small pool of people, so that jobs keep merging into existing persons while the kills land.
PEOPLE = 40


class Sender(threading.Thread):
    """Posts until told to stop; remembers what each 202 accepted."""

    def __init__(self, server: ServerProcess, token: str, integration_id: str, rng: random.Random):
        super().__init__(daemon=True)
        self.server, self.token, self.integration_id, self.rng = server, token, integration_id, rng
        self.accepted: dict[str, int] = {}  # job id -> person number
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            number = self.rng.randrange(PEOPLE)
            body = {"name": f"Person {number}", "email": f"person{number}@example.com", "seq": self.rng.random()}
            try:
                response = httpx.post(self.server.base_url + ingest_url(self.integration_id), json=body,
                                      headers={"Authorization": f"Bearer {self.token}"}, timeout=5)
            except httpx.HTTPError:
                time.sleep(0.01)  # the server is down: the client retries, as clients do
                continue
            if response.status_code == 202:
                self.accepted[response.json()["jobId"]] = number


def jobs_by_status(db_path) -> dict[str, str]:
    with sqlite3.connect(db_path) as connection:
        return dict(connection.execute("SELECT id, status FROM ingestion_job"))


def wait_until_processed(db_path, job_ids: set, timeout: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        statuses = jobs_by_status(db_path)
        pending = [j for j in job_ids | set(statuses) if statuses.get(j) != "succeeded"]
        if not pending or time.monotonic() > deadline:
            return statuses
        time.sleep(0.1)


def test_it_loses_nothing_and_doubles_no_one_when_killed_repeatedly(tmp_path):
    seed = int(os.environ.get("SVIT_CRASH_SEED", random.randrange(1 << 30)))
    print(f"crash test seed {seed} (SVIT_CRASH_SEED={seed} replays the kill moments)")
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_JOB_LEASE_SECONDS": "2", "SVIT_SWEEPER_INTERVAL_SECONDS": "0.5",
                                          "SVIT_ACCESS_LOG": "false"}).start()
    senders = [Sender(server, token, integrations["webhook"]["id"], random.Random(rng.random())) for _ in range(SENDERS)]
    try:
        for sender in senders:
            sender.start()
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.2, 1.0))
            server.stop(signal.SIGKILL)
            server.start()
        time.sleep(rng.uniform(0.2, 0.5))
        for sender in senders:
            sender.stopping.set()
        for sender in senders:
            sender.join(10)
        accepted = {job_id: number for sender in senders for job_id, number in sender.accepted.items()}
        assert len(accepted) > 20, "the load did not get through"
        statuses = wait_until_processed(data_dir / "svit.db", set(accepted))
    finally:
        server.stop()
    assert {job_id: statuses.get(job_id) for job_id in accepted} == {job_id: "succeeded" for job_id in accepted}
    with sqlite3.connect(data_dir / "svit.db") as connection:
        persons = connection.execute("SELECT email, count(*) FROM person WHERE project_id = ? GROUP BY email",
                                     (project["id"],)).fetchall()
        ingested = connection.execute("SELECT count(*), count(DISTINCT source_id) FROM person_event "
                                      "WHERE kind = 'ingested'").fetchone()
        stored_emails = {json.loads(body)["email"] for (body,) in connection.execute("SELECT body FROM ingestion_job")}
    print(f"{len(accepted)} accepted with 202, {len(statuses)} stored, {len(persons)} persons")
    assert all(count == 1 for _, count in persons)
    # every 202's person, and no one else than the stored jobs' persons (a job stored but killed
    # before its 202 is processed too, and may name someone no 202 did)
    assert {f"person{n}@example.com" for n in set(accepted.values())} <= {email for email, _ in persons}
    assert {email for email, _ in persons} == stored_emails
    # one ingested event per stored job (some were stored but killed before their 202), none twice
    assert ingested == (len(statuses), len(statuses))
    assert set(statuses.values()) == {"succeeded"}

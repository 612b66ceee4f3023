"""``svit serve --worker-process``: the worker as a child process, through the real server: it
processes jobs and delivers, is started again after a crash, and stops with the server."""
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import finished_job, ingest_url


def children(pid: int) -> list[int]:
    """Child processes of every thread of ``pid`` (a thread's ``children`` lists only its own)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended meanwhile
            continue
    return found


def worker_child(server: ServerProcess, timeout: float = 20.0, not_pid: int | None = None) -> int:
    """The server's child running ``svit worker`` (a new one when ``not_pid`` is given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in children(server.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue
            if b"worker" in command and pid != not_pid:
                return pid
        time.sleep(0.05)
    raise AssertionError(f"no worker child process after {timeout} s:\n{server.log()}")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture
def served(tmp_path, receiver):
    data_dir = tmp_path / "data"
    env = {"SVIT_OUTBOUND_ALLOW_HOSTS": "127.0.0.1", "SVIT_DELIVERY_POLL_SECONDS": "0.1"}
    os.environ.update(env)  # the CLI checks the destination URL against the same allow list
    try:
        project, token, integrations = provision(data_dir)
        run_cli(data_dir, "destination", "create", "--project", project["id"], "--kind", "webhook", "--name", "crm",
                "--url", receiver.url, "--json")
    finally:
        for name in env:
            os.environ.pop(name)
    server = ServerProcess(data_dir, env=env, extra_args=("--worker-process",)).start()
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield server, client, integrations
    server.stop()


def ingest(client, integrations, email: str) -> dict:
    job_id = client.post(ingest_url(integrations["webhook"]["id"]), json={"email": email}).json()["jobId"]
    return finished_job(client, job_id)


def test_a_child_process_processes_the_jobs_and_delivers(served, receiver):
    server, client, integrations = served
    worker = worker_child(server)
    assert worker != server.process.pid
    job = ingest(client, integrations, "ada@example.com")
    assert job["status"] == "succeeded" and len(job["personIds"]) == 1
    [request] = receiver.wait_for(1)
    assert b"ada@example.com" in request.body


def test_the_child_is_started_again_after_a_crash(served, receiver):
    server, client, integrations = served
    first = worker_child(server)
    os.kill(first, signal.SIGKILL)
    second = worker_child(server, not_pid=first)
    assert alive(second) and not alive(first)
    job = ingest(client, integrations, "grace@example.com")
    assert job["status"] == "succeeded"
    assert "worker process" in server.log() and "starting it again" in server.log()


def test_the_child_stops_with_the_server(served):
    server, _, _ = served
    worker = worker_child(server)
    assert server.stop() == 0
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


def test_the_child_stops_when_the_server_is_killed(served):
    server, _, _ = served
    worker = worker_child(server)
    server.stop(signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "the worker outlived its server"

"""The data directory holds personal data and secrets: created private, and wider permissions reported."""
import os
import signal
import stat
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ServerProcess, free_port, provision


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def under_umask_022():
    os.umask(0o022)  # what a login shell or systemd usually gives: files 0644 unless svit says otherwise


def svit(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, preexec_fn=under_umask_022)


def test_it_creates_the_data_directory_and_its_files_for_the_owner_alone(tmp_path):
    data_dir = tmp_path / "data"
    assert svit(data_dir, "project", "create", "Acme").returncode == 0
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "svit.db") == 0o600


def test_it_keeps_the_server_and_worker_files_private_too(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir)
    server.process = subprocess.Popen(
        [sys.executable, "-m", "svit_appliance", "serve", "--data-dir", str(data_dir), "--port", str(server.port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=under_umask_022)
    try:
        server.wait_until_healthy(20)
        answer = httpx.post(f"{server.base_url}/api/v1/external/data-ingestion/{integrations['webhook']['id']}",
                            headers={"Authorization": f"Bearer {token}"}, json={"email": "ada@example.com"})
        assert answer.status_code == 202
        files = {f.name: mode(f) for f in data_dir.iterdir()}
    finally:
        server.stop()
    assert {"svit.db", "svit.db-wal", "svit.db-shm", "queue.db"} <= set(files)
    assert files == {name: 0o600 for name in files}


def test_it_warns_with_the_fix_when_the_data_is_open_to_others(tmp_path):
    data_dir = tmp_path / "data"
    assert svit(data_dir, "project", "create", "Acme").returncode == 0
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "svit.db", 0o644)
    result = svit(data_dir, "project", "list")
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    assert f"{data_dir} 0755" in warnings[0] and "svit.db 0644" in warnings[0]
    assert f"chmod -R go-rwx {data_dir}" in warnings[0]
    subprocess.run(["chmod", "-R", "go-rwx", str(data_dir)], check=True)
    assert "WARNING" not in svit(data_dir, "project", "list").stderr


def test_it_does_not_warn_about_a_private_data_directory(tmp_path):
    data_dir = tmp_path / "data"
    assert svit(data_dir, "project", "create", "Acme").returncode == 0
    assert svit(data_dir, "project", "list").stderr == ""


@pytest.mark.parametrize("command", [("serve", "--port"), ("worker",)])
def test_it_warns_when_the_server_or_worker_starts_on_open_data(tmp_path, command):
    data_dir = tmp_path / "data"
    assert svit(data_dir, "project", "create", "Acme").returncode == 0
    os.chmod(data_dir / "svit.db", 0o644)
    log = tmp_path / "out.log"
    args = [*command, str(free_port())] if command[-1] == "--port" else list(command)
    process = subprocess.Popen([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(data_dir)],
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while "chmod -R go-rwx" not in log.read_text() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(20)
    warnings = [line for line in log.read_text().splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "svit.db 0644" in warnings[0], log.read_text()

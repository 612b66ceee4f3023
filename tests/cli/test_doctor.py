"""``svit doctor``: what it finds on a healthy installation and on one that needs attention."""
import contextlib
import io
import json
import os
import socket
from datetime import timedelta

from svit_appliance.cli import main as cli_main
from svit_appliance.core.ids import new_id
from svit_appliance.store.models import AuditEntry, utcnow
from tests.conftest import ServerProcess, free_port, provision, run_cli
from tests.console import seed
from tests.console.seed import storage


def doctor(data_dir, *args) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli_main(["doctor", "--data-dir", str(data_dir), "--json", *args])
    return code, json.loads(out.getvalue())


def statuses(report: dict) -> dict:
    return {check["name"]: check["status"] for check in report["checks"]}


def make_private(data_dir) -> None:
    os.chmod(data_dir, 0o700)
    os.chmod(data_dir / "svit.db", 0o600)


def test_it_finds_nothing_to_do_on_a_healthy_installation(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    run_cli(data_dir, "backup", "--json")
    make_private(data_dir)
    code, report = doctor(data_dir, "--port", str(free_port()))
    assert code == 0 and report["needsAction"] is False
    assert statuses(report) == {name: "ok" for name in (
        "data directory", "disk space", "integrity", "WAL size", "durability", "migrations", "backup", "queue",
        "port", "clock")}


def test_it_explains_what_needs_doing(tmp_path):
    data_dir = tmp_path / "data"
    project, _, integrations = provision(data_dir)
    with storage(data_dir):
        job = seed.job(project["id"], integrations["webhook"]["id"], {"email": "stuck@example.com"},
                       received_ago=timedelta(minutes=20))
        AuditEntry.create(id=new_id("aud"), actor="cli:test", action="test.future",
                          created_at=utcnow() + timedelta(hours=2))
    os.chmod(data_dir, 0o755)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        code, report = doctor(data_dir, "--port", str(squatter.getsockname()[1]))
    found = statuses(report)
    assert code == 1 and report["needsAction"] is True
    assert found["port"] == "action" and found["clock"] == "action"
    assert found["queue"] == "warning" and found["backup"] == "warning" and found["data directory"] == "warning"
    advice = {check["name"]: check["advice"] for check in report["checks"]}
    assert "another --port" in advice["port"] and "timedatectl set-ntp" in advice["clock"]
    assert "no worker is taking jobs" in advice["queue"] and "chmod -R go-rwx" in advice["data directory"]
    queue = next(check["summary"] for check in report["checks"] if check["name"] == "queue")
    assert queue.startswith("1 job(s) waiting or running") and job.status == "queued"


def test_it_sends_a_damaged_database_to_the_backups(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    with open(data_dir / "svit.db", "r+b") as db_file:
        db_file.seek(4096 * 5)
        db_file.write(os.urandom(4096 * 3))
    code, report = doctor(data_dir, "--port", str(free_port()))
    integrity = next(check for check in report["checks"] if check["name"] == "integrity")
    assert code == 1 and integrity["status"] == "action" and "svit restore" in integrity["advice"]


def test_it_recognises_a_running_svit_on_the_port_and_a_missing_database(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    make_private(data_dir)
    run_cli(data_dir, "backup", "--json")
    server = ServerProcess(data_dir).start()
    try:
        code, report = doctor(data_dir, "--port", str(server.port))
    finally:
        server.stop()
    assert code == 0 and statuses(report)["port"] == "ok"
    assert "in use by a running svit" in report["checks"][-2]["summary"]
    code, report = doctor(tmp_path / "nowhere", "--port", str(free_port()))
    assert code == 1 and statuses(report)["database"] == "action"
    assert not (tmp_path / "nowhere").exists()

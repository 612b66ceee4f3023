"""Scheduled backups in a running server, restored into a fresh data dir; /readyz's backup warning."""
import json
import sqlite3
import threading
import time
from datetime import datetime, timedelta

import httpx

from svit_appliance.store.backup import BackupRecord, list_backups, unpack_verified
from svit_appliance.upkeep.backups import backup_warning
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import ingest_url

LOAD_THREADS = 4


def post_under_load(server, token, integration_id, stop: threading.Event, outcomes: list) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        n = 0
        while not stop.is_set():
            n += 1
            tag = f"{threading.get_ident()}-{n}"
            response = client.post(ingest_url(integration_id),
                                   json={"name": f"Load {tag}", "email": f"load-{tag}@example.com"})
            outcomes.append((response.status_code, response.json().get("jobId")))


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def counts(db_path) -> dict:
    with sqlite3.connect(db_path) as connection:
        return dict(connection.execute("SELECT status, COUNT(*) FROM ingestion_job GROUP BY status").fetchall())


def test_it_backs_up_under_load_and_restores_a_backup_into_a_fresh_data_dir(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    integration_id = integrations["webhook"]["id"]
    server = ServerProcess(data_dir, env={"SVIT_BACKUP_INTERVAL": "1s", "SVIT_BACKUP_KEEP": "50"}).start()
    stop, outcomes = threading.Event(), []
    load = [threading.Thread(target=post_under_load, args=(server, token, integration_id, stop, outcomes))
            for _ in range(LOAD_THREADS)]
    try:
        for thread in load:
            thread.start()
        wait_for(lambda: len(list_backups(data_dir / "backups")) >= 3, 60, "three scheduled backups")
    finally:
        stop.set()
        for thread in load:
            thread.join()
        server.stop()
    assert outcomes and {status for status, _ in outcomes} == {202}
    backups = run_cli(data_dir, "backup", "list", "--json")
    assert len(backups) >= 3 and all(b["verified"] and b["check"] == "ok" for b in backups)
    for backup in backups:  # each file is whole: checksum, gzip, integrity_check, schema version
        unpack_verified(backup["file"], tmp_path / "check.db")
        (tmp_path / "check.db").unlink()

    fresh = tmp_path / "fresh"
    run_cli(fresh, "restore", backups[0]["file"], "--json")
    restored = counts(fresh / "svit.db")
    accepted_ids = {job_id for _, job_id in outcomes}
    with sqlite3.connect(fresh / "svit.db") as connection:
        restored_ids = {row[0] for row in connection.execute("SELECT id FROM ingestion_job")}
    assert restored_ids and restored_ids <= accepted_ids
    server = ServerProcess(fresh).start()
    try:  # whatever was still queued in the backup is processed by the restored appliance's sweeper
        wait_for(lambda: counts(fresh / "svit.db").keys() == {"succeeded"}, 60, f"restored jobs {restored} to finish")
        with sqlite3.connect(fresh / "svit.db") as connection:
            persons = connection.execute("SELECT COUNT(*) FROM person").fetchone()[0]
        assert persons == len(restored_ids)  # one distinct person per accepted job
    finally:
        server.stop()


def test_it_restores_queued_jobs_that_the_restored_appliance_then_processes(tmp_path):
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir, extra_args=("--no-worker",)).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
            job_ids = [client.post(ingest_url(integrations["webhook"]["id"]),
                                   json={"name": f"Queued {n}", "email": f"queued{n}@example.com"}).json()["jobId"]
                       for n in range(10)]
        made = run_cli(data_dir, "backup", "--json")  # while the server runs
    finally:
        server.stop()
    assert made["verified"] and counts(data_dir / "svit.db") == {"queued": 10}

    fresh = tmp_path / "fresh"
    run_cli(fresh, "restore", made["file"])
    server = ServerProcess(fresh).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
            wait_for(lambda: all(client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").json()["status"]
                                 == "succeeded" for job_id in job_ids), 60, "the restored jobs")
            persons = {client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").json()["personIds"][0]
                       for job_id in job_ids}
        assert len(persons) == 10
    finally:
        server.stop()


def test_it_warns_in_readyz_when_the_last_backup_is_older_than_two_intervals(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    old = run_cli(data_dir, "backup", "--json")
    manifest = tmp_path / "data" / "backups" / (old["file"].rsplit("/", 1)[1] + ".json")
    three_hours_ago = datetime.utcnow() - timedelta(hours=3)
    manifest.write_text(json.dumps({**old, "createdAt": three_hours_ago.strftime("%Y-%m-%dT%H:%M:%S.000Z")}))
    server = ServerProcess(data_dir, env={"SVIT_BACKUP_INTERVAL": "1h"}).start()
    try:  # the overdue backup waits a minute after start, so the warning shows first
        ready = httpx.get(server.base_url + "/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"
        assert [w for w in ready.json()["warnings"] if w.startswith("backup: the last backup is 3.0 h old")]
    finally:
        server.stop()


def record(created: datetime, verified: bool = True) -> BackupRecord:
    return BackupRecord("/b/svit-x.db.gz", created.strftime("%Y-%m-%dT%H:%M:%S.000Z"), 1, 1, "0" * 64, 9,
                        verified, "ok" if verified else "row 3 missing from index")


def test_it_warns_only_after_two_intervals_or_when_a_backup_failed_its_check():
    now = datetime(2026, 12, 1, 12, 0, 0)
    day = 86400.0
    assert backup_warning(record(now - timedelta(hours=47)), day, now, now) is None
    assert "49.0 h old" in backup_warning(record(now - timedelta(hours=49)), day, now, now)
    assert "failed its check: row 3 missing" in backup_warning(record(now, verified=False), day, now, now)
    assert backup_warning(None, day, now - timedelta(hours=47), now) is None
    assert "no backup made yet" in backup_warning(None, day, now - timedelta(hours=49), now)
    assert backup_warning(record(now - timedelta(days=30)), 0.0, now, now) is None  # backups off

"""Retention: old raw bodies of succeeded jobs are redacted and old audit entries deleted, in batches."""
import sqlite3
import time
from datetime import timedelta

from svit_appliance.core.ids import new_id
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.models import AuditEntry, IngestionJob, Integration, Project, utcnow
from svit_appliance.upkeep.retention import apply_policy, apply_retention, policy
from tests.conftest import ServerProcess, provision
from tests.console import seed
from tests.console.seed import storage


def seed_jobs(data_dir, project_id, integration_id) -> dict:
    now = utcnow()
    made = {}
    with storage(data_dir):
        for key, status, processed_days_ago in (("old_succeeded", "succeeded", 31), ("old_succeeded_2", "succeeded", 40),
                                                ("new_succeeded", "succeeded", 29), ("old_failed", "failed", 60),
                                                ("queued", "queued", None)):
            job = seed.job(project_id, integration_id, {"email": f"{key}@example.com"}, status=status,
                           person_ids=["per_x"] if status == "succeeded" else [])
            if processed_days_ago is not None:
                IngestionJob.update(processed_at=now - timedelta(days=processed_days_ago)).where(
                    IngestionJob.id == job.id).execute()
            made[key] = job.id
        for days in (400, 366, 364, 1):
            AuditEntry.create(id=new_id("aud"), actor="cli:test", action=f"test.{days}", created_at=now - timedelta(days=days))
    return made


def bodies(data_dir) -> dict:
    with sqlite3.connect(data_dir / "svit.db") as connection:
        return {row[0]: (bytes(row[1]), row[2], row[3], row[4]) for row in connection.execute(
            "SELECT id, body, body_redacted_at, status, person_ids FROM ingestion_job")}


def audit_actions(data_dir) -> set:
    with sqlite3.connect(data_dir / "svit.db") as connection:
        return {row[0] for row in connection.execute("SELECT action FROM audit_entry WHERE action LIKE 'test.%'")}


def test_it_redacts_old_succeeded_bodies_and_prunes_old_audit_entries(tmp_path):
    data_dir = tmp_path / "data"
    project, _, integrations = provision(data_dir)
    jobs = seed_jobs(data_dir, project["id"], integrations["webhook"]["id"])
    with storage(data_dir):
        assert apply_policy(policy("bodies"), utcnow() - timedelta(days=30), batch=1) == 2  # one row per batch: it loops
        result = apply_retention(Settings.load({}, data_dir=str(data_dir)))
    assert (result["bodies"], result["audit"]) == (0, 2)
    after = bodies(data_dir)
    for key in ("old_succeeded", "old_succeeded_2"):
        body, redacted_at, status, person_ids = after[jobs[key]]
        assert body == b"" and redacted_at and status == "succeeded" and person_ids == '["per_x"]'
    for key in ("new_succeeded", "old_failed", "queued"):
        body, redacted_at, _, _ = after[jobs[key]]
        assert body == f'{{"email": "{key}@example.com"}}'.encode() and redacted_at is None
    assert audit_actions(data_dir) == {"test.364", "test.1"}


def test_it_applies_the_policies_periodically_in_a_running_server(tmp_path):
    data_dir = tmp_path / "data"
    project, _, integrations = provision(data_dir)
    jobs = seed_jobs(data_dir, project["id"], integrations["webhook"]["id"])
    server = ServerProcess(data_dir, env={"SVIT_RETENTION_INTERVAL": "1s", "SVIT_BODY_RETENTION_DAYS": "35",
                                          "SVIT_AUDIT_RETENTION_DAYS": "2"}).start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and bodies(data_dir)[jobs["old_succeeded_2"]][0]:
            time.sleep(0.1)
    finally:
        server.stop()
    after = bodies(data_dir)
    assert after[jobs["old_succeeded_2"]][0] == b"" and after[jobs["old_succeeded"]][0] != b""
    assert audit_actions(data_dir) == {"test.1"}


def test_it_applies_retention_on_postgresql(postgres_url):
    settings = Settings.load({}, database_url=postgres_url)
    db = open_database(settings)
    Project.create(id="prj_pg", name="PG", default_region="US")
    Integration.create(id="int_pg", project="prj_pg", name="w", type="WEBHOOK", config={}, enabled=True)
    old = seed.job("prj_pg", "int_pg", {"email": "old@example.com"}, status="succeeded")
    new = seed.job("prj_pg", "int_pg", {"email": "new@example.com"}, status="succeeded")
    IngestionJob.update(processed_at=utcnow() - timedelta(days=31)).where(IngestionJob.id == old.id).execute()
    IngestionJob.update(processed_at=utcnow()).where(IngestionJob.id == new.id).execute()
    assert apply_retention(settings)["bodies"] == 1
    assert bytes(IngestionJob.get_by_id(old.id).body) == b"" and IngestionJob.get_by_id(old.id).body_redacted_at
    assert bytes(IngestionJob.get_by_id(new.id).body) == b'{"email": "new@example.com"}'
    close_database()
    db.close()


def test_it_deletes_old_spam_and_old_refused_requests_by_their_settings(tmp_path):
    from svit_appliance.store.models import ClientToken, FormSpam, RejectedRequest

    data_dir = tmp_path / "data"
    project, _, _ = provision(data_dir)
    now = utcnow()
    with storage(data_dir):
        ClientToken.create(id="ctk_r", project=project["id"], name="site", prefix="p", token_hash="h")
        for key, days in (("spm_old", 31), ("spm_new", 29)):
            FormSpam.create(id=key, project=project["id"], client_token="ctk_r", reason="honeypot",
                            created_at=now - timedelta(days=days))
        for key, days in (("rej_old", 8), ("rej_new", 6)):
            RejectedRequest.create(id=key, method="POST", route="/r", status=401, code="INVALID_SERVER_TOKEN",
                                   detail="d", created_at=now - timedelta(days=days))
        result = apply_retention(Settings.load({}, data_dir=str(data_dir)))
        assert (result["spam"], result["rejected"]) == (1, 1)
        assert [s.id for s in FormSpam.select()] == ["spm_new"]
        assert [r.id for r in RejectedRequest.select()] == ["rej_new"]
        result = apply_retention(Settings.load({"SVIT_INSPECTOR_RETENTION_DAYS": "5",
                                                "SVIT_SPAM_RETENTION_DAYS": "28"}, data_dir=str(data_dir)))
        assert (result["spam"], result["rejected"]) == (1, 1)
        assert FormSpam.select().count() == RejectedRequest.select().count() == 0


def test_it_keeps_the_newest_backups_and_deletes_the_rest(tmp_path):
    from svit_appliance.store.backup import list_backups
    from svit_appliance.upkeep.backups import backup_now

    data_dir = tmp_path / "data"
    provision(data_dir)
    settings = Settings.load({"SVIT_BACKUP_KEEP": "2"}, data_dir=str(data_dir))
    with storage(data_dir):
        made = [backup_now(Settings.load({"SVIT_BACKUP_KEEP": "10"}, data_dir=str(data_dir))) for _ in range(3)]
        assert len(list_backups(data_dir / "backups")) == 3
        assert apply_retention(settings)["backups"] == 1
    kept = {record.file for record in list_backups(data_dir / "backups")}
    assert kept == {made[1].file, made[2].file}

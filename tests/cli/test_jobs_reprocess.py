"""``svit jobs reprocess`` from the shell, against a running server that accepted the bodies."""
import subprocess
import sys

import httpx

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import finished_job, ingest_url


def svit(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True)


def test_it_reprocesses_an_integrations_stored_bodies_after_a_mapping_fix(tmp_path):
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    webhook = integrations["webhook"]["id"]
    server = ServerProcess(data_dir).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
            accepted = client.post(ingest_url(webhook), json={"order": {"buyer": "Sam", "code": "sam-7"}})
            job = finished_job(client, accepted.json()["jobId"])
            assert (job["status"], job["personIds"]) == ("succeeded", [])
            run_cli(data_dir, "integration", "configure", webhook, "--mapping",
                    '{"name": "order.buyer", "company": "order.code"}', "--json")
            preview = run_cli(data_dir, "jobs", "reprocess", "--integration", webhook, "--dry-run", "--json")
            assert (preview["dryRun"], preview["jobs"], preview["personsNew"]) == (True, 1, 1)
            assert run_cli(data_dir, "persons", "export", "--project", project["id"], "--format", "jsonl") == ""
            done = run_cli(data_dir, "jobs", "reprocess", "--integration", webhook, "--since", "2000-01-01",
                           "--status", "succeeded", "--json")
            assert (done["jobs"], done["succeeded"], done["personsNew"], done["stopped"]) == (1, 1, 1, False)
            [person_id] = client.get(f"/api/v1/external/data-ingestion/jobs/{job['jobId']}").json()["personIds"]
            assert run_cli(data_dir, "persons", "show", person_id, "--json")["name"] == "Sam"
            human = svit(data_dir, "jobs", "reprocess", "--integration", webhook)
            assert human.returncode == 0, human.stderr
            assert human.stdout.startswith("1 of 1 job(s) reprocessed: 1 succeeded, 0 failed; 0 person(s) were "
                                           "created, 0 were updated")
    finally:
        server.stop()


def test_it_refuses_a_since_that_is_not_a_date(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    integration = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", "WEBHOOK",
                          "--name", "x", "--json")
    result = svit(tmp_path, "jobs", "reprocess", "--integration", integration["id"], "--since", "last week")
    assert (result.returncode, result.stderr) == (
        1, "svit: error: --since 'last week' is not a date or time: write it like 2026-11-30 or 2026-11-30T08:00Z\n")

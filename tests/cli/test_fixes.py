"""The inspector's fixes from the shell: the same operations as the console's buttons."""
import subprocess
import sys

from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import AuditEntry
from tests.conftest import run_cli


def audit(data_dir, action: str) -> list[tuple]:
    db = open_database(Settings.load({}, data_dir=str(data_dir)))
    try:
        return [(e.target, e.details) for e in AuditEntry.select().where(AuditEntry.action == action)]
    finally:
        db.close()


def test_it_adds_one_origin_to_a_client_token(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    token = run_cli(tmp_path, "client-token", "create", "--project", project["id"], "--origin", "https://a.example",
                    "--json")
    shown = run_cli(tmp_path, "client-token", "allow-origin", token["id"], "https://shop.example/", "--json")
    assert shown["allowedOrigins"] == ["https://a.example", "https://shop.example"]
    assert audit(tmp_path, "client_token.configure")[-1][1]["allowedOrigins"] == shown["allowedOrigins"]


def test_it_changes_an_integrations_type_to_one_with_a_processor(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    other = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", "OTHER", "--name", "x",
                    "--json")
    assert run_cli(tmp_path, "integration", "change-type", other["id"], "tally", "--json")["type"] == "TALLY"
    assert audit(tmp_path, "integration.change_type") == [(other["id"], {"from": "OTHER", "to": "TALLY"})]
    refused = subprocess.run([sys.executable, "-m", "svit_appliance", "integration", "change-type", other["id"], "OTHER",
                              "--data-dir", str(tmp_path)], capture_output=True, text=True)
    assert refused.returncode == 1
    assert refused.stderr.startswith("svit: error: Pick a type with a processor: one of WEBHOOK, TYPEFORM")

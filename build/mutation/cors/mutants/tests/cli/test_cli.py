"""The `svit` command as users and scripts call it."""
import json
import subprocess
import sys

from svit_appliance.processors import INTEGRATION_TYPES
from tests.conftest import run_cli


def svit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args], capture_output=True, text=True)


def test_it_creates_project_tokens_and_integration_as_json(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    assert project["id"].startswith("prj_") and project["name"] == "Acme" and project["defaultRegion"] == "US"
    token = run_cli(tmp_path, "token", "create", "--project", project["id"], "--name", "ci", "--json")
    assert token["token"].startswith("svit_pat_") and len(token["token"]) >= 9 + 32
    client = run_cli(tmp_path, "client-token", "create", "--project", project["id"],
                     "--origin", "https://acme.example/", "--json")
    assert client["token"].startswith("svit_ct_") and client["allowedOrigins"] == ["https://acme.example"]
    integration = run_cli(tmp_path, "integration", "create", "--project", project["id"], "--type", "webhook",
                          "--name", "zapier", "--json")
    assert integration["id"].startswith("int_") and integration["type"] == "WEBHOOK"


def test_it_never_stores_or_lists_a_token_in_clear(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    secret = run_cli(tmp_path, "token", "create", "--project", project["id"], "--name", "ci", "--json")["token"]
    listed = run_cli(tmp_path, "token", "list", "--project", project["id"], "--json")
    assert secret not in json.dumps(listed)
    assert secret.encode() not in (tmp_path / "svit.db").read_bytes()


def test_it_lists_every_type_and_marks_other_unsupported():
    result = svit("integration", "types", "--json")
    types = {t["type"]: t for t in json.loads(result.stdout)["types"]}
    assert list(types) == list(INTEGRATION_TYPES)
    assert types["OTHER"]["supported"] is False
    assert all(t["supported"] for name, t in types.items() if name != "OTHER")
    assert "(unsupported)" in svit("integration", "types").stdout


def test_it_explains_bad_input_on_stderr(tmp_path):
    result = svit("integration", "create", "--project", "prj_missing", "--type", "WEBHOOK", "--name", "x",
                  "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "Project prj_missing not found" in result.stderr
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    result = svit("integration", "create", "--project", project["id"], "--type", "FAX", "--name", "x",
                  "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "Unknown integration type 'FAX'" in result.stderr


def test_it_prints_its_version():
    from svit_appliance import __version__

    assert json.loads(svit("version", "--json").stdout)["version"] == __version__


def test_it_reads_the_data_dir_from_the_environment(tmp_path):
    result = subprocess.run([sys.executable, "-m", "svit_appliance", "project", "create", "Env", "--json"],
                            capture_output=True, text=True, env={"SVIT_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "d" / "svit.db").exists()

"""`svit token` and `svit client-token`: expiry must lie ahead, and each command touches only its own kind."""
import subprocess
import sys

import pytest

from tests.conftest import run_cli


def svit(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True)


@pytest.fixture
def project(tmp_path):
    return run_cli(tmp_path, "project", "create", "Acme", "--json")


@pytest.mark.parametrize("days", ["-5", "0"])
def test_it_refuses_a_token_that_would_not_expire_in_the_future(tmp_path, project, days):
    result = svit(tmp_path, "token", "create", "--project", project["id"], "--name", "ci", "--expires-in-days", days)
    assert result.returncode == 2
    assert f"--expires-in-days: '{days}' is not a positive integer" in result.stderr
    assert run_cli(tmp_path, "token", "list", "--project", project["id"], "--json") == []


def test_it_makes_a_token_that_expires_ahead(tmp_path, project):
    token = run_cli(tmp_path, "token", "create", "--project", project["id"], "--name", "ci", "--expires-in-days", "1",
                    "--json")
    assert token["expiresAt"] > token["createdAt"]


def test_it_refuses_to_revoke_a_server_token_as_a_client_token(tmp_path, project):
    server = run_cli(tmp_path, "token", "create", "--project", project["id"], "--name", "ci", "--json")
    result = svit(tmp_path, "client-token", "revoke", server["id"])
    assert result.returncode == 1
    assert f"{server['id']} is a server token, not a client token" in result.stderr
    listed = run_cli(tmp_path, "token", "list", "--project", project["id"], "--json")
    assert [t["revokedAt"] for t in listed] == [None]


def test_it_refuses_to_revoke_a_client_token_as_a_server_token(tmp_path, project):
    client = run_cli(tmp_path, "client-token", "create", "--project", project["id"], "--json")
    result = svit(tmp_path, "token", "revoke", client["id"])
    assert result.returncode == 1
    assert f"{client['id']} is a client token, not a server token" in result.stderr
    listed = run_cli(tmp_path, "client-token", "list", "--project", project["id"], "--json")
    assert [t["revokedAt"] for t in listed] == [None]

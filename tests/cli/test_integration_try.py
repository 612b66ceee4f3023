"""``svit integration try ID < body.json``: a dry-run from the shell, one JSON value with --json."""
import json
import subprocess
import sys

from svit_appliance.pipeline.jobs import NO_PERSON_WARNING as NO_PERSON
from tests.conftest import run_cli


def svit_try(data_dir, integration_id: str, body: bytes, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", "integration", "try", integration_id,
                           "--data-dir", str(data_dir), *flags], input=body, capture_output=True)


def webhook(data_dir, *, enabled: bool = True) -> dict:
    project = run_cli(data_dir, "project", "create", "Acme", "--json")
    integration = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "WEBHOOK",
                          "--name", "site", "--json")
    if not enabled:
        run_cli(data_dir, "integration", "disable", integration["id"], "--json")
    return integration


def test_it_prints_the_persons_a_body_would_become_as_one_json_value(tmp_path):
    integration = webhook(tmp_path)
    result = svit_try(tmp_path, integration["id"], b'[{"name": "Ada", "email": "ada@example.com"}, {"x": 1}]',
                      "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"dryRun": True, "warning": None, "persons": [
        {"fields": {"name": "Ada", "email": "ada@example.com"}, "decision": "new", "personId": None, "changes": {}}]}
    assert run_cli(tmp_path, "jobs", "list", "--json") == []


def test_it_says_in_words_what_would_happen_and_that_nothing_was_written(tmp_path):
    integration = webhook(tmp_path, enabled=False)
    result = svit_try(tmp_path, integration["id"], b'{"order": 1}')
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [
        "dry run, nothing written:",
        "warning: the integration is disabled: real requests are refused with 409 until you enable it; " + NO_PERSON]


def test_it_refuses_a_body_that_is_not_json_with_the_apis_sentence(tmp_path):
    integration = webhook(tmp_path)
    result = svit_try(tmp_path, integration["id"], b'{"email": ')
    assert result.returncode == 1
    assert result.stderr.decode().startswith("svit: error: Body is not valid JSON: Expecting value at line 1")


def test_it_refuses_an_unknown_integration(tmp_path):
    webhook(tmp_path)
    result = svit_try(tmp_path, "int_missing", b'{}')
    assert (result.returncode, result.stderr.decode()) == (1, "svit: error: Integration int_missing not found\n")

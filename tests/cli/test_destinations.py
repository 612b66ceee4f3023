"""``svit destination``: create (secret once), list, show, test, disable/enable, delete."""
import contextlib
import io
import json
import re

import pytest
from standardwebhooks.webhooks import Webhook

from svit_appliance.cli import main as cli_main
from svit_appliance.destinations.kinds import KINDS
from tests.conftest import run_cli


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SVIT_OUTBOUND_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("SVIT_OUTBOUND_TIMEOUT_SECONDS", "3")
    data_dir = tmp_path / "data"
    return data_dir, run_cli(data_dir, "project", "create", "Acme", "--json")["id"]


def svit(data_dir, *args) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli_main([*args, "--data-dir", str(data_dir)])
    return code, out.getvalue()


def test_it_creates_lists_and_shows_without_the_secret(project, receiver):
    data_dir, project_id = project
    made = run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "webhook", "--name", "crm",
                   "--url", receiver.url, "--events", "person.created,form.submitted", "--json")
    assert made["signingSecret"].startswith("whsec_")
    assert made["events"] == ["person.created", "form.submitted"] and made["enabled"] is True
    [listed] = run_cli(data_dir, "destination", "list", "--project", project_id, "--json")
    shown = run_cli(data_dir, "destination", "show", made["id"], "--json")
    for view in (listed, shown):
        assert "signingSecret" not in view and made["signingSecret"] not in json.dumps(view)
    assert shown["deliveries"] == []


def test_it_sends_a_test_event_and_prints_the_answer(project, receiver):
    data_dir, project_id = project
    made = run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "webhook", "--name", "crm",
                   "--url", receiver.url, "--json")
    result = run_cli(data_dir, "destination", "test", made["id"], "--json")
    assert (result["status"], result["statusCode"], result["attempts"]) == ("delivered", 200, 1)
    [request] = receiver.requests
    assert Webhook(made["signingSecret"]).verify(request.body, request.headers)["type"] == "test"
    [delivery] = run_cli(data_dir, "destination", "show", made["id"], "--json")["deliveries"]
    assert delivery["log"][0]["statusCode"] == 200 and delivery["log"][0]["response"] == "ok"


def test_it_exits_1_when_the_test_event_is_refused(project, receiver):
    data_dir, project_id = project
    receiver.answers = [(410, b"gone", 0)]
    made = run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "slack", "--name", "team",
                   "--url", receiver.url, "--json")
    code, out = svit(data_dir, "destination", "test", made["id"])
    assert code == 1 and "The receiver answered 410" in out
    assert json.loads(receiver.requests[0].body) == {"text": "Test notification from svit for team"}


def test_it_disables_enables_and_deletes(project, receiver):
    data_dir, project_id = project
    made = run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "slack", "--name", "team",
                   "--url", receiver.url, "--json")
    assert run_cli(data_dir, "destination", "disable", made["id"], "--json")["enabled"] is False
    assert run_cli(data_dir, "destination", "enable", made["id"], "--json")["enabled"] is True
    assert run_cli(data_dir, "destination", "delete", made["id"], "--json") == {"id": made["id"], "deleted": True}
    assert run_cli(data_dir, "destination", "list", "--project", project_id, "--json") == []
    code, _ = svit(data_dir, "destination", "show", made["id"])
    assert code == 1


def test_it_reads_the_smtp_password_from_stdin_and_never_prints_it(project, monkeypatch):
    data_dir, project_id = project
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    made = run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "email", "--name", "sales",
                   "--smtp-host", "127.0.0.1", "--smtp-port", "2525", "--smtp-user", "svit", "--from",
                   "svit@acme.example", "--to", "a@acme.example", "--to", "b@acme.example", "--json")
    assert made["config"]["to"] == ["a@acme.example", "b@acme.example"] and made["passwordSet"] is True
    assert "s3cret-pass" not in json.dumps(made)


def test_it_takes_every_kinds_options_once():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli_main(["destination", "create", "--help"])
    usage = out.getvalue()
    assert f"--kind {{{','.join(KINDS)}}}" in usage
    for option in {option.flag for kind in KINDS.values() for option in kind.cli_options}:
        assert len(re.findall(rf"\[{option}[ \]]", usage)) == 1, option

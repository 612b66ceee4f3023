"""The daily digest: previewed and sent with the CLI to a real SMTP server, and scheduled by the hour."""
from datetime import datetime

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.destinations.delivery import deliver_due
from svit_appliance.destinations.digest import schedule_digests
from svit_appliance.operations.destinations import create_destination
from svit_appliance.store.models import Delivery
from tests.conftest import run_cli
from tests.console import seed
from tests.destinations.helpers import ALLOW_LOCAL, FAST, ingest


def email_options(smtp, digest=True) -> dict:
    return {"host": "127.0.0.1", "port": smtp.port, "security": "none", "from": "svit@acme.example",
            "to": ["boss@acme.example"], "digest": digest}


@pytest.fixture
def data_dir(tmp_path, monkeypatch, smtp):
    monkeypatch.setenv("SVIT_OUTBOUND_ALLOW_HOSTS", "127.0.0.1")
    data_dir = tmp_path / "data"
    project_id = run_cli(data_dir, "project", "create", "Acme", "--json")["id"]
    run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "email", "--name", "boss",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp.port), "--security", "none",
            "--from", "svit@acme.example", "--to", "boss@acme.example", "--digest", "--events", "job.failed")
    with seed.storage(data_dir):
        ada = seed.person(project_id, "Ada Lovelace", "ada@example.com", "+442079460958")
        seed.person(project_id, "Grace Hopper", "grace@example.com", None)
        seed.event(ada, "merged", data={"changes": {"company": [None, "Engines"]}})
    return data_dir, project_id


def test_it_previews_the_digest_of_the_last_day(data_dir):
    data_dir, project_id = data_dir
    data = run_cli(data_dir, "digest", "preview", "--project", project_id, "--json")
    assert (data["newPersons"], data["merges"], data["spamCaught"], data["failedJobs"]) == (2, 1, 0, 0)
    assert [p["name"] for p in data["persons"]] == ["Grace Hopper", "Ada Lovelace"]
    assert data["lastBackup"] is None and data["destinationsFailing"] == []
    text = run_cli(data_dir, "digest", "preview", "--project", project_id)
    assert "Daily digest for Acme: 2 new leads, 1 merges" in text and "Ada Lovelace" in text


def test_it_sends_the_digest_now_to_a_real_smtp_server(data_dir, smtp):
    data_dir, project_id = data_dir
    (data_dir / "backups").mkdir()
    (data_dir / "backups" / "svit-20261130T010000Z-v9.db").write_bytes(b"copy")
    [sent] = run_cli(data_dir, "digest", "send", "--project", project_id, "--json")
    assert sent["delivered"] is True
    [(_, recipients, message)] = smtp.wait_for(1)
    assert recipients == ["boss@acme.example"]
    assert message["Subject"] == "Daily digest for Acme: 2 new leads, 1 merges, 0 spam, 0 failed jobs"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Grace Hopper" in text and "Grace Hopper" in html
    assert "Last backup:          20" in text  # the backup file's time, not "none found"


def test_it_schedules_one_digest_a_day_at_the_configured_hour(project, smtp):
    create_destination(Actor.cli(), project.id, "email", "boss", email_options(smtp), ["job.failed"], ALLOW_LOCAL)
    create_destination(Actor.cli(), project.id, "email", "sales", email_options(smtp, digest=False), None,
                       ALLOW_LOCAL)
    ingest(project, {"name": "Ada Lovelace", "email": "ada@example.com"})  # job.failed only: no mail for it
    morning = datetime.now().astimezone().replace(hour=7, minute=59)
    assert schedule_digests(8, None, morning) == []
    nine = morning.replace(hour=9)
    assert len(schedule_digests(8, None, nine)) == 1
    assert schedule_digests(8, None, nine.replace(minute=30)) == []  # once a day
    deliver_due(FAST)
    messages = smtp.wait_for(2)
    subjects = sorted(m["Subject"] for _, _, m in messages)
    assert subjects[0].startswith("Daily digest for Acme: 1 new leads")
    assert subjects[1] == "New lead: Ada Lovelace via zapier (WEBHOOK)"  # the other destination
    assert [d.event for d in Delivery.select().order_by(Delivery.created_at)].count("digest") == 1

"""The spam inbox against the real server: quarantined posts listed with their reason, released
as "not spam" into persons through the form's path (``svit spam release``), pruned by age."""
import contextlib
import io
import json
import sqlite3
import time
from datetime import timedelta

import pytest

from svit_appliance.cli import main as cli_main
from svit_appliance.store.models import utcnow
from tests.contact_form.form_site import new_email, new_phone, person, start_site

HONEYPOT = {"_svit_hp": "https://cheap-pills.example"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    form_site = start_site(tmp_path_factory.mktemp("spam-inbox") / "data", {"SVIT_FORM_IP_RATE_LIMIT": "off"})
    yield form_site
    form_site.client.close()
    form_site.server.stop()


def quarantine(site, status: int = 201, **fields) -> tuple[dict, dict]:
    """A honeypot post; its answer and its inbox entry."""
    fields = {"name": "Caught", "email": new_email(), "phone": new_phone(), "utm_source": "ads", **fields}
    answer = site.post("main", json={**fields, **HONEYPOT}, headers={"Referer": "https://acme.example/contact"})
    assert answer.status_code == status
    inbox = site.cli("spam", "list", "--project", site.project["id"], "--json")["spam"]
    return answer.json(), next(s for s in inbox if s["fields"]["email"] == fields["email"])


def cli_exit(site, *args) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli_main([*args, "--data-dir", str(site.server.data_dir)])
    return code, err.getvalue()


def test_it_releases_a_quarantined_post_into_a_new_person(site):
    _, entry = quarantine(site, message="Please call me")
    assert entry["reason"] == "honeypot" and entry["id"].startswith("spm_")
    released = site.cli("spam", "release", entry["id"], "--json")
    assert released["created"] is True and released["released"] == entry["id"]
    stored = person(site, released["personId"])
    assert (stored["name"], stored["email"], json.loads(stored["attributes"])) == ("Caught", entry["fields"]["email"], {})
    [event] = [json.loads(row[0]) for row in site.query(
        "SELECT data FROM person_event WHERE person_id = ? AND kind = 'form_submitted'", released["personId"])]
    assert event["message"] == "Please call me" and event["releasedFrom"] == {"spamId": entry["id"], "reason": "honeypot"}
    assert event["context"]["pageUrl"] == "https://acme.example/contact" and event["context"]["utm_source"] == "ads"
    inbox = site.cli("spam", "list", "--project", site.project["id"], "--json")["spam"]
    assert entry["id"] not in [s["id"] for s in inbox]
    [audit] = site.query("SELECT actor, details FROM audit_entry WHERE action = 'spam.release' AND target = ?", entry["id"])
    assert audit[0].startswith("cli:") and json.loads(audit[1]) == {"created": True, "reason": "honeypot"}


def test_it_merges_a_released_post_into_the_person_with_the_same_email(site):
    email = new_email()
    real = site.post("main", json={"name": "Known", "email": email, "phone": new_phone()})
    answer, entry = quarantine(site, 200, email=email, company="Found Later Ltd")
    assert answer["personId"] == real.json()["personId"]  # answered as the real person would be
    released = site.cli("spam", "release", entry["id"], "--json")
    assert (released["personId"], released["created"]) == (real.json()["personId"], False)
    assert person(site, real.json()["personId"])["company"] == "Found Later Ltd"


def test_it_refuses_to_release_twice_or_an_unknown_post(site):
    _, entry = quarantine(site)
    site.cli("spam", "release", entry["id"], "--json")
    code, message = cli_exit(site, "spam", "release", entry["id"])
    assert code == 1 and f"No quarantined post {entry['id']}" in message
    assert cli_exit(site, "spam", "release", "spm_nope")[0] == 1


def test_it_deletes_quarantined_posts_older_than_the_retention_period(tmp_path):
    data_dir = tmp_path / "data"
    site = start_site(data_dir, {"SVIT_FORM_IP_RATE_LIMIT": "off", "SVIT_SPAM_RETENTION_DAYS": "30"})
    try:
        quarantine(site)
        recent, stale = utcnow() - timedelta(days=29), utcnow() - timedelta(days=31)
        site.server.stop()
        with sqlite3.connect(data_dir / "svit.db") as db:
            (token_id,) = db.execute("SELECT client_token_id FROM form_spam").fetchone()
            for n in range(1201):  # more than two pruning batches of 500
                db.execute("INSERT INTO form_spam (id, project_id, client_token_id, reason, fields, created_at) "
                           "VALUES (?, ?, ?, 'honeypot', '{}', ?)", (f"spm_old{n:05d}", site.project["id"], token_id,
                                                                     str(stale)))
            db.execute("UPDATE form_spam SET created_at = ? WHERE id NOT LIKE 'spm_old%'", (str(recent),))
        site.server.start()
        deadline = time.monotonic() + 30
        while site.query("SELECT count(*) FROM form_spam WHERE id LIKE 'spm_old%'") != [(0,)]:
            assert time.monotonic() < deadline, "old spam still there after 30 s"
            time.sleep(0.1)
        assert site.query("SELECT count(*) FROM form_spam") == [(1,)]
    finally:
        site.client.close()
        site.server.stop()

"""The read-only Settings page: retention policies and the last backup; redacted job bodies."""
import re

from svit_appliance.store.models import IngestionJob, utcnow
from tests.conftest import run_cli
from tests.console import seed
from tests.console.seed import storage


def text_of(page: str, element_id: str, tag: str) -> str:
    match = re.search(rf'<{tag} id="{element_id}".*?</{tag}>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(0)) if match else ""


def test_it_shows_the_retention_policies_and_the_last_backup(admin, console_server):
    page = admin.http.get("/console/settings")
    assert page.status_code == 200
    retention = " ".join(text_of(page.text, "retention", "table").split())
    assert "redacted 30 days after processing" in retention and "entries kept 365 days" in retention
    assert "quarantined posts deleted after 30 days" in retention
    assert "none yet" in text_of(page.text, "last-backup", "tr")
    made = run_cli(console_server.data_dir, "backup", "--json")
    last = " ".join(text_of(admin.http.get("/console/settings").text, "last-backup", "tr").split())
    assert "0 min ago" in last and "verified" in last and made["file"].rsplit("/", 1)[1] in last
    assert f"{made['sizeBytes'] / 1024:.1f} KiB" in last


def test_it_says_when_a_job_body_was_redacted(admin, console_server):
    with storage(console_server.data_dir):
        job = seed.job(console_server.project["id"], console_server.integrations["webhook"]["id"],
                       {"email": "gone@example.com"}, status="succeeded")
        IngestionJob.update(body=b"", body_redacted_at=utcnow()).where(IngestionJob.id == job.id).execute()
    page = admin.http.get(f"/console/jobs/{job.id}").text
    assert 'id="job-body-redacted"' in page and "by the retention policy" in page
    assert "gone@example.com" not in page

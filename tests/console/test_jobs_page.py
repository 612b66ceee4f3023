"""The jobs pages say how long a job took, and when it runs next only while it is waiting."""
import re
from datetime import timedelta

from svit_appliance.store.models import IngestionJob, utcnow
from tests.console import seed
from tests.console.seed import storage


def test_it_shows_the_run_time_and_the_next_attempt_only_for_queued_jobs(admin, console_server):
    project_id, webhook = console_server.project["id"], console_server.integrations["webhook"]["id"]
    with storage(console_server.data_dir):
        done = seed.job(project_id, webhook, {"n": 1}, "succeeded", received_ago=timedelta(seconds=10))
        IngestionJob.update(processed_at=done.received_at + timedelta(seconds=2.5),
                            next_attempt_at=utcnow()).where(IngestionJob.id == done.id).execute()
        waiting = seed.job(project_id, webhook, {"n": 2}, "queued")
        IngestionJob.update(next_attempt_at=utcnow() + timedelta(days=300)).where(
            IngestionJob.id == waiting.id).execute()
    page = admin.http.get(f"/console/jobs/{done.id}").text
    assert re.search(r'<dd id="job-took">2\.5 s</dd>', page)
    assert "Next attempt" not in page
    queued = admin.http.get(f"/console/jobs/{waiting.id}").text
    assert re.search(r'<dt>Next attempt</dt><dd id="job-next-attempt">\d{4}-\d\d-\d\d \d\d:\d\d</dd>', queued)
    assert re.search(r'<dd id="job-took">—</dd>', queued)
    listing = admin.http.get("/console/jobs").text
    assert "<th>Took</th>" in listing and "<td>2.5 s</td>" in listing

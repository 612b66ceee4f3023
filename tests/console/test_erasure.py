"""Erasure from the console: the job page no longer shows the body, and the audit log keeps no search."""
from svit_appliance.store.models import AuditEntry
from tests.console import seed
from tests.console.seed import storage


def test_it_says_the_body_was_erased_on_the_job_page(admin, console_server):
    project_id, integration = console_server.project["id"], console_server.integrations["webhook"]["id"]
    with storage(console_server.data_dir):
        person = seed.person(project_id, "Erased Erin", "erin@erase.example")
        job = seed.job(project_id, integration, {"email": "erin@erase.example"}, "succeeded", person_ids=[person.id])
        seed.event(person, "ingested", job.id)
    assert "erin@erase.example" in admin.http.get(f"/console/jobs/{job.id}").text
    response = admin.post(f"/console/persons/{person.id}/delete", form_page=f"/console/persons/{person.id}")
    assert response.status_code == 303
    page = admin.http.get(f"/console/jobs/{job.id}").text
    assert 'id="job-body-erased"' in page and "The body was erased" in page
    assert "erin@erase.example" not in page and 'id="job-body"' not in page
    assert f"{person.id} <small>(deleted)</small>" in page  # the job's metadata stays


def test_it_records_that_an_export_was_searched_but_not_the_search(admin, console_server):
    assert admin.http.get("/console/persons/export.csv", params={"q": "secret.search@example.com"}).status_code == 200
    with storage(console_server.data_dir):
        entry = AuditEntry.select().where(AuditEntry.action == "person.export").order_by(AuditEntry.created_at.desc(),
                                                                                        AuditEntry.id.desc()).get()
        texts = [e.details for e in AuditEntry.select()]
    assert entry.details == {"searched": True, "source": None, "format": "csv"}
    assert not any("secret.search" in str(details) for details in texts)

"""Subject access and erasure on PostgreSQL (the scale-out engine): the same finds, the same erasure."""
from svit_appliance.access.tokens import CLIENT, mint
from svit_appliance.contact_form.spam import record_spam
from svit_appliance.contact_form.store import SpamPost
from svit_appliance.core import subject
from svit_appliance.core.audit import Actor
from svit_appliance.operations import integrations, persons, projects
from svit_appliance.store.models import AuditEntry, FormSpam, IngestionJob, Person, PersonEvent
from tests.console import seed


def test_it_finds_and_erases_a_person_on_postgresql(pg_db):
    actor = Actor.cli()
    project = projects.create_project(actor, "Acme", "GB")
    integration = integrations.create_integration(actor, project.id, "WEBHOOK", "hook")
    token = mint(CLIENT, project, "site").record
    ada = seed.person(project.id, "Ada", "ada@example.com", "+442079460958")
    carried = seed.job(project.id, integration.id, {"email": "ADA@Example.com"}, "succeeded", person_ids=[ada.id])
    mentions = seed.job(project.id, integration.id, {"note": "call +442079460958"}, "failed")
    other = seed.job(project.id, integration.id, {"email": "bob@example.org"}, "succeeded")
    record_spam(SpamPost(project.id, token.id, None, "honeypot", {"phone": "020 7946 0958"}))
    record_spam(SpamPost(project.id, token.id, None, "honeypot", {"phone": "020 7946 0000"}))

    held = subject.subject_access(ada)
    assert {job["jobId"] for job in held["jobs"]} == {carried.id, mentions.id}
    assert [spam["fields"] for spam in held["spam"]] == [{"phone": "020 7946 0958"}]

    assert persons.erase_person(actor, ada.id) == {"timelineEvents": 1, "jobBodiesErased": 2, "spamDeleted": 1,
                                                   "deliveriesDeleted": 0, "walCheckpointed": True}
    assert Person.get_or_none(Person.id == ada.id) is None
    assert not PersonEvent.select().where(PersonEvent.person == ada.id).exists()
    assert {job.id: bytes(job.body) for job in IngestionJob.select().where(IngestionJob.project == project.id)} == {
        carried.id: b"", mentions.id: b"", other.id: b'{"email": "bob@example.org"}'}
    assert [row.fields for row in FormSpam.select().where(FormSpam.project == project.id)] == [{"phone": "020 7946 0000"}]
    assert AuditEntry.get(AuditEntry.action == "person.erase", AuditEntry.target == ada.id).details == {
        "timelineEvents": 1, "jobBodiesErased": 2, "spamDeleted": 1, "deliveriesDeleted": 0}

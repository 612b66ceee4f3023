"""The outbox and its delivery on PostgreSQL (the scale-out engine): claim with SKIP LOCKED, retry, deliver."""
from standardwebhooks.webhooks import Webhook

from svit_appliance.core.audit import Actor
from svit_appliance.destinations.delivery import deliver_due
from svit_appliance.operations import persons, projects
from svit_appliance.store.models import Delivery, DeliveryAttempt, utcnow
from tests.destinations.helpers import FAST, ingest, webhook


def test_it_delivers_and_retries_on_postgresql(pg_db, receiver):
    project = projects.create_project(Actor.cli(), "Acme", "GB")
    receiver.answers = [(500, b"down", 0), (200, b"ok", 0)]
    _, secret = webhook(project, receiver)
    ingest(project, {"name": "Ada Lovelace", "email": "ada@example.com"})
    deliver_due(FAST)
    Delivery.update(next_attempt_at=utcnow()).execute()
    deliver_due(FAST)
    requests = receiver.wait_for(2)
    assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
    assert Webhook(secret).verify(requests[1].body, requests[1].headers)["type"] == "person.created"
    assert Delivery.get().status == "delivered"
    assert [a.status_code for a in DeliveryAttempt.select().order_by(DeliveryAttempt.attempt)] == [500, 200]
    person_id = Delivery.get().payload["data"]["person"]["id"]
    assert persons.erase_person(Actor.cli(), person_id)["deliveriesDeleted"] == 1

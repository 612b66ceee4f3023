"""The outbox and its delivery on a real SQLite database, to a real receiver on 127.0.0.1."""
import json
import threading
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.destinations.delivery import DeliveryPolicy, attempt, claim, deliver_due, deliver_now
from svit_appliance.destinations.outbound import Limits
from svit_appliance.operations.destinations import create_destination, redeliver, send_test_event
from svit_appliance.operations.integrations import create_integration
from svit_appliance.pipeline.jobs import JobPolicy, process_jobs
from svit_appliance.store.models import Delivery, DeliveryAttempt, Destination, utcnow
from tests.destinations.helpers import ALLOW_LOCAL, FAST, ingest, webhook
from tests.destinations.receiver import serve_tls
from tests.pipeline.helpers import add_job


def deliver_all(policy=FAST, rounds=1):
    for _ in range(rounds):
        deliver_due(policy)


def test_it_signs_webhooks_that_standard_webhooks_verifies(project, receiver):
    destination, secret = webhook(project, receiver)
    assert secret.startswith("whsec_")
    ingest(project, {"name": "Ada Lovelace", "email": "ada@example.com"})
    deliver_all()
    [request] = receiver.wait_for(1)
    payload = Webhook(secret).verify(request.body, request.headers)
    assert payload["type"] == "person.created"
    assert payload["data"]["person"]["email"] == "ada@example.com"
    assert payload["data"]["source"]["label"] == "zapier (WEBHOOK)"
    assert payload["data"]["consoleUrl"] == f"https://crm.acme.example/console/persons/{payload['data']['person']['id']}"
    assert request.headers["webhook-id"] == Delivery.get().id
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(request.body, request.headers)


def test_it_writes_updates_only_when_a_merge_changed_fields(project, receiver):
    webhook(project, receiver, ["person.updated"])
    ingest(project, {"name": "Ada", "email": "ada@example.com"})
    ingest(project, {"name": "Ada", "email": "ada@example.com"})  # nothing changes: no event
    ingest(project, {"email": "ada@example.com", "company": "Analytical Engines"})
    assert [d.event for d in Delivery.select()] == ["person.updated"]
    payload = Delivery.get().payload
    assert payload["data"]["changes"] == {"company": {"from": None, "to": "Analytical Engines"}}


def test_it_writes_job_failed_for_a_job_that_fails(project, receiver):
    webhook(project, receiver, ["job.failed"])
    integration = create_integration(Actor.cli(), project.id, "TYPEFORM", "typeform")
    job_id = add_job(integration, {"not": "a typeform body"})
    process_jobs([job_id], "worker", JobPolicy(max_attempts=1))
    payload = Delivery.get().payload
    assert payload["type"] == "job.failed"
    assert payload["data"]["job"]["id"] == job_id and "form_response" in payload["data"]["job"]["error"]


def test_it_retries_with_the_same_webhook_id_until_the_receiver_takes_it(project, receiver):
    receiver.answers = [(500, b"down", 0), (503, b"still down", 0), (502, b"nope", 0), (200, b"thanks", 0)]
    _, secret = webhook(project, receiver)
    ingest(project, {"email": "grace@example.com"})
    for _ in range(40):
        deliver_all()
        if Delivery.get().status == "delivered":
            break
        Delivery.update(next_attempt_at=utcnow()).execute()  # the 50 ms backoff, without sleeping
    requests = receiver.wait_for(4)
    assert len(requests) == 4
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    for request in requests:
        Webhook(secret).verify(request.body, request.headers)
    log = list(DeliveryAttempt.select().order_by(DeliveryAttempt.attempt))
    assert [(a.attempt, a.status_code, a.response) for a in log] == [
        (1, 500, "down"), (2, 503, "still down"), (3, 502, "nope"), (4, 200, "thanks")]
    assert Delivery.get().status == "delivered"
    assert Destination.get().failing_since is None


def test_it_gives_up_after_the_last_retry(project, receiver):
    receiver.answers = [(500, b"x" * 5000, 0)]
    webhook(project, receiver)
    ingest(project, {"email": "grace@example.com"})
    policy = DeliveryPolicy((0.01,), ALLOW_LOCAL)
    for _ in range(5):
        deliver_all(policy)
        Delivery.update(next_attempt_at=utcnow()).where(Delivery.status == "pending").execute()
    delivery = Delivery.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(DeliveryAttempt.get().response) == 1024  # the first KB of the answer is kept


def test_it_disables_a_destination_failing_for_three_days(project, receiver):
    receiver.answers = [(500, b"down", 0)]
    destination, _ = webhook(project, receiver)
    Destination.update(failing_since=utcnow() - timedelta(days=3, minutes=1)).execute()
    ingest(project, {"email": "grace@example.com"})
    deliver_all()
    destination = Destination.get_by_id(destination.id)
    assert destination.enabled is False
    assert "every delivery failed since" in destination.disabled_reason


def test_it_does_not_follow_redirects(project, receiver):
    receiver.answers = [(302, b"", 0)]
    webhook(project, receiver)
    delivery_id = send_test_event(Actor.cli(), Destination.get().id)
    outcome = deliver_now(delivery_id, FAST)
    assert (outcome.delivered, outcome.status_code) == (False, 302)
    assert [r.path for r in receiver.requests] == ["/hooks/svit"]
    assert Delivery.get_by_id(delivery_id).status == "failed"  # a test event is tried once


def test_it_gives_up_on_a_slow_receiver_after_the_total_timeout(project, receiver):
    receiver.answers = [(200, b"late", 5)]
    webhook(project, receiver)
    outcome = deliver_now(send_test_event(Actor.cli(), Destination.get().id),
                          DeliveryPolicy((1,), Limits(1.0, 1.0, frozenset({"127.0.0.1"}))))
    assert outcome.delivered is False and "Timed out" in outcome.error


def test_sending_now_reports_the_attempt_a_running_worker_claimed_first(project, receiver):
    receiver.answers = [(200, b"ok", 0.5)]
    webhook(project, receiver)
    delivery_id = send_test_event(Actor.cli(), Destination.get().id)
    [worker_claim] = claim("the-worker", FAST, delivery_id)
    worker = threading.Thread(target=attempt, args=(worker_claim, "the-worker", FAST))
    worker.start()
    outcome = deliver_now(delivery_id, FAST)
    worker.join()
    assert (outcome.delivered, outcome.status_code, outcome.attempt) == (True, 200, 1)
    assert len(receiver.requests) == 1 and Delivery.get_by_id(delivery_id).status == "delivered"


def test_it_redelivers_with_the_same_webhook_id(project, receiver):
    webhook(project, receiver)
    delivery_id = send_test_event(Actor.cli(), Destination.get().id)
    deliver_now(delivery_id, FAST)
    redeliver(Actor.cli(), delivery_id)
    deliver_all()
    requests = receiver.wait_for(2)
    assert [r.headers["webhook-id"] for r in requests] == [delivery_id, delivery_id]
    assert json.loads(requests[1].body)["type"] == "test"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook",
])
def test_it_refuses_destinations_on_private_addresses(project, url):
    with pytest.raises(Refused, match="SVIT_OUTBOUND_ALLOW_HOSTS") as refused:
        create_destination(Actor.cli(), project.id, "webhook", "internal", {"url": url}, None, Limits())
    assert refused.value.field == "url"


def test_it_allows_a_private_host_named_in_the_setting(project):
    allowed = Limits(allowed_hosts=frozenset({"10.1.2.3"}))
    destination, _ = create_destination(Actor.cli(), project.id, "slack", "on-prem", {"url": "http://10.1.2.3/hook"},
                                        None, allowed)
    assert destination.config == {"url": "http://10.1.2.3/hook"}


def test_it_erases_the_deliveries_that_carry_an_erased_person(project, receiver):
    from svit_appliance.operations.persons import erase_person

    webhook(project, receiver)
    ingest(project, {"name": "Ada Lovelace", "email": "ada@example.com"})
    ingest(project, {"name": "Bob Babbage", "email": "bob@example.org"})
    deliver_all()
    [ada] = [d.payload["data"]["person"]["id"] for d in Delivery.select()
             if d.payload["data"]["person"]["email"] == "ada@example.com"]
    assert erase_person(Actor.cli(), ada)["deliveriesDeleted"] == 1
    assert [d.payload["data"]["person"]["email"] for d in Delivery.select()] == ["bob@example.org"]
    assert DeliveryAttempt.select().count() == 1


def test_it_posts_a_short_slack_message_with_a_console_link(project, receiver):
    create_destination(Actor.cli(), project.id, "slack", "sales", {"url": receiver.url}, ["person.created"],
                       ALLOW_LOCAL)
    ingest(project, {"name": "Ada <Lovelace> & Co", "email": "ada@example.com"})
    deliver_all()
    [request] = receiver.wait_for(1)
    person_id = Delivery.get().payload["data"]["person"]["id"]
    assert json.loads(request.body) == {"text": "New lead: Ada &lt;Lovelace&gt; &amp; Co via zapier (WEBHOOK) "
                                                f"<https://crm.acme.example/console/persons/{person_id}|Open in svit>"}
    assert "webhook-signature" not in request.headers


def test_it_leaves_the_link_out_without_a_public_base_url(project, receiver):
    create_destination(Actor.cli(), project.id, "slack", "sales", {"url": receiver.url}, ["person.created"],
                       ALLOW_LOCAL)
    ingest(project, {"name": "Ada Lovelace"})
    deliver_all(DeliveryPolicy(FAST.retry_delays, ALLOW_LOCAL, ""))
    [request] = receiver.wait_for(1)
    assert json.loads(request.body) == {"text": "New lead: Ada Lovelace via zapier (WEBHOOK)"}


def test_it_delivers_over_https_checking_the_certificate(project, receiver, monkeypatch):
    import ssl

    import trustme

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    serve_tls(receiver, server_context)
    trusting = ssl.create_default_context()
    ca.configure_trust(trusting)
    https_url = receiver.url.replace("http://", "https://")
    _, secret = create_destination(Actor.cli(), project.id, "webhook", "tls", {"url": https_url}, None, ALLOW_LOCAL)
    monkeypatch.setattr("svit_appliance.destinations.outbound.ssl.create_default_context", lambda: trusting)
    outcome = deliver_now(send_test_event(Actor.cli(), Destination.get().id), FAST)
    assert (outcome.delivered, outcome.status_code) == (True, 200)
    Webhook(secret).verify(receiver.requests[0].body, receiver.requests[0].headers)
    monkeypatch.undo()  # the system's trust store does not know this CA: the certificate is refused
    refused = deliver_now(send_test_event(Actor.cli(), Destination.get().id), FAST)
    assert refused.delivered is False and "CERTIFICATE_VERIFY_FAILED" in refused.error


def test_it_writes_job_failed_when_the_sweeper_gives_up_on_a_job(project, receiver):
    from svit_appliance.pipeline.jobs import sweep

    webhook(project, receiver, ["job.failed"])
    integration = create_integration(Actor.cli(), project.id, "WEBHOOK", "zapier")
    job_id = add_job(integration, {"email": "a@example.com"}, status="processing", attempts=3,
                     lease_expires_at=utcnow() - timedelta(seconds=1))
    sweep(JobPolicy(max_attempts=3), 0)
    payload = Delivery.get().payload
    assert payload["data"]["job"] == {"id": job_id, "integrationId": integration.id, "attempts": 3,
                                      "error": "The worker stopped while processing, 3 times: gave up"}


def test_it_commits_a_person_and_its_deliveries_together_or_not_at_all(project, receiver):
    from svit_appliance.store.db import database
    from svit_appliance.store.models import IngestionJob, Person

    webhook(project, receiver)
    integration = create_integration(Actor.cli(), project.id, "WEBHOOK", "zapier")
    job_id = add_job(integration, {"email": "ada@example.com"})
    database.execute_sql("ALTER TABLE delivery RENAME TO delivery_away")  # the outbox write fails
    process_jobs([job_id], "worker", JobPolicy(max_attempts=3, backoff_seconds=0.001))
    assert IngestionJob.get_by_id(job_id).status == "queued"  # to be retried
    assert Person.select().count() == 0  # the person write went with the failed outbox write
    database.execute_sql("ALTER TABLE delivery_away RENAME TO delivery")
    IngestionJob.update(next_attempt_at=utcnow()).execute()
    process_jobs([job_id], "worker", JobPolicy(max_attempts=3))
    assert IngestionJob.get_by_id(job_id).status == "succeeded"
    assert Person.select().count() == 1 and Delivery.select().count() == 1


def test_it_sends_a_claimed_batch_at_the_same_time(project, receiver):
    from concurrent.futures import ThreadPoolExecutor

    webhook(project, receiver)
    for number in range(4):
        ingest(project, {"email": f"lead{number}@example.com"})
    receiver.hold = threading.Event()  # no answer until all four are in: they were sent together
    policy = DeliveryPolicy(FAST.retry_delays, ALLOW_LOCAL, "", concurrency=4)
    with ThreadPoolExecutor(4) as pool:
        delivering = threading.Thread(target=deliver_due, args=(policy, lambda: False, pool))
        delivering.start()
        requests = receiver.wait_for(4)
        assert {d.status for d in Delivery.select()} == {"sending"}
        receiver.hold.set()
        delivering.join()
    assert len({r.headers["webhook-id"] for r in requests}) == 4
    assert [(d.status, d.attempts) for d in Delivery.select()] == [("delivered", 1)] * 4
    assert DeliveryAttempt.select().where(DeliveryAttempt.status_code == 200).count() == 4


def test_a_lease_left_by_a_stopped_worker_is_claimed_again(project, receiver):
    webhook(project, receiver)
    ingest(project, {"email": "ada@example.com"})
    [stranded] = claim("a-worker-that-died", FAST)
    assert claim("another-worker", FAST) == []  # leased: not due
    Delivery.update(lease_expires_at=utcnow() - timedelta(seconds=1)).execute()
    [again] = claim("another-worker", FAST)
    assert (again.id, again.attempts, again.lease_owner) == (stranded.id, 2, "another-worker")


def test_a_batch_body_writes_one_delivery_per_person_with_its_own_data(project, receiver):
    webhook(project, receiver, ["person.created", "person.updated"])
    ingest(project, {"name": "Ada", "email": "ada@example.com"})
    ingest(project, [{"name": "Grace", "email": "grace@example.com"}, {"name": "Alan", "phone": "+44 20 7946 0958"},
                     {"email": "ada@example.com", "company": "Analytical Engines"}])
    payloads = [d.payload for d in Delivery.select().order_by(Delivery.created_at, Delivery.id)][1:]
    people = {(p["type"], p["data"]["person"]["name"], p["data"]["person"]["email"], p["data"]["person"]["phone"])
              for p in payloads}
    assert people == {("person.created", "Grace", "grace@example.com", None),
                      ("person.created", "Alan", None, "+442079460958"),
                      ("person.updated", "Ada", "ada@example.com", None)}
    [update] = [p for p in payloads if p["type"] == "person.updated"]
    assert update["data"]["changes"] == {"company": {"from": None, "to": "Analytical Engines"}}
    assert update["data"]["person"]["company"] == "Analytical Engines"
    assert {p["data"]["source"]["label"] for p in payloads} == {"zapier (WEBHOOK)"}
    assert all(p["data"]["person"]["createdAt"].endswith("Z") for p in payloads)

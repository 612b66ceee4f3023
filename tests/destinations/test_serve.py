"""Destinations through the real server: ingestion and the contact form flow out to a receiver
on 127.0.0.1, verified with standardwebhooks; kill -9 mid-delivery loses nothing."""
import json
import signal
import threading
import time

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.conftest import ServerProcess, provision, run_cli

ENV = {"SVIT_OUTBOUND_ALLOW_HOSTS": "127.0.0.1", "SVIT_DELIVERY_POLL_SECONDS": "0.1",
       "SVIT_DELIVERY_RETRY_DELAYS": "0.2,0.2,0.2,0.2", "SVIT_OUTBOUND_TIMEOUT_SECONDS": "2",
       "SVIT_PUBLIC_BASE_URL": "https://crm.acme.example", "SVIT_FORM_MIN_FILL_SECONDS": "0"}


@pytest.fixture
def setup(tmp_path, receiver, monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)  # the CLI checks the URL against the same allow list
    data_dir = tmp_path / "data"
    project, token, integrations = provision(data_dir)
    destination = run_cli(data_dir, "destination", "create", "--project", project["id"], "--kind", "webhook",
                          "--name", "crm", "--url", receiver.url, "--json")
    return data_dir, project, token, integrations, destination


def ingest(server, token, integration_id, payload):
    answer = httpx.post(f"{server.base_url}/api/v1/external/data-ingestion/{integration_id}", json=payload,
                        headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 202, answer.text


def test_it_delivers_ingested_and_form_leads_signed(setup, receiver):
    data_dir, project, token, integrations, destination = setup
    client_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--name", "site",
                           "--origin", "https://acme.example", "--require", "email", "--json")["token"]
    server = ServerProcess(data_dir, env=ENV).start()
    try:
        ingest(server, token, integrations["webhook"]["id"], {"name": "Ada Lovelace", "email": "ada@example.com"})
        receiver.wait_for(1)
        answer = httpx.post(f"{server.base_url}/api/v1/external/client/form", timeout=10,
                            json={"name": "Grace Hopper", "email": "grace@example.com", "message": "Call me",
                                  "pageUrl": "https://acme.example/contact"},
                            headers={"x-client-token": client_token, "Origin": "https://acme.example"})
        assert answer.status_code == 201, answer.text
        requests = receiver.wait_for(3)
    finally:
        server.stop()
    events = [Webhook(destination["signingSecret"]).verify(r.body, r.headers) for r in requests]
    assert events[0]["type"] == "person.created" and events[0]["data"]["person"]["name"] == "Ada Lovelace"
    # the form post's two deliveries are sent at the same time: either may arrive first
    by_type = {event["type"]: event for event in events[1:]}
    assert sorted(by_type) == ["form.submitted", "person.created"]
    assert by_type["person.created"]["data"]["source"]["label"] == "Contact form on acme.example"
    assert by_type["form.submitted"]["data"]["message"] == "Call me"
    person_id = by_type["form.submitted"]["data"]["person"]["id"]
    assert by_type["person.created"]["data"]["person"]["id"] == person_id
    assert by_type["form.submitted"]["data"]["consoleUrl"] == f"https://crm.acme.example/console/persons/{person_id}"


def test_it_retries_a_failing_receiver_and_logs_four_attempts(setup, receiver):
    data_dir, project, token, integrations, destination = setup
    receiver.answers = [(500, b"down", 0), (500, b"down", 0), (503, b"busy", 0), (200, b"ok", 0)]
    server = ServerProcess(data_dir, env=ENV).start()
    try:
        ingest(server, token, integrations["webhook"]["id"], {"email": "grace@example.com"})
        requests = receiver.wait_for(4)
        shown = wait_for_status(data_dir, destination["id"], "delivered")
    finally:
        server.stop()
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    for request in requests:
        Webhook(destination["signingSecret"]).verify(request.body, request.headers)
    [delivery] = shown["deliveries"]
    assert delivery["id"] == requests[0].headers["webhook-id"]
    assert [(a["attempt"], a["statusCode"]) for a in delivery["log"]] == [(1, 500), (2, 500), (3, 503), (4, 200)]


def wait_for_status(data_dir, destination_id, status, timeout=20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        shown = run_cli(data_dir, "destination", "show", destination_id, "--json")
        if shown["deliveries"] and all(d["status"] == status for d in shown["deliveries"]):
            return shown
        assert time.monotonic() < deadline, json.dumps(shown)
        time.sleep(0.1)


def test_it_delivers_after_kill_9_during_delivery(setup, receiver):
    data_dir, project, token, integrations, destination = setup
    receiver.hold = threading.Event()  # the receiver does not answer until released
    server = ServerProcess(data_dir, env=ENV).start()
    ingest(server, token, integrations["webhook"]["id"], {"email": "ada@example.com"})
    receiver.wait_for(1)
    server.stop(signal.SIGKILL)
    receiver.hold.set()
    receiver.hold = None
    restarted = ServerProcess(data_dir, env=ENV).start()
    try:
        requests = receiver.wait_for(2, timeout=30)
        wait_for_status(data_dir, destination["id"], "delivered", timeout=30)
    finally:
        restarted.stop()
    assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
    Webhook(destination["signingSecret"]).verify(requests[1].body, requests[1].headers)

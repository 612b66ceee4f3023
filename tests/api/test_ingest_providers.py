"""Ingestion for the providers added with the vocabulary: HubSpot signs the URL it called (the
route hands the request line to the check), and a Facebook leadgen notification, which names
no one by design, becomes a succeeded job without persons instead of a failure."""
import base64
import hashlib
import hmac
import json
import time

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import assert_problem, finished_job, ingest_url

SECRET = "hubspot-client-secret"
EVENTS = json.dumps([{"objectId": 901, "subscriptionType": "contact.creation", "eventId": 1}]).encode()
LEADGEN = json.dumps({"object": "page", "entry": [{"id": "1", "time": 1, "changes": [
    {"field": "leadgen", "value": {"leadgen_id": "4444", "form_id": "5555", "page_id": "1"}}]}]}).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("providers") / "data"
    project, token, _ = provision(data_dir)
    created = {}
    for type_name in ("HUBSPOT", "FACEBOOK_LEAD_ADS"):
        created[type_name] = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type",
                                     type_name, "--name", type_name.lower(), "--json")["id"]
    run_cli(data_dir, "integration", "configure", created["HUBSPOT"], "--signing-secret", SECRET, "--json")
    # the test client is the trusted proxy: HubSpot's signed URL is the public https one
    process = ServerProcess(data_dir, env={"SVIT_TRUSTED_PROXIES": "127.0.0.1/32"}).start()
    yield process, token, created
    process.stop()


def hubspot_headers(url: str, body: bytes, secret: str = SECRET) -> dict:
    timestamp = str(int(time.time() * 1000))
    digest = hmac.new(secret.encode(), b"POST" + url.encode() + body + timestamp.encode(), hashlib.sha256).digest()
    return {"X-HubSpot-Signature-v3": base64.b64encode(digest).decode(), "X-HubSpot-Request-Timestamp": timestamp,
            "Content-Type": "application/json"}


def test_it_accepts_a_hubspot_v3_signature_over_the_url_it_was_sent_to(server):
    process, token, created = server
    url = process.base_url + ingest_url(created["HUBSPOT"])
    response = httpx.post(url, content=EVENTS, headers=hubspot_headers(url, EVENTS))
    assert response.status_code == 202, response.text
    with httpx.Client(base_url=process.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert finished_job(client, response.json()["jobId"])["status"] == "succeeded"


def test_it_refuses_a_hubspot_signature_made_for_another_url(server):
    process, _, created = server
    url = process.base_url + ingest_url(created["HUBSPOT"])
    response = httpx.post(url, content=EVENTS, headers=hubspot_headers(url + "?other=1", EVENTS))
    assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token",
                   "X-HubSpot-Signature-v3 does not match the integration's signing secret")


def test_it_records_a_leadgen_notification_as_a_succeeded_job_without_persons(server):
    process, token, created = server
    with httpx.Client(base_url=process.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        response = client.post(ingest_url(created["FACEBOOK_LEAD_ADS"]), content=LEADGEN,
                               headers={"Content-Type": "application/json"})
        assert response.status_code == 202, response.text
        job = finished_job(client, response.json()["jobId"])
    assert (job["status"], job["error"], job["personIds"], job["attempts"]) == ("succeeded", None, [], 1)
    assert "fetch lead 4444 from the Graph API" in job["warning"]


def test_it_checks_a_hubspot_signature_against_the_public_url_behind_a_trusted_proxy(server):
    process, _, created = server
    url = process.base_url + ingest_url(created["HUBSPOT"])
    public = url.replace("http://", "https://")
    headers = {**hubspot_headers(public, EVENTS), "X-Forwarded-Proto": "https"}
    assert httpx.post(url, content=EVENTS, headers=headers).status_code == 202
    signed_for_inner = {**hubspot_headers(url, EVENTS), "X-Forwarded-Proto": "https"}
    assert httpx.post(url, content=EVENTS, headers=signed_for_inner).status_code == 401

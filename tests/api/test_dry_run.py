"""``POST .../data-ingestion/{integrationId}?dryRun=true`` over HTTP: every check of a real request
runs, the answer says what the job would write (new person or which one it updates, with the
changes), and nothing is written."""
import sqlite3
import time

import httpx
import pytest
from openapi_spec_validator import validate

from svit_appliance.pipeline.jobs import NO_PERSON_WARNING as NO_PERSON
from tests.conftest import ServerProcess, provision, run_cli
from tests.openapi import assert_matches_document, operation_for
from tests.processors.provider_bodies import delivery, payload_error, sign
from tests.wire import assert_problem, finished_job, ingest_url

SECRET = "whsec_dry_run_secret"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("dryrun") / "data"
    project, token, integrations = provision(data_dir)
    for type_name in ("TYPEFORM", "STRIPE"):
        integrations[type_name] = run_cli(data_dir, "integration", "create", "--project", project["id"],
                                          "--type", type_name, "--name", type_name.lower(), "--json")
    run_cli(data_dir, "integration", "configure", integrations["STRIPE"]["id"], "--signing-secret", SECRET, "--json")
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, timeout=10, headers={"Authorization": f"Bearer {token}"}) as client:
        yield data_dir, client, integrations
    server.stop()


def dry_run(client, integration_id: str, body, **kwargs):
    return client.post(ingest_url(integration_id), params={"dryRun": "true"}, json=body, **kwargs)


def stored_rows(data_dir) -> dict:
    """Every row of every table (server tokens without their last-used time, which any call records)."""
    with sqlite3.connect(data_dir / "svit.db") as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}"))) for table in tables
                if table != "server_token"}
        rows["server_token"] = sorted(connection.execute("SELECT id, project_id, prefix, revoked_at FROM server_token"))
    return rows


def ingest(client, integration_id: str, body) -> dict:
    response = client.post(ingest_url(integration_id), json=body)
    assert response.status_code == 202, response.text
    job = finished_job(client, response.json()["jobId"])
    assert job["status"] == "succeeded", job
    return job


def test_it_answers_the_persons_a_body_would_become_and_writes_nothing(served):
    data_dir, client, integrations = served
    before = stored_rows(data_dir)
    response = dry_run(client, integrations["webhook"]["id"],
                       {"name": "Ada Lovelace", "email": "Ada@Example.com", "phone": "+44 20 7946 0958"})
    assert response.status_code == 200, response.text
    assert response.json() == {"dryRun": True, "warning": None, "persons": [{
        "fields": {"name": "Ada Lovelace", "email": "ada@example.com", "emailTyped": "Ada@Example.com",
                   "phone": "+442079460958", "phoneTyped": "+44 20 7946 0958"},
        "decision": "new", "personId": None, "changes": {}}]}
    time.sleep(0.3)  # a write would have been committed by now: the group-commit writer batches within ms
    assert stored_rows(data_dir) == before


def test_it_names_the_person_a_body_would_update_and_what_changes(served):
    data_dir, client, integrations = served
    job = ingest(client, integrations["webhook"]["id"], {"name": "Grace Hopper", "email": "grace@example.com"})
    before = stored_rows(data_dir)
    response = dry_run(client, integrations["webhook"]["id"],
                       {"name": "Grace B. Hopper", "email": "grace@example.com", "phone": "+1 212 555 0123"})
    assert response.status_code == 200, response.text
    [person] = response.json()["persons"]
    assert (person["decision"], person["personId"]) == ("update", job["personIds"][0])
    assert person["changes"] == {"name": {"from": "Grace Hopper", "to": "Grace B. Hopper"},
                                 "phone": {"from": None, "to": "+12125550123"},
                                 "phoneTyped": {"from": None, "to": "+1 212 555 0123"}}
    assert stored_rows(data_dir) == before


def test_it_counts_a_person_named_twice_in_one_body_as_one_new_person_then_an_update(served):
    _, client, integrations = served
    response = dry_run(client, integrations["webhook"]["id"],
                       [{"email": "twice@example.com"}, {"email": "twice@example.com", "name": "Twice"}])
    first, second = response.json()["persons"]
    assert (first["decision"], second["decision"], second["personId"]) == ("new", "update", None)
    assert second["changes"] == {"name": {"from": None, "to": "Twice"}}


def test_it_warns_when_the_body_holds_no_person(served):
    _, client, integrations = served
    response = dry_run(client, integrations["webhook"]["id"], {"order": 17, "total": "9.99"})
    assert response.json() == {"dryRun": True, "persons": [], "warning": NO_PERSON}


def test_it_warns_that_the_job_would_fail_when_the_processor_cannot_read_the_body(served):
    data_dir, client, integrations = served
    before = stored_rows(data_dir)
    response = dry_run(client, integrations["TYPEFORM"]["id"], {"unexpected": True})
    assert response.status_code == 200, response.text
    assert response.json() == {"dryRun": True, "persons": [],
                               "warning": "the job would fail: " + payload_error("TYPEFORM", {"unexpected": True})}
    assert stored_rows(data_dir) == before


def test_it_checks_a_provider_signature_like_a_real_request(served):
    _, client, integrations = served
    stripe = delivery("STRIPE")
    url = client.base_url.join(ingest_url(integrations["STRIPE"]["id"]))
    headers = {"Content-Type": "application/json"}
    signed = httpx.post(url, params={"dryRun": "true"}, content=stripe.body,
                        headers={**headers, **sign("STRIPE", SECRET, stripe.body, time.time())})
    assert signed.status_code == 200, signed.text
    assert [p["decision"] for p in signed.json()["persons"]] == ["new"] * len(stripe.expected)
    wrong = httpx.post(url, params={"dryRun": "true"}, content=stripe.body,
                       headers={**headers, **sign("STRIPE", "not the secret", stripe.body, time.time())})
    assert_problem(wrong, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token",
                   "Stripe-Signature does not match the integration's signing secret")


@pytest.mark.parametrize("case", [
    ("webhook", {"dryRun": "maybe"}, b'{"email": "a@example.com"}', 400, "INVALID_REQUEST",
     "dryRun must be true or false, not 'maybe'"),
    ("webhook", {"dryRun": "true"}, b'{"email": ', 400, "INVALID_REQUEST", None),
    ("other", {"dryRun": "true"}, b'{"email": "a@example.com"}', 400, "INTEGRATION_TYPE_NOT_SUPPORTED", None),
    ("disabled", {"dryRun": "true"}, b'{"email": "a@example.com"}', 409, "INTEGRATION_DISABLED", None),
], ids=["bad-flag", "bad-json", "no-processor", "disabled"])
def test_it_refuses_what_a_real_request_would_be_refused_for(served, case):
    data_dir, client, integrations = served
    key, params, body, status, code, detail = case
    before = stored_rows(data_dir)
    response = client.post(ingest_url(integrations[key]["id"]), params=params, content=body,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    if detail:
        assert response.json()["detail"] == detail
    assert stored_rows(data_dir) == before


def test_it_needs_the_server_token(served):
    _, client, integrations = served
    response = httpx.post(client.base_url.join(ingest_url(integrations["webhook"]["id"])), params={"dryRun": "true"},
                          json={"email": "a@example.com"})
    assert response.status_code == 401


def test_it_answers_as_the_openapi_document_says(served):
    _, client, integrations = served
    document = client.get("/api/openapi.json").json()
    validate(document)
    assert [p["name"] for p in operation_for(document, "POST", ingest_url("int_x"))["parameters"]
            if p["in"] == "query"] == ["dryRun"]
    for body in ({"name": "Ada", "email": "ada@example.com"}, {"nobody": True}):
        assert_matches_document(document, dry_run(client, integrations["webhook"]["id"], body))

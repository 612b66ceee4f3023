"""The OpenAPI document is valid and true: live responses of every route match it."""
from openapi_spec_validator import validate

from tests.openapi import assert_matches_document
from tests.wire import ingest_url


def test_it_serves_a_valid_openapi_document(appliance):
    document = appliance.client.get("/api/openapi.json").json()
    validate(document)
    assert {"serverToken", "clientToken"} <= set(document["components"]["securitySchemes"])
    for path in ("/api/v1/external/ping", "/api/v1/external/data-ingestion/{integrationId}",
                 "/api/v1/external/data-ingestion/jobs/{jobId}", "/api/v1/external/client/form",
                 "/embed/form.js", "/healthz", "/readyz", "/api/openapi.json", "/metrics"):
        assert path in document["paths"]


def test_it_answers_every_route_as_the_document_says(appliance):
    client, auth = appliance.client, appliance.auth()
    document = client.get("/api/openapi.json").json()
    webhook = appliance.integrations["webhook"]["id"]
    accepted = client.post(ingest_url(webhook), headers=auth, json={"email": "a@example.com"})
    responses = [
        client.get("/api/openapi.json"),
        client.get("/api/docs"),
        client.get("/healthz"),
        client.get("/readyz"),
        client.get("/metrics"),
        client.get("/api/v1/external/ping", headers=auth),
        client.get("/api/v1/external/ping"),
        accepted,
        client.post(ingest_url(webhook), headers=auth, content=b"{", ),
        client.post(ingest_url("int_missing"), headers=auth, json={}),
        client.post(ingest_url(appliance.integrations["other"]["id"]), headers=auth, json={}),
        client.post(ingest_url(appliance.integrations["disabled"]["id"]), headers=auth, json={}),
        client.post(ingest_url(webhook), headers={**auth, "Content-Type": "text/csv"}, content=b"a,b"),
        client.post(ingest_url(webhook), headers=auth, content=b"[" + b"0," * 600_000 + b"0]"),
        client.get(f"/api/v1/external/data-ingestion/jobs/{accepted.json()['jobId']}", headers=auth),
        client.get("/api/v1/external/data-ingestion/jobs/job_missing", headers=auth),
        *form_responses(appliance),
    ]
    assert {r.status_code for r in responses} >= {200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 415, 429}
    for response in responses:
        assert_matches_document(document, response)


def form_responses(appliance) -> list:
    project_id = appliance.project["id"]
    token = appliance.cli("client-token", "create", "--project", project_id, "--origin", "https://page.example",
                          "--json")
    appliance.cli("client-token", "configure", token["id"], "--rate-limit", "3/minute", "--json")
    form, client = "/api/v1/external/client/form", appliance.client
    headers = {"x-client-token": token["token"], "Origin": "https://page.example"}
    person = {"email": "form@example.com", "phone": "+1 202 555 0143"}
    return [
        client.post(form, headers=headers, json=person),
        client.post(form, headers=headers, json={**person, "name": "Again"}),
        client.post(form, headers=headers, json={"name": "No phone"}),
        client.post(form, headers=headers, json=person),
        client.post(form, headers={**headers, "x-client-token": "svit_ct_nope"}, json=person),
        client.post(form, headers={**headers, "Origin": "https://other.example"}, json=person),
        client.options(form, headers={"Origin": "https://page.example", "Access-Control-Request-Method": "POST"}),
        client.options(form, headers={"Origin": "https://other.example", "Access-Control-Request-Method": "POST"}),
        client.get("/embed/form.js"),
    ]

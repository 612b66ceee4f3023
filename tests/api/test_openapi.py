"""The OpenAPI document is valid and true: live responses of every route match it."""
import re

from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from .test_contract import ingest_url


def operation_for(document: dict, method: str, path: str) -> dict:
    for template, operations in document["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def assert_matches_document(document: dict, response) -> None:
    request = response.request
    operation = operation_for(document, request.method, request.url.path)
    declared = operation["responses"].get(str(response.status_code))
    assert declared, f"{request.method} {request.url.path} answered {response.status_code}, not documented"
    content_type = response.headers["content-type"].split(";")[0]
    schema = declared["content"][content_type]["schema"]
    OAS31Validator({**schema, "components": document["components"]}).validate(response.json())


def test_it_serves_a_valid_openapi_document(appliance):
    document = appliance.client.get("/api/openapi.json").json()
    validate(document)
    assert {"serverToken", "clientToken"} <= set(document["components"]["securitySchemes"])
    for path in ("/api/v1/external/ping", "/api/v1/external/data-ingestion/{integrationId}",
                 "/api/v1/external/data-ingestion/jobs/{jobId}", "/api/v1/external/client/form",
                 "/healthz", "/readyz", "/api/openapi.json"):
        assert path in document["paths"]


def test_it_answers_every_route_as_the_document_says(appliance):
    client, auth = appliance.client, appliance.auth()
    document = client.get("/api/openapi.json").json()
    webhook = appliance.integrations["webhook"]["id"]
    accepted = client.post(ingest_url(webhook), headers=auth, json={"email": "a@example.com"})
    responses = [
        client.get("/api/openapi.json"),
        client.get("/healthz"),
        client.get("/readyz"),
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
    ]
    assert {r.status_code for r in responses} >= {200, 202, 400, 401, 404, 409, 413, 415}
    for response in responses:
        assert_matches_document(document, response)

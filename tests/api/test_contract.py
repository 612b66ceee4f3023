"""The external API contract (API.md), table-driven against the real server over HTTP."""
import json

import pytest

from tests.wire import JSON_HEADERS, assert_problem, ingest_url


def test_it_answers_ping_with_pong(appliance):
    response = appliance.client.get("/api/v1/external/ping", headers=appliance.auth())
    assert response.status_code == 200
    assert response.json() == {"status": "OK", "message": "Pong"}


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer svit_pat_nope"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer svit_pat_" + "x" * 40},
])
def test_it_rejects_missing_or_unknown_server_tokens(appliance, headers):
    for path, method in (("/api/v1/external/ping", "GET"), (ingest_url(appliance.integrations["webhook"]["id"]), "POST"),
                         ("/api/v1/external/data-ingestion/jobs/job_x", "GET")):
        response = appliance.client.request(method, path, headers={**headers, **JSON_HEADERS}, content=b"{}")
        assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token")


def test_it_accepts_the_bearer_word_and_header_name_in_any_case(appliance):
    response = appliance.client.get("/api/v1/external/ping", headers={"AUTHORIZATION": f"bEaReR {appliance.token}"})
    assert response.status_code == 200


def test_it_rejects_revoked_and_expired_tokens_like_unknown_ones(appliance):
    project_id = appliance.project["id"]
    revoked = appliance.cli("token", "create", "--project", project_id, "--name", "old", "--json")
    assert appliance.client.get("/api/v1/external/ping", headers=appliance.auth(revoked["token"])).status_code == 200
    appliance.cli("token", "revoke", revoked["id"], "--json")
    response = appliance.client.get("/api/v1/external/ping", headers=appliance.auth(revoked["token"]))
    assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token",
                   "Server token is invalid, revoked or expired")


def test_it_accepts_an_ingestion_with_202_and_a_job_id(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]), headers=appliance.auth(),
                                     json={"name": "Ada Lovelace", "email": "ada@example.com"})
    assert response.status_code == 202
    body = response.json()
    assert body["message"] == "Ingestion job accepted"
    assert body["jobId"].startswith("job_")


def test_it_shows_an_accepted_job(appliance):
    integration_id = appliance.integrations["webhook"]["id"]
    job_id = appliance.client.post(ingest_url(integration_id), headers=appliance.auth(), json={"a": 1}).json()["jobId"]
    response = appliance.client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}", headers=appliance.auth())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"jobId", "integrationId", "status", "attempts", "receivedAt", "processedAt", "personIds", "error",
                         "warning"}
    assert body["jobId"] == job_id and body["integrationId"] == integration_id
    assert body["status"] in ("queued", "processing", "succeeded", "failed")
    assert body["receivedAt"].endswith("Z")


def test_it_matches_the_reference_page_for_an_unknown_integration(appliance):
    response = appliance.client.post(ingest_url("integration-id"), headers=appliance.auth(), json={})
    assert_problem(response, 404, "INTEGRATION_NOT_FOUND", "Integration Not Found", "not-found/integration",
                   "Integration with ID integration-id not found")


def test_it_matches_the_reference_page_for_an_unsupported_type(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["other"]["id"]), headers=appliance.auth(), json={})
    assert_problem(response, 400, "INTEGRATION_TYPE_NOT_SUPPORTED", "Integration Type Not Supported",
                   "validation/integration-type-not-supported", "Integration type 'OTHER' is not supported")


def test_it_refuses_a_disabled_integration(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["disabled"]["id"]), headers=appliance.auth(), json={})
    assert_problem(response, 409, "INTEGRATION_DISABLED", "Integration Disabled", "conflict/integration-disabled")


def test_it_never_reveals_another_projects_integration_or_job(appliance):
    other = appliance.cli("project", "create", "Other", "--json")
    other_token = appliance.cli("token", "create", "--project", other["id"], "--name", "x", "--json")["token"]
    integration_id = appliance.integrations["webhook"]["id"]
    response = appliance.client.post(ingest_url(integration_id), headers=appliance.auth(other_token), json={})
    assert_problem(response, 404, "INTEGRATION_NOT_FOUND", "Integration Not Found", "not-found/integration",
                   f"Integration with ID {integration_id} not found")
    job_id = appliance.client.post(ingest_url(integration_id), headers=appliance.auth(), json={}).json()["jobId"]
    response = appliance.client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}", headers=appliance.auth(other_token))
    assert_problem(response, 404, "JOB_NOT_FOUND", "Job Not Found", "not-found/job", f"Job with ID {job_id} not found")


def test_it_answers_404_for_an_unknown_job(appliance):
    response = appliance.client.get("/api/v1/external/data-ingestion/jobs/job_nope", headers=appliance.auth())
    assert_problem(response, 404, "JOB_NOT_FOUND", "Job Not Found", "not-found/job", "Job with ID job_nope not found")


DEEP = b"[" * 100 + b"]" * 100
VERY_DEEP = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize("body, content_type, fragment", [
    (b"", "application/json", "empty"),
    (b"   ", "application/json", "empty"),
    (b"{", "application/json", "not valid JSON"),
    (b"{'a': 1}", "application/json", "not valid JSON"),
    (b'{"a": "\xff\xfe"}', "application/json", "not valid UTF-8"),
    (b'{"a": "\\ud800"}', "application/json", "lone surrogate"),
    (b'{"\\udfff": 1}', "application/json", "lone surrogate"),
    (b'{"a": 1, "a": 2}', "application/json", "duplicate key 'a'"),
    (b'{"a": NaN}', "application/json", "NaN"),
    (b'{"a": Infinity}', "application/json", "Infinity"),
    (b'{"a": -Infinity}', "application/json", "-Infinity"),
    (b'{"a": 1e999}', "application/json", "out of range"),
    (DEEP, "application/json", "nesting deeper than 64"),
    (VERY_DEEP, "application/json", "nesting deeper than 64"),
    (b'{"a": ' + b"9" * 5000 + b"}", "application/json", "not valid JSON"),
    (b"%ZZ=\xff", "application/x-www-form-urlencoded", "not valid UTF-8"),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x", "Multipart body could not be read"),
])
def test_it_rejects_bad_bodies_with_a_helpful_400(appliance, body, content_type, fragment):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]),
                                     headers={**appliance.auth(), "Content-Type": content_type}, content=body)
    problem = assert_problem(response, 400, "INVALID_REQUEST", "Validation Failed", "validation/invalid-request")
    assert fragment in problem["detail"]


def test_it_rejects_a_body_over_the_limit_with_413(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]),
                                     headers={**appliance.auth(), **JSON_HEADERS},
                                     content=b'{"a":"' + b"x" * (1024 * 1024) + b'"}')
    assert_problem(response, 413, "PAYLOAD_TOO_LARGE", "Payload Too Large", "validation/payload-too-large",
                   "Request body exceeds the limit of 1048576 bytes")


def test_it_rejects_an_unsupported_media_type_with_415(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]),
                                     headers={**appliance.auth(), "Content-Type": "application/xml"}, content=b"<a/>")
    assert_problem(response, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type",
                   "validation/unsupported-media-type")


def stored_body(appliance, job_id: str) -> dict:
    import sqlite3

    with sqlite3.connect(appliance.data_dir / "svit.db") as connection:
        (body,) = connection.execute("SELECT body FROM ingestion_job WHERE id = ?", (job_id,)).fetchone()
    return json.loads(body)


def test_it_stores_a_form_encoded_body_as_an_object_of_its_fields(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]), headers=appliance.auth(),
                                     data={"Name": "Zoë", "Email": "zoe@example.com", "tag": ["a", "b"]})
    assert response.status_code == 202
    assert stored_body(appliance, response.json()["jobId"]) == {"Name": "Zoë", "Email": "zoe@example.com", "tag": ["a", "b"]}


def test_it_stores_a_multipart_body_as_an_object_of_its_fields(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]), headers=appliance.auth(),
                                     data={"name": "Иван", "phone": "+380 50 123 4567"},
                                     files={"cv": ("cv.txt", b"hello", "text/plain")})
    assert response.status_code == 202
    assert stored_body(appliance, response.json()["jobId"]) == {
        "name": "Иван", "phone": "+380 50 123 4567",
        "cv": {"filename": "cv.txt", "contentType": "text/plain", "size": 5}}


@pytest.mark.parametrize("value", ["a string", 42, [1, 2], None, True])
def test_it_accepts_any_json_value(appliance, value):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]),
                                     headers={**appliance.auth(), **JSON_HEADERS}, content=json.dumps(value))
    assert response.status_code == 202


def test_it_returns_the_first_job_for_a_repeated_idempotency_key(appliance):
    url = ingest_url(appliance.integrations["webhook"]["id"])
    headers = {**appliance.auth(), "Idempotency-Key": "order-1234"}
    first = appliance.client.post(url, headers=headers, json={"n": 1}).json()
    again = appliance.client.post(url, headers=headers, json={"n": 2}).json()
    other = appliance.client.post(url, headers={**appliance.auth(), "Idempotency-Key": "order-5678"}, json={"n": 3}).json()
    assert again["jobId"] == first["jobId"]
    assert other["jobId"] != first["jobId"]
    assert stored_body(appliance, first["jobId"]) == {"n": 1}


def test_it_answers_unknown_routes_and_methods_with_problems(appliance):
    assert_problem(appliance.client.get("/nowhere"), 404, "NOT_FOUND", "Not Found", "not-found/route",
                   "No route for GET /nowhere")
    response = appliance.client.delete("/api/v1/external/ping")
    assert_problem(response, 405, "METHOD_NOT_ALLOWED", "Method Not Allowed", "validation/method-not-allowed",
                   "Method DELETE is not allowed for /api/v1/external/ping")


def test_it_gives_every_response_a_request_id(appliance):
    for response in (appliance.client.get("/healthz"), appliance.client.get("/nowhere"),
                     appliance.client.get("/api/v1/external/ping", headers=appliance.auth())):
        assert len(response.headers["x-request-id"]) >= 16
    echoed = appliance.client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert echoed.headers["x-request-id"] == "trace-42"
    replaced = appliance.client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert replaced.headers["x-request-id"] != "bad id\twith spaces"


def test_it_logs_one_line_per_request_without_tokens(appliance):
    appliance.client.get("/api/v1/external/ping", headers={**appliance.auth(), "X-Request-ID": "log-check-1"})
    lines = [line for line in appliance.server.log().splitlines() if "log-check-1" in line]
    assert len(lines) == 1
    assert "GET /api/v1/external/ping 200" in lines[0]
    assert appliance.token not in appliance.server.log()


def test_it_reports_health_and_readiness(appliance):
    assert appliance.client.get("/healthz").json() == {"status": "ok"}
    ready = appliance.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_it_writes_every_answer_in_one_compact_json_style(appliance):
    compact = lambda response: json.dumps(response.json(), ensure_ascii=False, separators=(",", ":"))
    success = appliance.client.get("/api/v1/external/ping", headers=appliance.auth())
    problem = appliance.client.get("/api/v1/external/ping")
    assert success.text == compact(success) and problem.text == compact(problem)

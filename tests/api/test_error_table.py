"""Every row of API.md's error table on every route that can answer it, and every success body,
to the letter: one table of cases against one real server.

The cases are checked against two other tables so that neither can drift unnoticed: every code of
``http.errors.PROBLEMS`` must have a case, and every error code the OpenAPI document lists for an
operation must have a case on that operation.
"""
import re
import sqlite3
from dataclasses import dataclass

import httpx
import pytest

from svit_appliance.http.errors import PROBLEMS
from svit_appliance.http.openapi import PATHS
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import assert_current_timestamp, finished_job

BASE = "/api/v1/external"
SITE = "https://acme.example"
PROBLEM_TYPE = "application/problem+json"
# API.md's table, written out again (not imported) so that a changed title or type fails here.
TABLE = {
    "INVALID_REQUEST": (400, "validation/invalid-request", "Validation Failed"),
    "INTEGRATION_TYPE_NOT_SUPPORTED": (400, "validation/integration-type-not-supported",
                                       "Integration Type Not Supported"),
    "INVALID_SERVER_TOKEN": (401, "auth/invalid-server-token", "Invalid Server Token"),
    "INVALID_CLIENT_TOKEN": (401, "external-client/invalid-token", "Invalid Client Token"),
    "INVALID_CLIENT_ORIGIN": (403, "external-client/invalid-origin", "Origin Not Allowed"),
    "INTEGRATION_NOT_FOUND": (404, "not-found/integration", "Integration Not Found"),
    "JOB_NOT_FOUND": (404, "not-found/job", "Job Not Found"),
    "NOT_FOUND": (404, "not-found/route", "Not Found"),
    "METHOD_NOT_ALLOWED": (405, "validation/method-not-allowed", "Method Not Allowed"),
    "INTEGRATION_DISABLED": (409, "conflict/integration-disabled", "Integration Disabled"),
    "PAYLOAD_TOO_LARGE": (413, "validation/payload-too-large", "Payload Too Large"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "validation/unsupported-media-type", "Unsupported Media Type"),
    "RATE_LIMITED": (429, "rate-limit/too-many-requests", "Too Many Requests"),
    "INTERNAL_SERVER_ERROR": (500, "internal/server-error", "Internal Server Error"),
    "SERVICE_UNAVAILABLE": (503, "internal/service-unavailable", "Service Unavailable"),
}
MISSING_AUTH = "Missing Authorization header: send 'Authorization: Bearer <server token>'"
BAD_SERVER_TOKEN = "Server token is invalid, revoked or expired"
BAD_CLIENT_TOKEN = "The provided client token is invalid"
UNKNOWN_SERVER_TOKEN = "svit_pat_" + "x" * 40
METRICS_TOKEN = "metrics-" + "m" * 32
METRICS_REFUSED = "GET /metrics needs Authorization: Bearer <SVIT_METRICS_TOKEN>"
UNKNOWN_CLIENT_TOKEN = "svit_ct_" + "x" * 32
HUGE = b'{"a":"' + b"x" * (1024 * 1024) + b'"}'
TOO_BIG = "Request body exceeds the limit of 1048576 bytes"
FORM_TOO_BIG = "Request body exceeds the limit of 65536 bytes"  # SVIT_FORM_MAX_BODY_BYTES
XML_REFUSED = ("Content-Type 'application/xml' is not supported: send application/json, "
               "application/x-www-form-urlencoded or multipart/form-data")


@dataclass
class Wire:
    server: ServerProcess
    token: str
    integrations: dict
    client_tokens: dict
    client: httpx.Client

    def path(self, template: str) -> str:
        ids = {"webhook": self.integrations["webhook"]["id"], "other": self.integrations["other"]["id"],
               "disabled": self.integrations["disabled"]["id"]}
        return template.format(**ids)

    def headers(self, auth: str | None, extra: dict) -> dict:
        sent = dict(extra)
        if auth == "server":
            sent["Authorization"] = f"Bearer {self.token}"
        elif auth in self.client_tokens:
            sent["x-client-token"] = self.client_tokens[auth]["token"]
        return sent


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("wire") / "data"
    project, token, integrations = provision(data_dir)
    client_tokens = {name: run_cli(data_dir, "client-token", "create", "--project", project["id"], "--name", name,
                                   "--origin", SITE, "--json") for name in ("form", "limited")}
    run_cli(data_dir, "client-token", "configure", client_tokens["limited"]["id"], "--rate-limit", "1/minute", "--json")
    server = ServerProcess(data_dir, env={"SVIT_FORM_IP_RATE_LIMIT": "off", "SVIT_METRICS_TOKEN": METRICS_TOKEN}).start()
    with httpx.Client(base_url=server.base_url, timeout=20) as client:
        yield Wire(server, token, integrations, client_tokens, client)
    server.stop()


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    route: str  # the OpenAPI path, or a concrete path outside the document
    path: str
    auth: str | None  # "server", a client token's name, or None
    code: str
    detail: str
    headers: tuple = ()
    body: bytes | None = None
    hint: str | None = None
    errors: tuple | None = None


PING, INGEST, JOB, FORM = (BASE + "/ping", BASE + "/data-ingestion/{integrationId}",
                           BASE + "/data-ingestion/jobs/{jobId}", BASE + "/client/form")
JSON = (("Content-Type", "application/json"),)
FROM_SITE = (("Origin", SITE),)

CASES = [
    Case("ping without a token", "GET", PING, PING, None, "INVALID_SERVER_TOKEN", MISSING_AUTH),
    Case("ping with an unknown token", "GET", PING, PING, None, "INVALID_SERVER_TOKEN", BAD_SERVER_TOKEN,
         headers=(("Authorization", f"Bearer {UNKNOWN_SERVER_TOKEN}"),)),
    Case("ping with DELETE", "DELETE", PING, PING, "server", "METHOD_NOT_ALLOWED",
         f"Method DELETE is not allowed for {PING}"),

    Case("ingest without a token", "POST", INGEST, BASE + "/data-ingestion/{webhook}", None,
         "INVALID_SERVER_TOKEN", MISSING_AUTH, JSON, b"{}"),
    Case("ingest with an unknown token", "POST", INGEST, BASE + "/data-ingestion/{webhook}", None,
         "INVALID_SERVER_TOKEN", BAD_SERVER_TOKEN, (("Authorization", "Bearer " + UNKNOWN_SERVER_TOKEN), *JSON), b"{}"),
    Case("ingest into an unknown integration", "POST", INGEST, BASE + "/data-ingestion/integration-id", "server",
         "INTEGRATION_NOT_FOUND", "Integration with ID integration-id not found", JSON, b"{}"),
    Case("ingest into an OTHER integration", "POST", INGEST, BASE + "/data-ingestion/{other}", "server",
         "INTEGRATION_TYPE_NOT_SUPPORTED", "Integration type 'OTHER' is not supported", JSON, b"{}"),
    Case("ingest into a disabled integration", "POST", INGEST, BASE + "/data-ingestion/{disabled}", "server",
         "INTEGRATION_DISABLED", "Integration with ID {disabled} is disabled: enable it to accept data", JSON, b"{}"),
    Case("ingest an empty body", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "INVALID_REQUEST", "Request body is empty: send a JSON value", JSON, b""),
    Case("ingest broken JSON", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "INVALID_REQUEST", "Body is not valid JSON: Expecting property name enclosed in double quotes at line 1 "
                            "column 2", JSON, b"{"),
    Case("ingest text/plain that is not JSON", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "INVALID_REQUEST", "Body is not valid JSON: Expecting value at line 1 column 1",
         (("Content-Type", "text/plain"),), b"name=Ada"),
    Case("ingest with an empty Idempotency-Key", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "INVALID_REQUEST", "Idempotency-Key must be 1 to 255 characters", (*JSON, ("Idempotency-Key", "")), b"{}"),
    Case("ingest with an over-long Idempotency-Key", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "INVALID_REQUEST", "Idempotency-Key must be 1 to 255 characters", (*JSON, ("Idempotency-Key", "k" * 256)),
         b"{}"),
    Case("ingest too large a body", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "PAYLOAD_TOO_LARGE", TOO_BIG, JSON, HUGE),
    Case("ingest XML", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "UNSUPPORTED_MEDIA_TYPE", XML_REFUSED, (("Content-Type", "application/xml"),), b"<a/>"),
    Case("ingest with GET", "GET", INGEST, BASE + "/data-ingestion/{webhook}", "server",
         "METHOD_NOT_ALLOWED", "Method GET is not allowed for " + BASE + "/data-ingestion/{webhook}"),

    Case("job without a token", "GET", JOB, BASE + "/data-ingestion/jobs/job_x", None,
         "INVALID_SERVER_TOKEN", MISSING_AUTH),
    Case("job with an unknown token", "GET", JOB, BASE + "/data-ingestion/jobs/job_x", None,
         "INVALID_SERVER_TOKEN", BAD_SERVER_TOKEN, (("Authorization", "Bearer " + UNKNOWN_SERVER_TOKEN),)),
    Case("unknown job", "GET", JOB, BASE + "/data-ingestion/jobs/job_nope", "server",
         "JOB_NOT_FOUND", "Job with ID job_nope not found"),
    Case("job with POST", "POST", JOB, BASE + "/data-ingestion/jobs/job_x", "server",
         "METHOD_NOT_ALLOWED", f"Method POST is not allowed for {BASE}/data-ingestion/jobs/job_x", JSON, b"{}"),

    Case("form without a token", "POST", FORM, FORM, None, "INVALID_CLIENT_TOKEN", BAD_CLIENT_TOKEN,
         (*FROM_SITE, *JSON), b'{"phone": "+14155550100"}',
         hint="Missing x-client-token header: send the form's client token"),
    Case("form with an unknown token", "POST", FORM, FORM, None, "INVALID_CLIENT_TOKEN", BAD_CLIENT_TOKEN,
         (("x-client-token", UNKNOWN_CLIENT_TOKEN), *FROM_SITE, *JSON), b'{"phone": "+14155550100"}',
         hint="The client token is unknown, revoked or expired: check the snippet's data-token"),
    Case("form from another origin", "POST", FORM, FORM, "form", "INVALID_CLIENT_ORIGIN",
         "Origin 'https://example.com' is not allowed for this token", (("Origin", "https://example.com"), *JSON),
         b'{"phone": "+14155550100"}'),
    Case("form without its phone", "POST", FORM, FORM, "form", "INVALID_REQUEST", "Phone is required",
         (*FROM_SITE, *JSON), b'{"name": "Ada"}', errors=({"field": "phone", "message": "Phone is required"},)),
    Case("form with several bad fields", "POST", FORM, FORM, "form", "INVALID_REQUEST",
         "The form has invalid fields: email, phone", (*FROM_SITE, *JSON), b'{"email": "nope", "phone": "12"}',
         errors=({"field": "email", "message": "Email is not a valid address"},
                 {"field": "phone", "message": "Phone is not a valid phone number"})),
    Case("form too large", "POST", FORM, FORM, "form", "PAYLOAD_TOO_LARGE", FORM_TOO_BIG, (*FROM_SITE, *JSON), HUGE),
    Case("form as CSV", "POST", FORM, FORM, "form", "UNSUPPORTED_MEDIA_TYPE",
         "Content-Type 'text/csv' is not supported: send application/json, application/x-www-form-urlencoded or "
         "multipart/form-data", (*FROM_SITE, ("Content-Type", "text/csv")), b"phone\n+14155550100"),
    Case("form with GET", "GET", FORM, FORM, "form", "METHOD_NOT_ALLOWED", f"Method GET is not allowed for {FORM}"),
    Case("preflight from another origin", "OPTIONS", FORM, FORM, None, "INVALID_CLIENT_ORIGIN",
         "Origin 'https://example.com' is not allowed for any client token",
         (("Origin", "https://example.com"), ("Access-Control-Request-Method", "POST"))),

    Case("metrics without a token", "GET", "/metrics", "/metrics", None, "INVALID_SERVER_TOKEN", METRICS_REFUSED),
    Case("metrics with a server token", "GET", "/metrics", "/metrics", "server", "INVALID_SERVER_TOKEN",
         METRICS_REFUSED),

    Case("unknown route", "GET", "/nowhere", "/nowhere", None, "NOT_FOUND", "No route for GET /nowhere"),
    Case("unknown API route", "POST", BASE + "/nothing", BASE + "/nothing", "server", "NOT_FOUND",
         f"No route for POST {BASE}/nothing", JSON, b"{}"),
]


def send(wire: Wire, case: Case) -> httpx.Response:
    headers = wire.headers(case.auth, {k: wire.path(v) for k, v in case.headers})
    return wire.client.request(case.method, wire.path(case.path), headers=headers, content=case.body)


def assert_exact_problem(wire: Wire, response: httpx.Response, case: Case) -> dict:
    status, type_path, title = TABLE[case.code]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_TYPE
    body = response.json()
    expected = {"type": "https://api-errors.svit.one/" + type_path, "title": title, "status": status,
                "detail": wire.path(case.detail), "code": case.code}
    assert {key: body.get(key) for key in expected} == expected
    assert_current_timestamp(body["timestamp"])
    assert body.get("hint") == case.hint
    assert body.get("errors") == (list(case.errors) if case.errors is not None else None)
    assert set(body) <= {*expected, "timestamp", "requestId", "hint", "errors"}
    return body


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_it_answers_each_error_to_the_letter(wire, case):
    assert_exact_problem(wire, send(wire, case), case)


def test_it_rate_limits_the_form_to_the_letter(wire):
    case = Case("form over its token's limit", "POST", FORM, FORM, "limited", "RATE_LIMITED", "",
                (*FROM_SITE, *JSON), b'{"phone": "+14155550101"}')
    assert send(wire, case).status_code == 201
    limited = send(wire, case)
    body = assert_exact_problem(wire, limited, Case(**{**case.__dict__, "detail": limited.json().get("detail", "")}))
    assert re.fullmatch(r"Too many form submissions for this form \(1 per 1 minute\): retry in \d+ s", body["detail"])
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["access-control-allow-origin"] == SITE


# Answers that need the storage broken; their tests below break it, and they run last.
STORAGE_CASES = {
    ("POST", INGEST): {"SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"},
    ("POST", FORM): {"SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"},
}
# /healthz and /readyz answer 503 only while the server starts or its writer is down: not
# reproducible from outside without racing the start-up, so no case stands for them.
NOT_REPRODUCIBLE = {("GET", "/healthz"): {"SERVICE_UNAVAILABLE"}, ("GET", "/readyz"): {"SERVICE_UNAVAILABLE"}}
# /metrics answers 404 only on a server without SVIT_METRICS_TOKEN: its own test below.
OTHER_SERVER = {("GET", "/metrics"): {"NOT_FOUND"}}


def documented_errors() -> dict[tuple[str, str], set[str]]:
    documented = {}
    for path, operations in PATHS.items():
        for method, operation in operations.items():
            codes = set()
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    codes |= set(re.search(r"\(([A-Z_, ]+)\)$", response["description"]).group(1).split(", "))
            documented[(method.upper(), path)] = codes
    return documented


def test_it_has_a_case_for_every_error_the_openapi_document_lists_per_route():
    covered: dict[tuple[str, str], set[str]] = {}
    for case in CASES:
        covered.setdefault((case.method, case.route), set()).add(case.code)
    covered[("POST", FORM)].add("RATE_LIMITED")
    for key, codes in {**STORAGE_CASES, **NOT_REPRODUCIBLE, **OTHER_SERVER}.items():
        covered.setdefault(key, set()).update(codes)
    missing = {key: codes - covered.get(key, set()) for key, codes in documented_errors().items()}
    assert {key: codes for key, codes in missing.items() if codes} == {}


def test_it_has_a_case_for_every_row_of_the_error_table():
    codes = {case.code for case in CASES} | {"RATE_LIMITED"} | set().union(*STORAGE_CASES.values())
    assert codes == set(PROBLEMS) == set(TABLE)
    assert {code: (p.status, p.type_path, p.title) for code, p in PROBLEMS.items()} == TABLE


def test_it_answers_404_for_metrics_on_a_server_without_a_metrics_token(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        case = Case("metrics off", "GET", "/metrics", "/metrics", None, "NOT_FOUND",
                    "Metrics are off: set SVIT_METRICS_TOKEN to turn GET /metrics on")
        response = httpx.get(server.base_url + "/metrics")
        assert_exact_problem(Wire(server, "", {"webhook": {"id": ""}, "other": {"id": ""}, "disabled": {"id": ""}},
                                  {}, None), response, case)
    finally:
        server.stop()


def test_it_answers_ping_to_the_letter(wire):
    response = wire.client.get(PING, headers=wire.headers("server", {}))
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    assert response.json() == {"status": "OK", "message": "Pong"}


def test_it_answers_an_accepted_ingestion_and_its_finished_job_to_the_letter(wire):
    url = wire.path(BASE + "/data-ingestion/{webhook}")
    response = wire.client.post(url, headers=wire.headers("server", {}), json={"name": "Ada", "email": "ada@wire.example"})
    assert (response.status_code, response.headers["content-type"]) == (202, "application/json")
    body = response.json()
    assert re.fullmatch(r"job_[0-9A-Za-z]+", body["jobId"])
    assert body == {"message": "Ingestion job accepted", "jobId": body["jobId"], "duplicate": False}
    wire.client.headers.update(wire.headers("server", {}))
    try:
        job = finished_job(wire.client, body["jobId"])
    finally:
        del wire.client.headers["Authorization"]
    assert set(job) in ({"jobId", "integrationId", "status", "attempts", "receivedAt", "processedAt", "personIds",
                         "error"}, {"jobId", "integrationId", "status", "attempts", "receivedAt", "processedAt",
                                    "personIds", "error", "warning"})
    assert (job["jobId"], job["integrationId"], job["status"], job["attempts"], job["error"]) == (
        body["jobId"], wire.integrations["webhook"]["id"], "succeeded", 1, None)
    assert job.get("warning") is None
    assert [re.fullmatch(r"per_[0-9A-Za-z]+", p) is not None for p in job["personIds"]] == [True]
    assert assert_current_timestamp(job["receivedAt"]) <= assert_current_timestamp(job["processedAt"])


def test_it_reads_text_plain_as_json_and_stores_it(wire):
    response = wire.client.post(wire.path(BASE + "/data-ingestion/{webhook}"),
                                headers=wire.headers("server", {"Content-Type": "text/plain;charset=UTF-8"}),
                                content='{"name": "Beacon", "email": "beacon@wire.example"}'.encode())
    assert response.status_code == 202, response.text
    with sqlite3.connect(f"file:{wire.server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        stored = connection.execute("SELECT CAST(body AS TEXT), content_type FROM ingestion_job WHERE id = ?",
                                    (response.json()["jobId"],)).fetchone()
    assert stored == ('{"name": "Beacon", "email": "beacon@wire.example"}', "application/json")


def test_it_answers_a_form_post_and_its_merge_to_the_letter(wire):
    headers = wire.headers("form", {"Origin": SITE})
    created = wire.client.post(FORM, headers=headers, json={"name": "Wire", "phone": "+1 415 555 0142"})
    merged = wire.client.post(FORM, headers=headers, json={"phone": "(415) 555-0142", "company": "Acme"})
    assert (created.status_code, merged.status_code) == (201, 200)
    assert re.fullmatch(r"per_[0-9A-Za-z]+", created.json()["personId"])
    for response in (created, merged):
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"personId": created.json()["personId"], "message": "Form submitted successfully"}
        assert (response.headers["access-control-allow-origin"], response.headers["vary"]) == (SITE, "Origin")


def test_it_answers_a_preflight_to_the_letter(wire):
    response = wire.client.options(FORM, headers={"Origin": SITE, "Access-Control-Request-Method": "POST"})
    assert (response.status_code, response.content) == (204, b"")
    assert {k: response.headers[k] for k in ("access-control-allow-origin", "access-control-allow-methods",
                                              "vary")} == {
        "access-control-allow-origin": SITE, "access-control-allow-methods": "POST, OPTIONS", "vary": "Origin"}
    allowed = [h.strip() for h in response.headers["access-control-allow-headers"].split(",")]
    assert allowed[:2] == ["content-type", "x-client-token"]  # the contract's two, first


def test_it_answers_health_and_readiness_to_the_letter(wire):
    assert wire.client.get("/healthz").json() == {"status": "ok"}
    ready = wire.client.get("/readyz").json()
    assert ready["status"] == "ready" and set(ready["checks"].values()) == {True}


def test_it_answers_503_on_both_write_routes_when_storage_refuses(wire):
    with sqlite3.connect(wire.server.data_dir / "svit.db") as connection:
        for table in ("ingestion_job", "person"):
            connection.execute(f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                               "BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END")
    try:
        ingest = Case("ingest while storage refuses", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
                      "SERVICE_UNAVAILABLE", "The payload could not be stored right now and was not accepted: "
                                             "retry later", JSON, b'{"n": 1}')
        form = Case("form while storage refuses", "POST", FORM, FORM, "form", "SERVICE_UNAVAILABLE",
                    "The form could not be stored right now and was not accepted: retry later", (*FROM_SITE, *JSON),
                    b'{"phone": "+14155550177"}')
        for case in (ingest, form):
            assert_exact_problem(wire, send(wire, case), case)
    finally:
        with sqlite3.connect(wire.server.data_dir / "svit.db") as connection:
            for table in ("ingestion_job", "person"):
                connection.execute(f"DROP TRIGGER refuse_{table}")


def test_it_answers_a_bare_500_on_both_write_routes_when_something_breaks(wire):
    # the token tables vanish, and the access cache is told to forget what it read from them
    with sqlite3.connect(wire.server.data_dir / "svit.db") as connection:
        for table in ("server_token", "client_token"):
            connection.execute(f"ALTER TABLE {table} RENAME TO {table}_gone")
        connection.execute("UPDATE config_version SET version = version + 1")
    try:
        for case in (Case("ingest crash", "POST", INGEST, BASE + "/data-ingestion/{webhook}", "server",
                          "INTERNAL_SERVER_ERROR", "An unexpected error occurred", JSON, b"{}"),
                     Case("form crash", "POST", FORM, FORM, "form", "INTERNAL_SERVER_ERROR",
                          "An unexpected error occurred", (*FROM_SITE, *JSON), b'{"phone": "+14155550178"}')):
            response = send(wire, case)
            assert_exact_problem(wire, response, case)
            assert "token" not in response.text.lower() and "Traceback" not in response.text
    finally:
        with sqlite3.connect(wire.server.data_dir / "svit.db") as connection:
            for table in ("server_token", "client_token"):
                connection.execute(f"ALTER TABLE {table}_gone RENAME TO {table}")

"""End to end through the real server and its in-process worker: every integration type's
documented body becomes persons, signed provider requests authenticate, bad bodies fail jobs."""
import time

import httpx
import pytest

from tests.conftest import ServerProcess, provision, run_cli
from tests.processors.provider_bodies import DELIVERIES, SIGNATURE_HEADERS, delivery, payload_error, sign
from tests.wire import assert_problem, finished_job, ingest_url

SECRET = "whsec_pipeline_test_secret"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("pipeline") / "data"
    project, token, integrations = provision(data_dir)
    for type_name in sorted({d.type for d in DELIVERIES}):
        integrations[type_name] = run_cli(data_dir, "integration", "create", "--project", project["id"],
                                          "--type", type_name, "--name", type_name.lower(), "--json")
    for type_name in SIGNATURE_HEADERS:
        signed = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", type_name,
                         "--name", f"signed {type_name.lower()}", "--json")
        run_cli(data_dir, "integration", "configure", signed["id"], "--signing-secret", SECRET, "--json")
        integrations[f"signed {type_name}"] = signed
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, timeout=10, headers={"Authorization": f"Bearer {token}"}) as client:
        yield data_dir, client, integrations, project
    server.stop()


def post(client, integration_id: str, body: bytes, content_type: str, headers: dict | None = None):
    return client.post(ingest_url(integration_id), content=body, headers={"Content-Type": content_type, **(headers or {})})


def person(data_dir, person_id: str) -> dict:
    return run_cli(data_dir, "persons", "show", person_id, "--json")


@pytest.mark.parametrize("case", DELIVERIES, ids=[f"{d.type}-{d.label}" for d in DELIVERIES])
def test_it_turns_each_providers_documented_body_into_its_persons(pipeline, case):
    data_dir, client, integrations, _ = pipeline
    response = post(client, integrations[case.type]["id"], case.body, case.content_type)
    assert response.status_code == 202, response.text
    job = finished_job(client, response.json()["jobId"])
    assert (job["status"], job["error"], job["attempts"]) == ("succeeded", None, 1)
    assert job["processedAt"].endswith("Z")
    assert len(job["personIds"]) == len(case.expected)
    for person_id, expected in zip(job["personIds"], case.expected):
        shown = person(data_dir, person_id)
        assert {key: shown[key] for key in expected} == expected
        ingested = [e for e in shown["timeline"] if e["kind"] == "ingested" and e["jobId"] == job["jobId"]]
        assert len(ingested) == 1


def unsigned_post(client, integration_id: str, body: bytes, headers: dict, content_type: str = "application/json"):
    """A provider's request: no Authorization header, only what the provider sends."""
    return httpx.post(str(client.base_url) + ingest_url(integration_id), content=body,
                      headers={"Content-Type": content_type, **headers})


@pytest.mark.parametrize("type_name", list(SIGNATURE_HEADERS))
def test_it_accepts_a_valid_provider_signature_in_place_of_the_server_token(pipeline, type_name):
    _, client, integrations, _ = pipeline
    case = delivery(type_name)
    response = unsigned_post(client, integrations[f"signed {type_name}"]["id"], case.body,
                             sign(type_name, SECRET, case.body, time.time()), case.content_type)
    assert response.status_code == 202, response.text
    assert finished_job(client, response.json()["jobId"])["status"] == "succeeded"


@pytest.mark.parametrize("type_name", list(SIGNATURE_HEADERS))
def test_it_refuses_a_signature_that_does_not_match_with_401(pipeline, type_name):
    _, client, integrations, _ = pipeline
    case = delivery(type_name)
    forged = sign(type_name, "not-the-secret", case.body, time.time())
    response = unsigned_post(client, integrations[f"signed {type_name}"]["id"], case.body, forged)
    assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token",
                   f"{SIGNATURE_HEADERS[type_name]} does not match the integration's signing secret")
    tampered = unsigned_post(client, integrations[f"signed {type_name}"]["id"], case.body + b" ",
                             sign(type_name, SECRET, case.body, time.time()))
    assert tampered.status_code == 401


@pytest.mark.parametrize("type_name", list(SIGNATURE_HEADERS))
def test_it_refuses_a_request_without_signature_or_token(pipeline, type_name):
    _, client, integrations, _ = pipeline
    response = unsigned_post(client, integrations[f"signed {type_name}"]["id"], delivery(type_name).body, {})
    body = assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token", "auth/invalid-server-token")
    assert f"Missing {SIGNATURE_HEADERS[type_name]} header" in body["detail"]


@pytest.mark.parametrize("type_name, tolerance", [("WEBFLOW", 300), ("CALENDLY", 180), ("STRIPE", 300)])
def test_it_refuses_a_stale_timestamped_signature(pipeline, type_name, tolerance):
    _, client, integrations, _ = pipeline
    body = delivery(type_name).body
    stale = sign(type_name, SECRET, body, time.time() - tolerance - 60)
    response = unsigned_post(client, integrations[f"signed {type_name}"]["id"], body, stale)
    detail = assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token",
                            "auth/invalid-server-token")["detail"]
    assert f"outside the {tolerance} s tolerance" in detail


def test_it_still_accepts_the_server_token_on_a_signed_integration(pipeline):
    _, client, integrations, _ = pipeline
    case = delivery("STRIPE")
    response = post(client, integrations["signed STRIPE"]["id"], case.body, case.content_type)
    assert response.status_code == 202


def test_it_fails_a_job_whose_body_the_type_cannot_read_and_says_why(pipeline):
    _, client, integrations, _ = pipeline
    response = post(client, integrations["TYPEFORM"]["id"], b'{"name": "Ada", "email": "ada@example.com"}',
                    "application/json")
    job = finished_job(client, response.json()["jobId"])
    assert (job["status"], job["attempts"], job["personIds"]) == ("failed", 1, [])
    assert job["error"] == payload_error("TYPEFORM", {"name": "Ada", "email": "ada@example.com"})


def test_it_reads_a_webhook_through_its_mapping_and_keeps_the_rest_as_attributes(pipeline):
    data_dir, client, _, project = pipeline
    mapped = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "WEBHOOK",
                     "--name", "mapped", "--json")
    run_cli(data_dir, "integration", "configure", mapped["id"], "--json",
            "--mapping", '{"email": "lead.contact.primary", "name": "lead.label", "phone": "lead.digits"}')
    body = b'{"lead": {"label": "Mapped Person", "contact": {"primary": "mapped@example.com", "email": "other@example.com"}, "digits": "+1 650 253 0002"}, "campaign": "spring"}'
    job = finished_job(client, post(client, mapped["id"], body, "application/json").json()["jobId"])
    shown = person(data_dir, job["personIds"][0])
    assert (shown["name"], shown["email"], shown["phone"]) == ("Mapped Person", "mapped@example.com", "+16502530002")
    assert shown["attributes"]["campaign"] == "spring"


def test_it_merges_a_person_across_jobs_and_keeps_the_history(pipeline):
    data_dir, client, integrations, _ = pipeline
    webhook = integrations["WEBHOOK"]["id"]
    first = finished_job(client, post(client, webhook, b'{"email": "merge@example.com", "name": "M"}',
                                      "application/json").json()["jobId"])
    second = finished_job(client, post(client, webhook, b'{"email": "MERGE@example.com", "phone": "+1 650 253 0003", "company": "Acme"}',
                                       "application/json").json()["jobId"])
    assert first["personIds"] == second["personIds"]
    shown = person(data_dir, first["personIds"][0])
    assert (shown["phone"], shown["company"]) == ("+16502530003", "Acme")
    assert [e["kind"] for e in shown["timeline"]] == ["created", "ingested", "merged", "ingested"]
    assert [e["jobId"] for e in shown["timeline"] if e["kind"] == "ingested"] == [first["jobId"], second["jobId"]]


def test_it_reports_the_queue_as_ready(pipeline):
    _, client, _, _ = pipeline
    assert client.get("/readyz").json()["checks"]["queue"] is True


@pytest.mark.parametrize("type_name", ["WEBFLOW", "CALENDLY", "STRIPE"])
def test_it_refuses_a_signature_timestamp_far_in_the_future(pipeline, type_name):
    _, client, integrations, _ = pipeline
    body = delivery(type_name).body
    ahead = sign(type_name, SECRET, body, time.time() + 1e9)
    response = unsigned_post(client, integrations[f"signed {type_name}"]["id"], body, ahead)
    detail = assert_problem(response, 401, "INVALID_SERVER_TOKEN", "Invalid Server Token",
                            "auth/invalid-server-token")["detail"]
    assert "more than 300 s ahead of our clock" in detail


def _jobs_of(data_dir, project_id: str, integration_id: str) -> list[dict]:
    jobs = run_cli(data_dir, "jobs", "list", "--project", project_id, "--limit", "1000", "--json")
    return [j for j in jobs if j["integrationId"] == integration_id]


@pytest.mark.parametrize("type_name, extra", [("STRIPE", {}), ("SHOPIFY", {"X-Shopify-Webhook-Id": "delivery-1"})])
def test_it_answers_a_replayed_signed_delivery_with_the_first_job(pipeline, type_name, extra):
    data_dir, client, _, project = pipeline
    integration = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", type_name,
                          "--name", f"replayed {type_name.lower()}", "--json")
    run_cli(data_dir, "integration", "configure", integration["id"], "--signing-secret", SECRET, "--json")
    case = delivery(type_name)
    first = unsigned_post(client, integration["id"], case.body, {**sign(type_name, SECRET, case.body, time.time()), **extra})
    # the provider's retry: signed again (a later timestamp where the scheme has one), same delivery
    again = unsigned_post(client, integration["id"], case.body,
                          {**sign(type_name, SECRET, case.body, time.time() + 2), **extra})
    assert (first.status_code, again.status_code) == (202, 202), again.text
    assert again.json()["jobId"] == first.json()["jobId"]
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert [j["jobId"] for j in _jobs_of(data_dir, project["id"], integration["id"])] == [first.json()["jobId"]]


def test_it_takes_a_new_shopify_delivery_id_as_a_new_delivery(pipeline):
    data_dir, client, _, project = pipeline
    integration = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "SHOPIFY",
                          "--name", "two deliveries", "--json")
    run_cli(data_dir, "integration", "configure", integration["id"], "--signing-secret", SECRET, "--json")
    case = delivery("SHOPIFY")
    ids = [unsigned_post(client, integration["id"], case.body,
                         {**sign("SHOPIFY", SECRET, case.body, time.time()), "X-Shopify-Webhook-Id": name}).json()["jobId"]
           for name in ("delivery-a", "delivery-b")]
    assert len(set(ids)) == 2


def test_it_says_why_a_succeeded_job_produced_no_person(pipeline):
    data_dir, client, integrations, project = pipeline
    webhook = integrations["WEBHOOK"]["id"]
    empty = finished_job(client, post(client, webhook, b'{"foo": "bar"}', "application/json").json()["jobId"])
    assert (empty["status"], empty["personIds"], empty["error"]) == ("succeeded", [], None)
    assert empty["warning"] == "no person found: no name, email or phone field recognised"
    found = finished_job(client, post(client, webhook, b'{"email": "warned-not@example.com"}',
                                      "application/json").json()["jobId"])
    assert (found["status"], found["warning"]) == ("succeeded", None)
    listed = {j["jobId"]: j for j in run_cli(data_dir, "jobs", "list", "--project", project["id"], "--json")}
    assert listed[empty["jobId"]]["warning"] == empty["warning"] and listed[found["jobId"]]["warning"] is None
    text = run_cli(data_dir, "jobs", "list", "--project", project["id"])
    line = next(line for line in text.splitlines() if line.startswith(empty["jobId"]))
    assert line.endswith("warning: no person found: no name, email or phone field recognised")


def test_it_points_at_the_mapping_when_a_mapped_job_found_no_person(pipeline):
    data_dir, client, _, project = pipeline
    mapped = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "WEBHOOK",
                     "--name", "mapped elsewhere", "--json")
    run_cli(data_dir, "integration", "configure", mapped["id"], "--mapping", '{"email": "lead.mail"}', "--json")
    job = finished_job(client, post(client, mapped["id"], b'{"email": "unmapped@example.com"}',
                                    "application/json").json()["jobId"])
    assert (job["status"], job["personIds"]) == ("succeeded", [])
    assert job["warning"] == ("no person found: no name, email or phone field recognised "
                              "(the integration's field mapping is used: check its paths)")

"""Refused API requests are kept, over HTTP against a real server: against the project the request
names, secrets masked, sampled and counted under a flood, bounded in rows and days."""
import time
from datetime import timedelta

import httpx
import pytest

from svit_appliance.inspector import recorder
from svit_appliance.inspector.masking import body_excerpt, mask_secrets
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import RejectedRequest, utcnow
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import ingest_url

FORM = "/api/v1/external/client/form"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("inspector") / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield data_dir, client, project, token, integrations
    server.stop()


def kept(data_dir, *args, until=lambda rows: rows, timeout: float = 20.0) -> list[dict]:
    """``svit rejected list --json`` once ``until(rows)`` holds (bounded polling: the writer runs each second)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = run_cli(data_dir, "rejected", "list", "--limit", "1000", *args, "--json")
        if until(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_it_keeps_a_refusal_against_the_project_of_the_integration_it_names(served):
    data_dir, client, project, token, integrations = served
    disabled = integrations["disabled"]["id"]
    response = client.post(ingest_url(disabled), headers={"Authorization": f"Bearer {token}",
                                                           "User-Agent": "zapier-test/1.0"},
                           json={"email": "ada@example.com"})
    assert response.status_code == 409
    rows = kept(data_dir, "--project", project["id"], until=lambda rows: any(r["subjectId"] == disabled for r in rows))
    row = next(r for r in rows if r["subjectId"] == disabled)
    assert (row["code"], row["status"], row["method"], row["route"]) == ("INTEGRATION_DISABLED", 409, "POST",
                                                                         ingest_url(disabled))
    assert (row["projectId"], row["clientAddress"], row["userAgent"], row["count"]) == (
        project["id"], "127.0.0.1", "zapier-test/1.0", 1)
    assert row["detail"] == response.json()["detail"]
    assert row["bodyExcerpt"] is None  # refused from the headers: the body was never read


def test_it_keeps_the_read_body_of_a_refusal_with_secrets_masked(served):
    data_dir, client, project, token, integrations = served
    webhook = integrations["webhook"]["id"]
    body = ('{"email": "ada@example.com", "api_key": "hunter2", "note": "%s", "email": "twice"}' % token).encode()
    response = client.post(ingest_url(webhook), headers={"Authorization": f"Bearer {token}",
                                                          "Content-Type": "application/json"}, content=body)
    assert response.status_code == 400
    rows = kept(data_dir, "--project", project["id"], until=lambda rows: any(r["subjectId"] == webhook for r in rows))
    row = next(r for r in rows if r["subjectId"] == webhook)
    assert row["code"] == "INVALID_REQUEST" and '"email": "ada@example.com"' in row["bodyExcerpt"]
    assert "hunter2" not in row["bodyExcerpt"] and token not in row["bodyExcerpt"]
    assert token.encode() not in (data_dir / "svit.db").read_bytes()


def test_it_keeps_a_refusal_no_project_can_be_told_for_appliance_wide(served):
    data_dir, client, *_ = served
    client.post(ingest_url("int_nobody_knows"), headers={"Authorization": "Bearer svit_pat_guess"}, json={})
    rows = kept(data_dir, until=lambda rows: any(r["route"] == ingest_url("int_nobody_knows") for r in rows))
    row = next(r for r in rows if r["route"] == ingest_url("int_nobody_knows"))
    assert (row["projectId"], row["code"]) == (None, "INVALID_SERVER_TOKEN")


def test_it_keeps_a_revoked_tokens_refusal_against_its_project(served):
    data_dir, client, project, *_ = served
    revoked = run_cli(data_dir, "token", "create", "--project", project["id"], "--name", "old", "--json")
    run_cli(data_dir, "token", "revoke", revoked["id"], "--json")
    client.get("/api/v1/external/ping", headers={"Authorization": f"Bearer {revoked['token']}"})
    rows = kept(data_dir, "--project", project["id"], until=lambda rows: any(r["route"].endswith("/ping") for r in rows))
    assert [r["code"] for r in rows if r["route"].endswith("/ping")] == ["INVALID_SERVER_TOKEN"]


def test_it_keeps_an_origin_refusal_against_the_client_token(served):
    data_dir, client, project, *_ = served
    form_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin",
                         "https://shop.example", "--json")
    response = client.post(FORM, headers={"x-client-token": form_token["token"], "Origin": "https://evil.example"},
                           json={"phone": "+1 202 555 0143"})
    assert response.status_code == 403
    rows = kept(data_dir, "--project", project["id"], until=lambda rows: any(r["route"] == FORM for r in rows))
    row = next(r for r in rows if r["route"] == FORM)
    assert (row["code"], row["subjectId"], row["origin"]) == ("INVALID_CLIENT_ORIGIN", form_token["id"],
                                                              "https://evil.example")


def test_it_samples_and_counts_a_flood_of_bad_tokens(served):
    data_dir, client, *_ = served
    flood = ingest_url("int_flooded")
    for _ in range(600):
        assert client.post(flood, headers={"Authorization": "Bearer svit_pat_wrong"}, json={}).status_code == 401
    rows = kept(data_dir, until=lambda rows: sum(r["count"] for r in rows if r["route"] == flood) >= 600)
    flooded = [r for r in rows if r["route"] == flood]
    assert sum(r["count"] for r in flooded) == 600
    assert len(flooded) < 600 and any(r["count"] > 1 for r in flooded)


def test_it_keeps_only_the_newest_rows_of_a_project_and_retention_their_days(tmp_path, monkeypatch):
    from svit_appliance.upkeep.retention import apply_retention

    settings = Settings.load({}, data_dir=str(tmp_path))
    db = open_database(settings)
    monkeypatch.setattr(recorder, "KEEP_PER_PROJECT", 10)
    old = recorder.Rejection("POST", "/old", 401, "INVALID_SERVER_TOKEN", "d", None, None, None, None, None,
                             created_at=utcnow() - timedelta(days=8))
    recorder.store_rejections([old])
    assert apply_retention(settings)["rejected"] == 1  # seven days, SVIT_INSPECTOR_RETENTION_DAYS's default
    batch = [recorder.Rejection("POST", f"/r{i}", 401, "INVALID_SERVER_TOKEN", "d", None, None, None, None, None)
             for i in range(25)]
    recorder.store_rejections(batch[:15])
    recorder.store_rejections(batch[15:])
    routes = [row.route for row in RejectedRequest.select().order_by(RejectedRequest.id)]
    assert routes == [f"/r{i}" for i in range(15, 25)]
    db.close()


@pytest.mark.parametrize("text, masked", [
    ('{"name": "Ada", "password": "hunter2"}', '{"name": "Ada", "password": "***"}'),
    ('{"apiKey":"k-123","signing_secret":"s"}', '{"apiKey":"***","signing_secret":"***"}'),
    ("name=Ada&access_token=abc&x=1", "name=Ada&access_token=***&x=1"),
    ("Bearer svit_pat_abcdefABCDEF0123 and whsec_xyz", "Bearer svit_pat_*** and whsec_***"),
])
def test_it_masks_tokens_and_secrets(text, masked):
    assert mask_secrets(text) == masked


def test_it_keeps_the_first_two_kilobytes():
    assert len(body_excerpt(b"a" * 10_000)) == 2048
    assert body_excerpt(b"") is None



def test_it_forgets_refused_requests_that_mention_a_person_erased(served):
    data_dir, client, project, token, integrations = served
    email, auth = "erase.me@example.com", {"Authorization": f"Bearer {token}"}
    ingested = client.post(ingest_url(integrations["webhook"]["id"]), headers=auth, json={"email": email})
    refused = client.post(ingest_url(integrations["webhook"]["id"]), headers={**auth, "Content-Type": "application/json"},
                          content=('{"email": "%s", "email": "again"}' % email).encode())  # read, then refused
    assert (ingested.status_code, refused.status_code) == (202, 400)
    mentions = lambda rows: [r for r in rows if email in (r["bodyExcerpt"] or "")]  # noqa: E731
    assert mentions(kept(data_dir, until=mentions))
    job_url = f"/api/v1/external/data-ingestion/jobs/{ingested.json()['jobId']}"
    deadline = time.monotonic() + 20
    while not (person_ids := client.get(job_url, headers=auth).json()["personIds"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    run_cli(data_dir, "persons", "erase", person_ids[0], "--json")
    rows = run_cli(data_dir, "rejected", "list", "--limit", "1000", "--json")
    assert mentions(rows) == []


def test_it_shows_nothing_older_than_seven_days(tmp_path):
    from svit_appliance.inspector.views import ANY_PROJECT, recent

    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    RejectedRequest.create(id="rej_old", method="POST", route="/old", status=401, code="INVALID_SERVER_TOKEN",
                           detail="d", created_at=utcnow() - timedelta(days=8))
    RejectedRequest.create(id="rej_new", method="POST", route="/new", status=401, code="INVALID_SERVER_TOKEN",
                           detail="d")
    assert [row.route for row in recent(ANY_PROJECT, 7)] == ["/new"]
    db.close()

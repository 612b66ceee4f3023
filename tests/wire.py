"""What the wire tests share: the problem+json assertion and API paths."""
import time

from svit_appliance.http.errors import TYPE_BASE

PROBLEM_TYPE = "application/problem+json"
JSON_HEADERS = {"Content-Type": "application/json"}


def assert_problem(response, status: int, code: str, title: str, type_path: str, detail: str | None = None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_TYPE
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"] == title
    assert body["type"] == TYPE_BASE + type_path
    assert body["timestamp"].endswith("Z") and len(body["timestamp"]) == 24
    if detail is not None:
        assert body["detail"] == detail
    else:
        assert body["detail"]
    return body


def ingest_url(integration_id: str) -> str:
    return f"/api/v1/external/data-ingestion/{integration_id}"


FINISHED = ("succeeded", "failed")


def finished_job(client, job_id: str, timeout: float = 20.0) -> dict:
    """Poll the job until it succeeded or failed (the wait is bounded, the result is not timed)."""
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").json()
        if body["status"] in FINISHED or time.monotonic() > deadline:
            return body
        time.sleep(0.02)

"""What the wire tests share: the problem+json assertion and API paths."""
import re
import time
from datetime import datetime, timedelta, timezone

TYPE_BASE = "https://api-errors.svit.one/"  # the contract's, written out: a changed base must fail

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
    assert_current_timestamp(body["timestamp"])
    if detail is not None:
        assert body["detail"] == detail
    else:
        assert body["detail"]
    return body


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def assert_current_timestamp(text: str, within: timedelta = timedelta(minutes=1)) -> datetime:
    """ISO 8601 UTC with milliseconds and ``Z``, a real date, and within a minute of now."""
    assert TIMESTAMP.fullmatch(text), f"timestamp {text!r} is not YYYY-MM-DDTHH:MM:SS.mmmZ"
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - moment) < within, f"timestamp {text} is not current"
    return moment


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


def finished_jobs(client, job_ids: list[str], timeout: float = 90.0) -> list[dict]:
    """Every job once all finished, or as they stand when the one deadline for all of them passes."""
    deadline = time.monotonic() + timeout
    seen: dict[str, dict] = {}
    while True:
        for job_id in [j for j in job_ids if seen.get(j, {}).get("status") not in FINISHED]:
            seen[job_id] = client.get(f"/api/v1/external/data-ingestion/jobs/{job_id}").json()
        if all(seen[j]["status"] in FINISHED for j in job_ids) or time.monotonic() > deadline:
            return [seen[j] for j in job_ids]
        time.sleep(0.1)


def raw_exchange(port: int, request: bytes, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    """Send bytes as they are (headers need not be UTF-8) and read one response: status,
    lower-cased headers, body."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"connection closed after {data!r}")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(status_line.split(" ")[1]), headers, body[:length]

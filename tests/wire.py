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

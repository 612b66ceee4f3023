"""Slow and hostile clients over raw sockets: deadlines, caps, and checks made before a body is read."""
import asyncio
import json
import socket
import sqlite3
import threading
import time

import pytest

from tests.adversarial.slow import SlowClient, request_head
from tests.adversarial.target import FORM, ORIGIN, Target
from tests.conftest import run_cli
from tests.wire import PROBLEM_TYPE, ingest_url, raw_exchange

TIGHT = {"SVIT_HEADER_TIMEOUT_SECONDS": "1", "SVIT_BODY_TIMEOUT_SECONDS": "3", "SVIT_BODY_MIN_RATE": "1000",
         "SVIT_KEEP_ALIVE_TIMEOUT_SECONDS": "2", "SVIT_RESPONSE_TIMEOUT_SECONDS": "2", "SVIT_MAX_CONNECTIONS": "40",
         "SVIT_MAX_BUFFERED_BYTES": "200000", "SVIT_SQLITE_BUSY_TIMEOUT_MS": "20000",
         "SVIT_FORM_IP_RATE_LIMIT": "off"}


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    target = Target(tmp_path_factory.mktemp("tight") / "data", TIGHT)
    stripe = run_cli(target.server.data_dir, "integration", "create", "--project", target.project["id"],
                     "--type", "STRIPE", "--name", "stripe", "--json")
    run_cli(target.server.data_dir, "integration", "configure", stripe["id"], "--signing-secret", "whsec_test")
    target.signed = ingest_url(stripe["id"])
    yield target
    target.server.stop()


def run(*clients: SlowClient) -> list[SlowClient]:
    async def together():
        return await asyncio.gather(*(client.run() for client in clients))
    return asyncio.run(together())


def problem_of(answer: bytes) -> dict:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/problem+json" in head.lower(), answer[:300]
    return json.loads(body[:int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])])


@pytest.mark.parametrize("case", ["no server token", "no client token", "no signature", "form body over its limit",
                                  "ingestion body over the limit"])
def test_it_answers_from_the_headers_before_reading_the_body(tight, case):
    path, headers, length, status = {
        "no server token": (tight.ingest, {"Content-Type": "application/json"}, 1_000_000, 401),
        "no signature": (tight.signed, {"Content-Type": "application/json"}, 1_000_000, 401),
        "no client token": (FORM, {"Origin": ORIGIN, "Content-Type": "application/json"}, 1_000_000, 401),
        "form body over its limit": (FORM, tight.form_headers(), 65_537, 413),
        "ingestion body over the limit": (tight.ingest, tight.server_headers(), 1_048_577, 413),
    }[case]
    # the body never comes: the answer can only be made from the headers
    (client,) = run(SlowClient(tight.port, request_head("POST", path, headers, length), step=10_000, give_up=5))
    assert client.status == status, client.answer[:300]
    assert problem_of(client.answer)["status"] == status


SLOW = {
    # case: (request head or a function of the target, body, bytes per step, seconds between steps)
    "headers trickle": (lambda t: b"GET /api/v1/external/ping HTTP/1.1\r\nX-Slow: " + b"a" * 100, b"", 1, 0.1),
    "body trickles below the minimum rate": (lambda t: request_head("POST", FORM, t.form_headers(), 60_000),
                                             b'{"a": "' + b"x" * 59_000, 1, 0.2),
    # 1.5 KB/s is above the minimum rate, but the body would take 11 minutes
    "body never finishes": (lambda t: request_head("POST", t.ingest, t.server_headers(), 1_000_000),
                            b"[" + b"1," * 500_000, 1500, 1.0),
    "body stalls on a console form": (lambda t: request_head("POST", "/console/login", {
        "Content-Type": "application/x-www-form-urlencoded"}, 100), b"email=a", 100, 1.0),
}


@pytest.mark.parametrize("case", SLOW)
def test_it_closes_connections_that_send_too_slowly(tight, case):
    head, body, step, pause = SLOW[case]
    (client,) = run(SlowClient(tight.port, head(tight), body, step, pause, give_up=20))
    # deadlines of 1 s (headers) and 3 s (body), 5 s before the rate counts: well inside 15 s
    assert client.closed_after is not None and client.closed_after < 15, client.closed_after
    assert client.status == 400, client.answer[:300]
    assert "not received in time" in problem_of(client.answer)["detail"]
    assert "Traceback" not in tight.server.log()


def test_it_answers_503_at_once_past_the_connection_cap(tight):
    held = [socket.create_connection(("127.0.0.1", tight.port)) for _ in range(40)]
    try:
        def refused() -> bool:
            status, headers, body = raw_exchange(tight.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
            return status == 503 and headers["content-type"] == PROBLEM_TYPE and \
                json.loads(body)["code"] == "SERVICE_UNAVAILABLE"
        assert refused()
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the server notices the closed connections
        if raw_exchange(tight.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the server never took connections again")
    assert "connection refused with 503" in tight.server.log()


def json_array(size: int) -> bytes:
    body = b"[" + b"1," * ((size - 3) // 2) + b"1]"
    return body + b" " * (size - len(body))


def test_it_answers_503_when_bodies_in_memory_reach_the_cap(tight):
    # one upload holds 150 KB of the 200 KB budget for 2 s; a second upload of 100 KB meanwhile finds no room
    big, small = json_array(160_000), json_array(100_000)
    holder = SlowClient(tight.port, request_head("POST", tight.ingest, tight.server_headers(), len(big)), big,
                        step=150_000, pause=2.0, give_up=8)
    second = SlowClient(tight.port, request_head("POST", tight.ingest, tight.server_headers(), len(small)), small,
                        step=200_000, pause=0.5, give_up=8)

    async def scenario():
        first = asyncio.ensure_future(holder.run())
        await asyncio.sleep(1.0)  # bounded wait: the holder's first 150 KB are read by then
        return await asyncio.gather(first, second.run())

    asyncio.run(scenario())
    assert second.status == 503, second.answer[:300]
    assert problem_of(second.answer)["code"] == "SERVICE_UNAVAILABLE"
    assert holder.status == 202, holder.answer[:300]


def test_it_answers_503_when_the_answer_takes_too_long(tight):
    # another process holds the write lock for 4 s; the response timeout is 2 s
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        with sqlite3.connect(tight.server.data_dir / "svit.db") as connection:
            connection.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(4)
            connection.rollback()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        status, headers, body = raw_exchange(tight.port, request_head(
            "POST", tight.ingest, tight.server_headers(), 2) + b"{}", timeout=10)
    finally:
        release.set()
        holder.join()
    assert status == 503, body
    assert headers["content-type"] == PROBLEM_TYPE
    assert json.loads(body)["code"] == "SERVICE_UNAVAILABLE"
    log = tight.server.log()
    assert "answered 503: Response Timeout" in log and "Traceback" not in log


def test_it_closes_idle_keep_alive_connections(tight):
    with socket.create_connection(("127.0.0.1", tight.port), timeout=15) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        answer, started = b"", time.monotonic()
        while chunk := sock.recv(65536):  # the answer, then the end of the connection
            answer += chunk
        closed_after = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 200") and b"keep-alive" in answer
    assert closed_after < 10  # SVIT_KEEP_ALIVE_TIMEOUT_SECONDS is 2 here; Sanic's own default is 120

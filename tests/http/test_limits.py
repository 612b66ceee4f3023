"""Reading a body under a size limit and the shared budget of bytes in memory."""
import asyncio
import subprocess
import sys
from types import SimpleNamespace

import pytest

from svit_appliance.http.errors import ApiError
from svit_appliance.http.limits import BodyBudget, read_body


class Stream:
    """The part of Sanic's HTTP/1.1 stream that ``read_body`` uses: the body in chunks."""

    def __init__(self, chunks: list[bytes], declared: int | None):
        self.chunks, self.read = chunks, 0
        self.request_body = True if declared is not None else "chunked"
        self.request_bytes = declared or 0
        self.keep_alive = True

    async def __aiter__(self):
        for chunk in self.chunks:
            self.read += 1
            yield chunk


def request_with(budget: BodyBudget, chunks: list[bytes], declared: int | None = None):
    app = SimpleNamespace(ctx=SimpleNamespace(services=SimpleNamespace(body_budget=budget)))
    return SimpleNamespace(stream=Stream(chunks, declared), app=app, method="POST", path="/x", body=b"")


def read(request, limit: int):
    return asyncio.run(read_body(request, limit))


def test_it_reads_a_body_and_gives_its_bytes_back():
    budget = BodyBudget(100)
    assert read(request_with(budget, [b"abc", b"def"], 6), limit=10) == b"abcdef"
    assert budget.used == 0


def test_it_refuses_a_declared_length_over_the_limit_without_reading():
    request = request_with(BodyBudget(100), [b"x" * 20], declared=20)
    with pytest.raises(ApiError) as refused:
        read(request, limit=10)
    assert refused.value.problem.code == "PAYLOAD_TOO_LARGE"
    assert request.stream.read == 0 and request.stream.keep_alive is False


@pytest.mark.parametrize("chunks, limit, cap, code", [
    ([b"x" * 6, b"x" * 6], 10, 100, "PAYLOAD_TOO_LARGE"),  # a chunked body grows past the limit
    ([b"x" * 6, b"x" * 6], 100, 10, "SERVICE_UNAVAILABLE"),  # the budget runs out
])
def test_it_gives_back_exactly_what_it_held_when_it_refuses(chunks, limit, cap, code):
    budget = BodyBudget(cap)
    budget.take(2)  # another request's bytes
    with pytest.raises(ApiError) as refused:
        read(request_with(budget, chunks), limit)
    assert refused.value.problem.code == code
    assert budget.used == 2


def test_it_keeps_the_connection_cap_under_the_open_files_limit():
    # a process limited to 200 open files (hard limit too) cannot serve 512 connections: past the
    # limit accept() itself fails and nobody, /healthz included, would get an answer
    script = ("import logging, resource; logging.basicConfig(level='WARNING');"
              "resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200));"
              "from svit_appliance.http.limits import connection_cap; print(connection_cap(512)); print(connection_cap(100))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["136", "100"]
    assert "open files are limited to 200 (ulimit -n): at most 136 connections instead of 512" in run.stderr

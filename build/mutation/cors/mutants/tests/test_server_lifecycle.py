"""`svit serve` stops gracefully on SIGTERM, however soon after it first said it was healthy; the test
fixture never leaves a server running that failed to start."""
import signal
import time

import httpx
import pytest

from tests.conftest import ServerProcess


def start_and_catch_the_first_200(server: ServerProcess) -> None:
    server.launch()  # no ServerProcess.wait_until_healthy: its polling is too slow to see the first 200
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if httpx.get(server.base_url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.002)
    raise AssertionError(f"never healthy:\n{server.log()}")


def test_it_exits_cleanly_on_sigterm_right_after_the_first_healthy_answer(tmp_path):
    # Sanic serves requests a moment before it installs its signal handlers; /healthz must not
    # answer 200 inside that window, or a supervisor's SIGTERM kills the process mid-flight.
    server = ServerProcess(tmp_path / "data")
    codes = []
    for _ in range(8):
        start_and_catch_the_first_200(server)
        codes.append(server.stop(signal.SIGTERM))
    assert codes == [0] * 8, server.log()


def test_the_fixture_kills_a_server_that_did_not_become_healthy_in_time(tmp_path):
    server = ServerProcess(tmp_path / "data")
    with pytest.raises(RuntimeError, match="not healthy"):
        server.start(timeout=0)  # the deadline passes while the process is still starting
    assert server.process.poll() is not None

"""Benchmark plumbing: start servers on loopback, load them with wrk, read its figures."""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import ServerProcess, free_port, provision  # noqa: E402


def one_kb_body() -> bytes:
    record = {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0958",
              "company": "Analytical Engines Ltd", "source": "benchmark", "message": ""}
    record["message"] = "x" * (1024 - len(json.dumps(record)))
    body = json.dumps(record).encode()
    assert len(body) == 1024
    return body


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int
    requests: int = 0  # answers wrk counted (2xx and others)
    answers: tuple = ()  # the body of every 2xx answer (bare and svit runs alike pay for keeping them)

    @property
    def accepted(self) -> int:
        """Answers with a 2xx status: what the server promised to keep."""
        return self.requests - self.non_2xx


@dataclass(frozen=True)
class Verdict:
    """One line of the benchmarks' table: a figure against its target, or a check that what
    was accepted was stored (``kind`` "speed" or "correct"; only "correct" is required in smoke runs)."""

    what: str
    figure: str
    target: str
    passed: bool
    kind: str = "speed"

    def line(self) -> str:
        return "VERDICT " + json.dumps(self.__dict__)


def print_verdicts(verdicts: list[Verdict]) -> None:
    """The benchmark's verdicts, machine-readable for tests/bench/run_all.py, after its own table."""
    for verdict in verdicts:
        print(verdict.line())


def answered(results, key: str) -> list[str]:
    """The ``key`` of every 2xx answer's JSON body (e.g. each 202's ``jobId``)."""
    return [json.loads(body)[key] for result in results for body in result.answers]


def stored_verdict(what: str, answered_ids: list[str], stored_ids: set[str]) -> Verdict:
    """Every id a 2xx answer gave is stored (more rows may exist: requests wrk stopped waiting for
    when its time was up, which the server still stored)."""
    missing = len(set(answered_ids) - stored_ids)
    return Verdict(f"{what}: every 2xx stored", f"{len(answered_ids):,} answered 2xx, {missing:,} of them not stored",
                   "0 missing", missing == 0 and len(set(answered_ids)) == len(answered_ids), "correct")


def stored_job_ids(data_dir: Path) -> set[str]:
    """The id of every job stored in the data directory's database."""
    with sqlite3.connect(data_dir / "svit.db") as connection:
        return {row[0] for row in connection.execute("SELECT id FROM ingestion_job")}


# Keeps the body of every 2xx answer; wrk's main thread writes them out when the run is done.
KEEP_ANSWERS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) answers = {} end
function response(status, headers, body)
  if status >= 200 and status < 300 then answers[#answers + 1] = body end
end
function done(summary, latency, requests)
  local f = io.open("%s", "w")
  for _, t in ipairs(threads) do for _, b in ipairs(t:get("answers")) do f:write(b, "\\n") end end
  f:close()
end
"""


def _millis(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, body: bytes, headers: dict, connections: int = 64, seconds: int = 10,
            counter_marker: bytes | None = None, request_lua: str = "", counter_digits: int = 0) -> LoadResult:
    """Load ``url`` with POSTs of ``body``; with ``counter_marker``, each request replaces every
    occurrence of that marker in the body by a fresh number, zero-padded to ``counter_digits``
    (e.g. so that every request names a new person, by email and by phone); ``request_lua`` may
    define wrk's ``request()`` to vary the body per request itself."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for benchmarks: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        script = write_wrk_script(Path(tmp), body, headers, counter_marker, request_lua, counter_digits)
        output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
                                capture_output=True, text=True, check=True).stdout
        return wrk_figures(output, Path(tmp) / "answers")


def write_wrk_script(tmp: Path, body: bytes, headers: dict, counter_marker: bytes | None = None,
                     request_lua: str = "", counter_digits: int = 0) -> Path:
    """The Lua script of a run_wrk load in ``tmp``; wrk writes the 2xx answers to ``tmp/answers``."""
    script = tmp / "post.lua"
    body_file = tmp / "body"
    body_file.write_bytes(body)
    lines = ['wrk.method = "POST"', f'local f = io.open("{body_file}", "rb")', "wrk.body = f:read('*a')", "f:close()"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    lines += [request_lua, KEEP_ANSWERS % (tmp / "answers")]
    if counter_marker is not None:
        pieces = body.split(counter_marker)
        counter_format = f"%0{counter_digits}d" if counter_digits else "%d"
        for index, piece in enumerate(pieces):
            (tmp / f"piece{index}").write_bytes(piece)
        lines += [f'local pieces = {{}}; for i = 0, {len(pieces) - 1} do local f = io.open("{tmp}/piece" .. i, "rb"); '
                  'pieces[#pieces + 1] = f:read("*a"); f:close() end',
                  "local counter = 0",
                  "request = function() counter = counter + 1; "
                  f'return wrk.format(nil, nil, nil, table.concat(pieces, string.format("{counter_format}", counter))) end']
    script.write_text("\n".join(lines) + "\n")
    return script


def wrk_figures(output: str, answers_file: Path) -> LoadResult:
    """What wrk printed (with ``--latency``), and the 2xx answers its script wrote."""
    answers = tuple(answers_file.read_text().splitlines())
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p50 = _millis(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _millis(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non_2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1])
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return LoadResult(rps, p50, p99, non_2xx, socket_errors, requests, answers)


def start_bare() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("bare_app.py")), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/bare"
    for _ in range(200):
        try:
            httpx.post(url, json={}, timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("bare app did not start")


def start_appliance(data_dir: Path, env: dict | None = None, extra_args: tuple = ()) -> tuple[ServerProcess, str, dict]:
    _, token, integrations = provision(data_dir)
    env = {"SVIT_ACCESS_LOG": "false", **(env or {})}
    server = ServerProcess(data_dir, env=env, extra_args=extra_args).start()
    return server, token, integrations


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def print_table(rows: list[tuple]) -> None:
    width = max(len(str(r[0])) for r in rows)
    for name, *values in rows:
        print(f"{name:<{width}}  " + "  ".join(str(v) for v in values))


def cpu_count() -> int:
    return os.cpu_count() or 1


class BackgroundWrk:
    """wrk loading ``url`` with POSTs of ``body`` (as run_wrk does) until ``stop()``, for a load that
    lasts as long as some other work. ``timeout_seconds``: answers slower than this count as wrk's
    timeout errors instead of latencies (wrk's own default is 2 s)."""

    def __init__(self, url: str, body: bytes, headers: dict, connections: int = 64, timeout_seconds: int = 2,
                 longest_seconds: int = 3600):
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is needed for benchmarks: apt-get install -y wrk")
        self._tmp = tempfile.TemporaryDirectory()
        script = write_wrk_script(Path(self._tmp.name), body, headers)
        self._process = subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", f"-d{longest_seconds}s", f"--timeout={timeout_seconds}s", "--latency",
             "-s", str(script), url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def stop(self) -> LoadResult:
        """Stop the load (SIGINT: wrk stops and prints its figures over the time it ran) and read them."""
        try:
            self._process.send_signal(signal.SIGINT)
            output, errors = self._process.communicate(timeout=60)
            if self._process.returncode != 0:
                raise RuntimeError(f"wrk exited {self._process.returncode}: {errors}")
            return wrk_figures(output, Path(self._tmp.name) / "answers")
        finally:
            self._tmp.cleanup()

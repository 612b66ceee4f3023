"""Contact form benchmark: synchronous person upserts (distinct emails) against a bare Sanic route,
in the same run.

    python tests/bench/bench_form.py [--seconds 10] [--connections 64]

Prints submissions/s and p50/p99 latency, and the ratio to bare Sanic. Target (DESIGN.md):
>= 0.4 x bare. Rate limits stay on (set high: one loopback client stands for many visitors).
"""
import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import print_table, rss_mb, run_wrk, start_bare  # noqa: E402
from tests.conftest import ServerProcess, run_cli  # noqa: E402

ORIGIN = "https://acme.example"
# every request a new visitor: a new email, so every post creates a person
DISTINCT_EMAILS = """
local counter = 0
local run = tostring(os.time())
request = function()
  counter = counter + 1
  local body = '{"name":"Visitor ' .. counter .. '","email":"visitor' .. counter .. '.' .. run .. '@example.com",'
    .. '"company":"Acme","message":"I would like a quote for twelve seats, billed yearly, starting next month.",'
    .. '"pageUrl":"https://acme.example/pricing?utm_source=bench","consent":true}'
  return wrk.format(nil, nil, nil, body)
end
"""


def start_form_appliance(data_dir: Path) -> tuple[ServerProcess, str]:
    project = run_cli(data_dir, "project", "create", "Bench", "--json")
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", ORIGIN,
                    "--require", "email", "--json")
    run_cli(data_dir, "client-token", "configure", token["id"], "--rate-limit", "1000000/minute", "--json")
    env = {"SVIT_ACCESS_LOG": "false", "SVIT_FORM_IP_RATE_LIMIT": "1000000/minute"}
    return ServerProcess(data_dir, env=env).start(), token["token"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    json_headers = {"Content-Type": "application/json"}

    bare_process, bare_url = start_bare()
    try:
        run_wrk(bare_url, b"{}", json_headers, args.connections, 2, request_lua=DISTINCT_EMAILS)
        bare = run_wrk(bare_url, b"{}", json_headers, args.connections, args.seconds, request_lua=DISTINCT_EMAILS)
    finally:
        bare_process.terminate()
        bare_process.wait()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token = start_form_appliance(data_dir)
        headers = {**json_headers, "x-client-token": token, "Origin": ORIGIN}
        url = server.base_url + "/api/v1/external/client/form"
        try:
            real = run_wrk(url, b"{}", headers, args.connections, args.seconds, request_lua=DISTINCT_EMAILS)
            rss = rss_mb(server.process.pid)
        finally:
            server.stop()
        with sqlite3.connect(data_dir / "svit.db") as connection:
            persons = connection.execute("SELECT count(*) FROM person").fetchone()[0]

    ratio = real.requests_per_second / bare.requests_per_second
    print_table([
        ("route", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"),
        ("bare Sanic JSON POST", f"{bare.requests_per_second:,.0f}", f"{bare.p50_ms:.2f}", f"{bare.p99_ms:.2f}",
         bare.non_2xx, bare.errors),
        ("svit contact form (upsert)", f"{real.requests_per_second:,.0f}", f"{real.p50_ms:.2f}",
         f"{real.p99_ms:.2f}", real.non_2xx, real.errors),
    ])
    print(f"ratio svit/bare: {ratio:.2f} (target >= 0.40)")
    print(f"persons created: {persons:,}; server RSS after load: {rss:.0f} MB")
    return 0 if real.non_2xx == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

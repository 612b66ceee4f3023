"""Ingestion accept-path benchmark: the real endpoint against a bare Sanic route, same run.

    python tests/bench/bench_ingest.py [--seconds 10] [--connections 64]

Prints accepted req/s and p50/p99 latency for 1 KB JSON bodies, and the ratio to bare Sanic.
Target (DESIGN.md): >= 0.6 x bare, p99 <= 25 ms at 64 connections.
"""
import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import one_kb_body, print_table, rss_mb, run_wrk, start_appliance, start_bare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--server-args", default="", help="extra `svit serve` arguments, e.g. --no-worker")
    args = parser.parse_args()
    body = one_kb_body()

    bare_process, bare_url = start_bare()
    try:
        run_wrk(bare_url, body, {"Content-Type": "application/json"}, args.connections, 2)
        bare = run_wrk(bare_url, body, {"Content-Type": "application/json"}, args.connections, args.seconds)
    finally:
        bare_process.terminate()
        bare_process.wait()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token, integrations = start_appliance(data_dir, extra_args=tuple(args.server_args.split()))
        url = server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        try:
            run_wrk(url, body, headers, args.connections, 2)
            real = run_wrk(url, body, headers, args.connections, args.seconds)
            rss = rss_mb(server.process.pid)
        finally:
            server.stop()
        with sqlite3.connect(data_dir / "svit.db") as connection:
            stored = connection.execute("SELECT count(*) FROM ingestion_job").fetchone()[0]

    ratio = real.requests_per_second / bare.requests_per_second
    print_table([
        ("route", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"),
        ("bare Sanic JSON POST", f"{bare.requests_per_second:,.0f}", f"{bare.p50_ms:.2f}", f"{bare.p99_ms:.2f}", bare.non_2xx, bare.errors),
        ("svit ingestion (durable)", f"{real.requests_per_second:,.0f}", f"{real.p50_ms:.2f}", f"{real.p99_ms:.2f}", real.non_2xx, real.errors),
    ])
    print(f"ratio svit/bare: {ratio:.2f} (target >= 0.60); p99 {real.p99_ms:.1f} ms (target <= 25 ms)")
    print(f"jobs stored: {stored:,}; server RSS after load: {rss:.0f} MB")
    return 0 if real.non_2xx == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

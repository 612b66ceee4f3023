"""Ingestion accept-path benchmark: the real endpoint against a bare Sanic route, same run.

    python tests/bench/bench_ingest.py [--seconds 5] [--rounds 3] [--connections 64]

Both servers run side by side and are loaded in alternating rounds (bare, svit, bare, svit...)
so that noise from the rest of the machine hits both alike; the figures are medians over the
rounds. Prints accepted req/s and p50/p99 latency for 1 KB JSON bodies and the ratio to bare
Sanic. Target: >= 0.6 x bare, p99 <= 25 ms at 64 connections.
"""
import argparse
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import (  # noqa: E402
    Verdict,
    answered,
    one_kb_body,
    print_table,
    print_verdicts,
    rss_mb,
    run_wrk,
    start_appliance,
    start_bare,
    stored_verdict,
)


def median_result(results):
    return (statistics.median(r.requests_per_second for r in results),
            statistics.median(r.p50_ms for r in results),
            statistics.median(r.p99_ms for r in results),
            sum(r.non_2xx for r in results), sum(r.errors for r in results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--server-args", default="", help="extra `svit serve` arguments")
    args = parser.parse_args()
    body = one_kb_body()

    bare_process, bare_url = start_bare()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token, integrations = start_appliance(data_dir, extra_args=tuple(args.server_args.split()))
        svit_url = server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
        targets = {
            "bare": (bare_url, {"Content-Type": "application/json"}),
            "svit": (svit_url, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}),
        }
        results = {"bare": [], "svit": []}
        warm_ups = []
        try:
            for url, headers in targets.values():
                warm_ups.append(run_wrk(url, body, headers, args.connections, 2))
            for _ in range(args.rounds):
                for name, (url, headers) in targets.items():
                    results[name].append(run_wrk(url, body, headers, args.connections, args.seconds))
            rss = rss_mb(server.process.pid)
        finally:
            server.stop()
            bare_process.terminate()
            bare_process.wait()
        with sqlite3.connect(data_dir / "svit.db") as connection:
            stored_ids = {row[0] for row in connection.execute("SELECT id FROM ingestion_job")}
        stored = len(stored_ids)

    bare, svit = median_result(results["bare"]), median_result(results["svit"])
    ratios = [s.requests_per_second / b.requests_per_second for b, s in zip(results["bare"], results["svit"])]
    print_table([
        ("route (median of rounds)", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"),
        ("bare Sanic JSON POST", f"{bare[0]:,.0f}", f"{bare[1]:.2f}", f"{bare[2]:.2f}", bare[3], bare[4]),
        ("svit ingestion (durable)", f"{svit[0]:,.0f}", f"{svit[1]:.2f}", f"{svit[2]:.2f}", svit[3], svit[4]),
    ])
    print(f"ratio svit/bare per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f} (target >= 0.60); p99 {svit[2]:.1f} ms (target <= 25 ms)")
    print(f"jobs stored: {stored:,}; server RSS after load: {rss:.0f} MB")
    print_verdicts([
        Verdict("accepted ingestion req/s (durable, 1 KB)", f"{statistics.median(ratios):.2f} x bare", ">= 0.60 x bare",
                statistics.median(ratios) >= 0.6),
        Verdict("accepted ingestion p99 at 64 connections", f"{svit[2]:.1f} ms", "<= 25 ms", svit[2] <= 25),
        stored_verdict("ingestion", answered([warm_ups[1], *results["svit"]], "jobId"), stored_ids),
    ])
    return 0 if svit[3] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Contact form benchmark: synchronous person upserts (distinct emails) against a bare Sanic route,
in the same run.

    python tests/bench/bench_form.py [--seconds 5] [--rounds 3] [--connections 64]

Both servers run side by side and are loaded in alternating rounds (bare, svit, bare, svit...), as
bench_ingest does, so noise from the rest of the machine hits both alike; figures are medians over
the rounds. Prints submissions/s, p50/p99 latency and the ratio to bare Sanic, and checks that
every 2xx answer created its person. Target: >= 0.3 x bare. Rate limits stay on (set
high: one loopback client stands for many visitors).
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
    print_table,
    print_verdicts,
    rss_mb,
    run_wrk,
    start_bare,
    stored_verdict,
)
from tests.bench.workload import DISTINCT_EMAILS, ORIGIN  # noqa: E402
from tests.conftest import ServerProcess, run_cli  # noqa: E402


def start_form_appliance(data_dir: Path) -> tuple[ServerProcess, str]:
    project = run_cli(data_dir, "project", "create", "Bench", "--json")
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", ORIGIN,
                    "--require", "email", "--json")
    run_cli(data_dir, "client-token", "configure", token["id"], "--rate-limit", "1000000/minute", "--json")
    env = {"SVIT_ACCESS_LOG": "false", "SVIT_FORM_IP_RATE_LIMIT": "1000000/minute"}
    return ServerProcess(data_dir, env=env).start(), token["token"]


def median(results, field: str) -> float:
    return statistics.median(getattr(r, field) for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    json_headers = {"Content-Type": "application/json"}

    bare_process, bare_url = start_bare()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token = start_form_appliance(data_dir)
        targets = {"bare": (bare_url, json_headers),
                   "svit": (server.base_url + "/api/v1/external/client/form",
                            {**json_headers, "x-client-token": token, "Origin": ORIGIN})}
        results = {"bare": [], "svit": []}
        warm = {}
        try:
            for name, (url, headers) in targets.items():
                warm[name] = run_wrk(url, b"{}", headers, args.connections, 2, request_lua=DISTINCT_EMAILS)
            for _ in range(args.rounds):
                for name, (url, headers) in targets.items():
                    results[name].append(run_wrk(url, b"{}", headers, args.connections, args.seconds,
                                                 request_lua=DISTINCT_EMAILS))
            rss = rss_mb(server.process.pid)
        finally:
            server.stop()
            bare_process.terminate()
            bare_process.wait()
        with sqlite3.connect(data_dir / "svit.db") as connection:
            person_ids = {row[0] for row in connection.execute("SELECT id FROM person")}
        persons = len(person_ids)

    bare, real = results["bare"], results["svit"]
    ratios = [s.requests_per_second / b.requests_per_second for b, s in zip(bare, real)]
    ratio = statistics.median(ratios)
    print_table([
        ("route (median of rounds)", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors"),
        ("bare Sanic JSON POST", f"{median(bare, 'requests_per_second'):,.0f}", f"{median(bare, 'p50_ms'):.2f}",
         f"{median(bare, 'p99_ms'):.2f}", sum(r.non_2xx for r in bare), sum(r.errors for r in bare)),
        ("svit contact form (upsert)", f"{median(real, 'requests_per_second'):,.0f}", f"{median(real, 'p50_ms'):.2f}",
         f"{median(real, 'p99_ms'):.2f}", sum(r.non_2xx for r in real), sum(r.errors for r in real)),
    ])
    print(f"ratio svit/bare per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {ratio:.2f} (target >= 0.30)")
    print(f"persons created: {persons:,}; server RSS after load: {rss:.0f} MB")
    print_verdicts([
        Verdict("contact form submissions/s (synchronous upsert)", f"{ratio:.2f} x bare", ">= 0.30 x bare",
                ratio >= 0.3),
        stored_verdict("contact form (one new person per 2xx)", answered([warm["svit"], *real], "personId"),
                       person_ids),
    ])
    return 0 if sum(r.non_2xx for r in real) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

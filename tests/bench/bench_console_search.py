"""Console person search at 1,000,000 persons, against the unfiltered persons page, same run.

    python tests/bench/bench_console_search.py [--persons 1000000] [--requests 400]

Seeds persons into a temp SQLite database (bulk insert in one transaction; the FTS5 index is
filled by the same triggers that serve the running appliance), starts the real server, signs in
and times console search requests over HTTP one after another (server-side latency of the page:
query, render, response), then one full CSV export. Target: search p95 <= 50 ms.
"""
import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import Verdict, percentile, print_verdicts  # noqa: E402
from tests.bench.workload import FIRST, LAST, person_rows  # noqa: E402
from tests.conftest import ServerProcess, provision  # noqa: E402
from tests.console.helpers import ConsoleClient, create_admin  # noqa: E402


def seed_persons(data_dir: Path, project_id: str, count: int) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(data_dir / "svit.db")
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        connection.executemany(
            "INSERT INTO person (id, project_id, name, first_name, last_name, email, email_raw, phone, phone_raw,"
            " company, attributes, first_source, last_source, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", person_rows(project_id, count))
    connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def queries(count: int, persons: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    kinds = [
        lambda: rng.choice(LAST).lower(),                                     # common surname: many matches
        lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}",                    # full name
        lambda: f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{rng.randrange(persons)}@",  # one email
        lambda: f"{rng.randrange(persons):07d}",                              # phone digits: one person
        lambda: f"({rng.randint(201, 989)}) {rng.randrange(persons):07d}"[:12],  # typed phone prefix
        lambda: "zzq" + str(rng.randrange(1000)),                             # no match at all
    ]
    return [kinds[n % len(kinds)]() for n in range(count)]


def time_requests(client: ConsoleClient, params_list: list[dict]) -> list[float]:
    timings = []
    for params in params_list:
        started = time.perf_counter()
        response = client.http.get("/console/persons", params=params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text[:300]
    return timings


def time_export(client: ConsoleClient) -> tuple[float, int]:
    started = time.perf_counter()
    rows = 0
    with client.http.stream("GET", "/console/persons/export.csv", timeout=600) as response:
        for _ in response.iter_lines():
            rows += 1
    return time.perf_counter() - started, rows - 1  # minus the header


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        project, _, _ = provision(data_dir)
        create_admin(data_dir)
        seconds = seed_persons(data_dir, project["id"], args.persons)
        print(f"seeded {args.persons:,} persons (with the FTS5 trigram index) in {seconds:.1f} s; "
              f"database {(data_dir / 'svit.db').stat().st_size / 1e6:.0f} MB")
        server = ServerProcess(data_dir).start()
        try:
            client = ConsoleClient(server.base_url)
            client.login()
            time_requests(client, [{"q": q} for q in queries(50, args.persons, seed=1)])  # warm-up
            baseline = time_requests(client, [{}] * (args.requests // 4) + [{"page": n} for n in range(2, args.requests // 4 + 2)])
            searched = queries(args.requests, args.persons)
            search = time_requests(client, [{"q": q} for q in searched])
            filtered = time_requests(client, [{"q": q, "source": "int_bench"} for q in searched[: args.requests // 4]])
            by_source = time_requests(client, [{"source": "int_bench", "page": n} for n in range(1, args.requests // 4 + 1)])
            export_seconds, export_rows = time_export(client)
        finally:
            server.stop()
    print(f"{'requests':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, values in (("persons page, no search (baseline)", baseline), ("search (name/email/phone)", search),
                          ("search + source filter", filtered), ("source filter only, pages 1..n", by_source)):
        print(f"{label:<44} {len(values):>5} {statistics.median(values):>8.1f} {percentile(values, 95):>8.1f} "
              f"{max(values):>8.1f}")
    print(f"CSV export of all persons: {export_rows:,} rows in {export_seconds:.1f} s "
          f"({export_rows / export_seconds:,.0f} rows/s, streamed)")
    p95 = percentile(search, 95)
    print(f"search p95 {p95:.1f} ms = {p95 / percentile(baseline, 95):.2f} x baseline p95; "
          f"target p95 <= 50 ms: {'met' if p95 <= 50 else 'NOT met'}")
    print_verdicts([
        Verdict(f"console person search at {args.persons:,} persons", f"p95 {p95:.1f} ms", "p95 <= 50 ms", p95 <= 50),
        Verdict("CSV export: every person once", f"{export_rows:,} rows", f"{args.persons:,} rows",
                export_rows == args.persons, "correct"),
    ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

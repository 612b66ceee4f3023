"""Memory under load with 1,000,000 persons: the server's RSS while ingestion and contact form
posts arrive and the in-process worker turns them into persons.

    python tests/bench/bench_memory.py [--persons 1000000] [--seconds 60] [--connections 64]

Seeds the persons straight into a fresh data directory with one bulk insert (the search index is
built afterwards in one statement, as for a restored database), starts `svit serve` as users run
it (worker inside), then alternates wrk phases of ingestion requests (each a new person) and
contact form posts (each a new visitor) for about ``--seconds`` in all, sampling the server's RSS.
Prints the RSS at rest and under load (the kernel's high-water mark, VmHWM, is the peak) and
checks that every 2xx answer was stored. Target: RSS <= 150 MB.
"""
import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import Verdict, answered, print_verdicts, run_wrk, stored_verdict  # noqa: E402
from tests.bench.workload import DISTINCT_EMAILS, MARKER, ORIGIN, person_body, person_rows  # noqa: E402
from tests.conftest import ServerProcess, provision, run_cli  # noqa: E402

PERSON_COLUMNS = ("id, project_id, name, first_name, last_name, email, email_raw, phone, phone_raw, company, "
                  "attributes, first_source, last_source, created_at, updated_at")
TARGET_MB = 150


def seed_persons(database: Path, project_id: str, count: int) -> float:
    """Bulk-insert ``count`` persons with the per-row insert triggers set aside, then rebuild every
    full-text index over the person table in one statement and put the triggers back."""
    started = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("BEGIN")
    triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
                                  " AND sql LIKE '%AFTER INSERT%'").fetchall()
    for name, _ in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    placeholders = ", ".join("?" * len(PERSON_COLUMNS.split(", ")))
    connection.executemany(f"INSERT INTO person ({PERSON_COLUMNS}) VALUES ({placeholders})",
                           person_rows(project_id, count))
    for _, sql in triggers:
        connection.execute(sql)
    for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
                                       " AND sql LIKE '%content=''person''%'").fetchall():
        connection.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class RssSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval, self.samples = pid, interval, []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.samples.append(rss_kb(self.pid) / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=60, help="load in all (phases of about 10 s)")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    phase = max(1, min(10, args.seconds // 2))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        project, token, integrations = provision(data_dir)
        client = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", ORIGIN,
                         "--require", "email", "--json")
        run_cli(data_dir, "client-token", "configure", client["id"], "--rate-limit", "1000000/minute", "--json")
        seconds = seed_persons(data_dir / "svit.db", project["id"], args.persons)
        print(f"seeded {args.persons:,} persons (search index rebuilt in one statement) in {seconds:.1f} s; "
              f"database {(data_dir / 'svit.db').stat().st_size / 1e6:.0f} MB")
        env = {"SVIT_ACCESS_LOG": "false", "SVIT_FORM_IP_RATE_LIMIT": "1000000/minute"}
        server = ServerProcess(data_dir, env=env).start(timeout=120)
        pid = server.process.pid
        at_rest = rss_kb(pid) / 1024
        ingest = (server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}",
                  {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        form = (server.base_url + "/api/v1/external/client/form",
                {"Content-Type": "application/json", "x-client-token": client["token"], "Origin": ORIGIN})
        sampler = RssSampler(pid)
        sampler.start()
        ingested, posted = [], []
        started = time.monotonic()
        try:
            while time.monotonic() - started < args.seconds:
                ingested.append(run_wrk(ingest[0], person_body(), ingest[1], args.connections, phase, counter_marker=MARKER))
                posted.append(run_wrk(form[0], b"{}", form[1], args.connections, phase, request_lua=DISTINCT_EMAILS))
            peak = rss_kb(pid, "VmHWM") / 1024
        finally:
            sampler.done.set()
            server.stop()
        with sqlite3.connect(data_dir / "svit.db") as connection:
            job_ids = {row[0] for row in connection.execute("SELECT id FROM ingestion_job")}
            person_ids = {row[0] for row in connection.execute("SELECT id FROM person WHERE id NOT LIKE 'per_bench%'")}
            persons = connection.execute("SELECT count(*) FROM person").fetchone()[0]

    samples = sorted(sampler.samples) or [at_rest]
    loaded = time.monotonic() - started
    print(f"load: {loaded:.0f} s in phases of {phase} s; {sum(r.accepted for r in ingested):,} ingestion requests and "
          f"{sum(r.accepted for r in posted):,} form posts answered 2xx; {persons:,} persons at the end")
    print(f"RSS at rest {at_rest:.0f} MB; under load median {samples[len(samples) // 2]:.0f} MB, "
          f"peak {peak:.0f} MB (VmHWM; target <= {TARGET_MB} MB)")
    print_verdicts([
        Verdict(f"RSS under load at {args.persons:,} persons", f"peak {peak:.0f} MB", f"<= {TARGET_MB} MB",
                peak <= TARGET_MB),
        stored_verdict("memory load, ingestion", answered(ingested, "jobId"), job_ids),
        stored_verdict("memory load, contact form", answered(posted, "personId"), person_ids),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())

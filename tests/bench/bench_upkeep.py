"""Backups and retention against a busy writer: how long the accept path's commits wait.

    python tests/bench/bench_upkeep.py [--jobs 200000] [--seconds 3]

Seeds succeeded jobs with ~1 KB JSON bodies into a temp data dir, then, with one thread
committing one small insert per transaction (WAL, synchronous=FULL, BEGIN IMMEDIATE: the accept
path's writer), measures commit latency for ``--seconds`` alone, during ``svit backup``'s online
copy + integrity_check + gzip, and during retention's redaction of every body (batches of 500).
Also prints the backup's time, the database and gzip sizes, and the longest retention batch
(the longest write lock retention holds). Compare the three rows of the same run: on a shared
machine a single fsync stall shows in every row's max, so look at the p99s.
"""
import argparse
import itertools
import json
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from svit_appliance.settings import Settings  # noqa: E402
from svit_appliance.store import db as store_db  # noqa: E402
from svit_appliance.store.backup import make_backup  # noqa: E402
from svit_appliance.store.connect import close_database, open_database  # noqa: E402
from svit_appliance.upkeep import retention  # noqa: E402

WRITES = itertools.count()


def seed(data_dir: Path, jobs: int) -> None:
    open_database(Settings.load({}, data_dir=str(data_dir)))
    close_database()
    body = json.dumps({"name": "Ada Lovelace", "email": "ada@example.com", "note": "x" * 900}).encode()
    with sqlite3.connect(data_dir / "svit.db") as connection:
        connection.execute("INSERT INTO project VALUES ('prj_b', 'Bench', 'US', '2026-01-01')")
        connection.execute("INSERT INTO integration VALUES ('int_b', 'prj_b', 'w', 'WEBHOOK', '{}', 1, '2026-01-01')")
        connection.executemany(
            "INSERT INTO ingestion_job (id, project_id, integration_id, body, content_type, status, attempts, "
            "person_ids, received_at, processed_at) VALUES (?, 'prj_b', 'int_b', ?, 'application/json', "
            "'succeeded', 1, '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:01')",
            ((f"job_b{n:012d}", body) for n in range(jobs)))


class Writer(threading.Thread):
    """One small write transaction after another, each timed; like the accept path's writer it takes
    its turn through store.db.write_transaction, the process's writers' lock."""

    def __init__(self):
        super().__init__(daemon=True)
        self.latencies, self.stop = [], threading.Event()

    def run(self) -> None:
        db = store_db.database
        while not self.stop.is_set():
            started = time.perf_counter()
            with original_write_transaction():
                db.execute_sql("INSERT INTO audit_entry (id, actor, action, details, created_at) "
                               "VALUES (?, 'bench', 'write', '{}', '2026-01-01')", (f"aud_w{next(WRITES)}",))
            self.latencies.append(time.perf_counter() - started)
            time.sleep(0.002)  # a steady trickle, like batches of accepted requests
        db.close()


original_write_transaction = store_db.write_transaction


def during(work) -> tuple[list[float], object, float]:
    writer = Writer()
    writer.start()
    time.sleep(0.2)
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    writer.stop.set()
    writer.join()
    return writer.latencies, result, elapsed


def summary(name: str, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if len(ordered) > 100 else ordered[-1]
    return (f"{name:<22} commits {len(ordered):>6}  median {statistics.median(ordered) * 1000:6.2f} ms  "
            f"p99 {p99 * 1000:6.2f} ms  max {ordered[-1] * 1000:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        seed(data_dir, args.jobs)
        path = data_dir / "svit.db"
        print(f"database: {args.jobs} jobs, {path.stat().st_size / 2**20:.1f} MiB")
        settings = Settings.load({}, data_dir=str(data_dir))
        open_database(settings, upgrade=False)
        alone, _, _ = during(lambda: time.sleep(args.seconds))
        print(summary("writer alone", alone))
        backed, record, backup_s = during(lambda: make_backup(data_dir))
        print(summary("writer during backup", backed))
        print(f"backup: {backup_s:.2f} s, {record.databaseBytes / 2**20:.1f} MiB -> {record.sizeBytes / 2**20:.1f} MiB gzip, "
              f"verified {record.verified}")
        batches = []

        def timed_transaction(db=None):
            return _Timed(original_write_transaction(db), batches)

        retention.write_transaction = timed_transaction
        cut, result, retention_s = during(lambda: retention.apply_policy(
            retention.policy("bodies"), retention.utcnow(), pause=lambda: time.sleep(retention.PAUSE_SECONDS)))
        close_database()
        print(summary("writer during retention", cut))
        print(f"retention: {result} bodies redacted in {retention_s:.2f} s, {len(batches)} batches, "
              f"longest batch {max(batches) * 1000:.1f} ms")


class _Timed:
    def __init__(self, inner, sink):
        self.inner, self.sink = inner, sink

    def __enter__(self):
        self.started = time.perf_counter()
        return self.inner.__enter__()

    def __exit__(self, *exc):
        try:
            return self.inner.__exit__(*exc)
        finally:
            self.sink.append(time.perf_counter() - self.started)


if __name__ == "__main__":
    main()

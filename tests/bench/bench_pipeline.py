"""Pipeline benchmark: accepting, processing, and both at once, against bare Sanic in the same run.

    python tests/bench/bench_pipeline.py [--seconds 5] [--rounds 3] [--connections 64] [--backlog 20000]

Prints, with their targets:
- accept path (`svit serve --no-worker`): req/s and p99 for 1 KB JSON bodies vs a bare Sanic route;
- worker alone (`svit worker`) on a pre-filled backlog: single-person jobs/s, and persons/s from
  batch bodies;
- end to end in one process (`svit serve`, worker inside; `--paced-worker process` for
  `svit serve --worker-process`): the highest steady offered rate it keeps up with, and how long
  the backlog takes to drain once the load stops.
Every request names a new person, so the worker creates persons rather than re-merging one. The
accept runs alternate rounds with the bare route (bare, svit, bare, svit...) like bench_ingest,
and every run checks that each 202 has its stored job.
"""
import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from svit_appliance.core.ids import new_id  # noqa: E402
from svit_appliance.pipeline.jobs import WRITE_GROUP_PERSONS  # noqa: E402
from svit_appliance.settings import Settings  # noqa: E402
from svit_appliance.store.connect import open_database  # noqa: E402
from svit_appliance.store.jobs import insert_sql  # noqa: E402
from svit_appliance.store.models import utcnow  # noqa: E402
from tests.bench.harness import (  # noqa: E402
    Verdict,
    answered,
    print_table,
    print_verdicts,
    rss_mb,
    run_wrk,
    start_appliance,
    start_bare,
    stored_job_ids,
    stored_verdict,
)
from tests.bench.limit import measure_limit  # noqa: E402
from tests.bench.paced import highest_held_rate, run_step  # noqa: E402
from tests.bench.workload import COUNTER_DIGITS, MARKER, numbered_body, person_body, round_body  # noqa: E402
from tests.conftest import provision  # noqa: E402


def job_counts(data_dir: Path) -> dict:
    import sqlite3

    with sqlite3.connect(data_dir / "svit.db") as connection:
        return dict(connection.execute("SELECT status, count(*) FROM ingestion_job GROUP BY status"))


def processed_span(data_dir: Path) -> tuple[int, float]:
    """(jobs succeeded, seconds between the first and the last completion)."""
    import sqlite3
    from datetime import datetime

    with sqlite3.connect(data_dir / "svit.db") as connection:
        count, first, last = connection.execute(
            "SELECT count(*), min(processed_at), max(processed_at) FROM ingestion_job WHERE status = 'succeeded'").fetchone()
    parse = datetime.fromisoformat
    return count, (parse(last) - parse(first)).total_seconds() if count else 0.0


def person_count(data_dir: Path) -> int:
    import sqlite3

    with sqlite3.connect(data_dir / "svit.db") as connection:
        return connection.execute("SELECT count(*) FROM person").fetchone()[0]


def us_phone(n: int) -> str:
    """A distinct, valid US number per n (exchanges 200-999: NANP has none below 200)."""
    return f"+1650{200 + n // 10_000 % 800}{n % 10_000:04d}"


def job_records(jobs: int, persons_per_job: int) -> list[list[dict]]:
    """The persons of each job of a backlog, every one new."""
    return [[{"name": f"Person {n}-{i}", "email": f"p{n}x{i}@example.com", "phone": us_phone(n * persons_per_job + i),
              "plan": "pro"} for i in range(persons_per_job)] for n in range(jobs)]


def prefill(data_dir: Path, backlog: list[list[dict]]) -> None:
    """A backlog as the accept path leaves it: queued job rows (no doorbells: the worker's start-up
    sweep finds them, as after a restart)."""
    _, _, integrations = provision(data_dir)
    webhook = integrations["webhook"]
    db = open_database(Settings.load({}, data_dir=str(data_dir)))
    now = utcnow()
    rows = []
    for records in backlog:
        body = json.dumps(records[0] if len(records) == 1 else records).encode()
        rows.append((new_id("job"), webhook["projectId"], webhook["id"], body, "application/json", None,
                     "queued", 0, "[]", now, now))
    with db.atomic():
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            db.execute_sql(insert_sql(db.param, len(chunk)), [value for row in chunk for value in row])
    db.close()


def worker_alone(jobs: int, persons_per_job: int) -> dict:
    """Jobs/s, persons/s, wall seconds from worker start to empty backlog, and the limit for the
    same persons measured right after (same machine state)."""
    backlog = job_records(jobs, persons_per_job)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        prefill(data_dir, backlog)
        started = time.monotonic()
        worker = subprocess.Popen([sys.executable, "-m", "svit_appliance", "worker", "--data-dir", str(data_dir)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while job_counts(data_dir).get("succeeded", 0) < jobs:
                if worker.poll() is not None:
                    raise RuntimeError("worker exited")
                time.sleep(0.05)
            wall = time.monotonic() - started
        finally:
            worker.terminate()
            worker.wait()
        done, span = processed_span(data_dir)
        persons_s = person_count(data_dir) / span
    limit = measure_limit([record for records in backlog for record in records], "US", WRITE_GROUP_PERSONS)
    return {"jobs_s": done / span, "persons_s": persons_s, "wall": wall, "limit": limit,
            "ratio": (done / span if persons_per_job == 1 else persons_s) / limit.rows_per_second}


def accept_path(args, body: bytes, headers: dict, server_args: tuple, bare_url: str) -> dict:
    """Alternating rounds (bare, svit, bare, svit...) against a server started with ``server_args``."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token, integrations = start_appliance(data_dir, extra_args=server_args)
        url = server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
        auth = {**headers, "Authorization": f"Bearer {token}"}
        rounds, loads = [], []
        try:
            run_wrk(bare_url, body, headers, args.connections, 2)
            loads.append(run_wrk(url, round_body(body, 0), auth, args.connections, 2,
                                 counter_marker=MARKER, counter_digits=COUNTER_DIGITS))
            load_seconds = 0.0
            for n in range(args.rounds):
                bare = run_wrk(bare_url, body, headers, args.connections, args.seconds)
                load_started = time.monotonic()
                # every round names new persons: its own email prefix and phone area before wrk's counter
                svit = run_wrk(url, round_body(body, n + 1), auth, args.connections, args.seconds,
                               counter_marker=MARKER, counter_digits=COUNTER_DIGITS)
                load_seconds += time.monotonic() - load_started
                rounds.append((bare, svit))
                loads.append(svit)
            rss = rss_mb(server.process.pid)
            counts_at_stop = job_counts(data_dir)
            drain = None
            if not server_args:
                stop = time.monotonic()
                while any(job_counts(data_dir).get(s, 0) for s in ("queued", "processing")):
                    time.sleep(0.01)
                drain = time.monotonic() - stop
        finally:
            server.stop()
        stored_ids = stored_job_ids(data_dir)
    ratios = [svit.requests_per_second / bare.requests_per_second for bare, svit in rounds]
    return {"ratio": statistics.median(ratios), "ratios": ratios, "rounds": rounds, "rss": rss,
            "bare_rps": statistics.median(bare.requests_per_second for bare, _ in rounds),
            "rps": statistics.median(svit.requests_per_second for _, svit in rounds),
            "p99": statistics.median(svit.p99_ms for _, svit in rounds),
            "non_2xx": sum(svit.non_2xx for _, svit in rounds),
            "processed_rate": counts_at_stop.get("succeeded", 0) / load_seconds, "drain": drain,
            "answered": answered(loads, "jobId"), "stored_ids": stored_ids, "stored": len(stored_ids)}


def accept_rows(args, body: bytes, headers: dict) -> tuple[list, list, bool]:
    bare_process, bare_url = start_bare()
    try:
        accept = accept_path(args, body, headers, ("--no-worker",), bare_url)
        both = accept_path(args, body, headers, (), bare_url)
    finally:
        bare_process.terminate()
        bare_process.wait()
    rows = [
        ("bare Sanic JSON POST", f"{accept['bare_rps']:,.0f} req/s", "baseline", "next to each svit round"),
        ("accept only (--no-worker)", f"{accept['ratio']:.2f} x bare", ">= 0.60 x",
         f"{accept['rps']:,.0f} req/s, p99 {accept['p99']:.1f} ms (target <= 25), rounds "
         f"{', '.join(f'{r:.2f}' for r in accept['ratios'])}, non-2xx {accept['non_2xx']}, RSS {accept['rss']:.0f} MB"),
        ("end to end, one process: accepted", f"{both['ratio']:.2f} x bare", "",
         f"{both['rps']:,.0f} req/s, p99 {both['p99']:.1f} ms, non-2xx {both['non_2xx']}, RSS {both['rss']:.0f} MB"),
        ("end to end, one process: processed at full accept load", f"{both['processed_rate'] / both['bare_rps']:.2f} x bare",
         "(paced below)", f"{both['processed_rate']:,.0f} jobs/s; {both['stored']:,} stored"),
        ("end to end at full load: backlog drained after", f"{both['drain']:.2f} s", "(paced below)", ""),
    ]
    verdicts = [
        Verdict("accepted ingestion req/s, worker off", f"{accept['ratio']:.2f} x bare", ">= 0.60 x bare",
                accept["ratio"] >= 0.6),
        Verdict("accepted ingestion p99, worker off", f"{accept['p99']:.1f} ms", "<= 25 ms", accept["p99"] <= 25),
        stored_verdict("accept only", accept["answered"], accept["stored_ids"]),
        stored_verdict("end to end", both["answered"], both["stored_ids"]),
    ]
    return rows, verdicts, accept["non_2xx"] == 0 and both["non_2xx"] == 0


def worker_rows(args) -> tuple[list, list, bool]:
    single = worker_alone(args.backlog, 1)
    batch = worker_alone(args.batch_jobs, 20)
    rows = [
        ("worker alone: single-person jobs", f"{single['ratio']:.2f} x limit", ">= 0.40 x",
         f"{single['jobs_s']:,.0f} jobs/s; {single['limit'].describe()}; {args.backlog:,} jobs, "
         f"{single['wall']:.1f} s wall incl. start-up"),
        ("worker alone: batch bodies (20 persons)", f"{batch['ratio']:.2f} x limit", ">= 0.60 x",
         f"{batch['persons_s']:,.0f} persons/s, {batch['jobs_s']:,.0f} jobs/s; {batch['limit'].describe()}; "
         f"{args.batch_jobs:,} jobs, {batch['wall']:.1f} s wall"),
    ]
    verdicts = [
        Verdict("worker alone: single-person jobs", f"{single['ratio']:.2f} x limit", ">= 0.40 x limit",
                single["ratio"] >= 0.4),
        Verdict("worker alone: persons from batch bodies", f"{batch['ratio']:.2f} x limit", ">= 0.60 x limit",
                batch["ratio"] >= 0.6),
    ]
    return rows, verdicts, True


def paced_rows(args, body: bytes, headers: dict) -> tuple[list, list, bool]:
    """The highest steady offered rate one process (worker inside) keeps up with, against the bare
    route measured before and after the steps."""
    bare_process, bare_url = start_bare()
    try:
        bare_before = run_wrk(bare_url, body, headers, args.connections, args.seconds).requests_per_second
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp) / "data"
            server, token, integrations = start_appliance(
                data_dir, extra_args=("--worker-process",) if args.paced_worker == "process" else ())
            url = server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
            auth = {**headers, "Authorization": f"Bearer {token}"}
            rounds = itertools.count()
            try:
                run_wrk(url, round_body(body, next(rounds)), auth, args.connections, 2, counter_marker=MARKER,
                        counter_digits=COUNTER_DIGITS)

                def offer(rate: float):
                    step_body = round_body(body, next(rounds))
                    return run_step(url, auth, lambda n: numbered_body(step_body, n), data_dir / "svit.db", rate,
                                    args.paced_seconds, args.connections)
                steps = highest_held_rate(offer, bare_before, start=args.paced_start)
            finally:
                server.stop()
            stored_ids = stored_job_ids(data_dir)
            persons = person_count(data_dir)
        bare_after = run_wrk(bare_url, body, headers, args.connections, args.seconds).requests_per_second
    finally:
        bare_process.terminate()
        bare_process.wait()
    bare_rps = (bare_before + bare_after) / 2
    held = [step for step in steps if step.held]
    best = max(held, key=lambda step: step.achieved) if held else None
    ratio = best.achieved / bare_rps if best else 0.0
    rows = [("one process, paced: bare Sanic JSON POST", f"{bare_rps:,.0f} req/s", "baseline",
             f"before {bare_before:,.0f}, after {bare_after:,.0f}; worker {WORKER_MODES[args.paced_worker]}; "
             f"{persons:,} persons from {len(stored_ids):,} jobs"),
            ("one process: highest steady rate kept up with", f"{ratio:.2f} x bare", ">= 0.20 x",
             "; ".join(f"{step.achieved / bare_rps:.2f} x: {step.describe()}" for step in steps))]
    verdicts = [
        Verdict("one process: steady rate processed (backlog < 2 s of work)", f"{ratio:.2f} x bare", ">= 0.20 x bare",
                ratio >= 0.2),
        Verdict("one process: backlog drained after load", f"{best.drain:.2f} s" if best else "never held",
                "<= 2 s", best is not None and best.drain <= 2),
        stored_verdict("one process, paced", [json.loads(answer)["jobId"] for step in steps for answer in step.answers],
                       stored_ids),
    ]
    return rows, verdicts, all(step.non_2xx == 0 for step in steps)


WORKER_MODES = {"inside": "inside the server", "process": "a child process (--worker-process)"}
PARTS = {"accept": accept_rows, "worker": worker_rows, "paced": paced_rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--backlog", type=int, default=20_000, help="single-person jobs for the worker-alone run")
    parser.add_argument("--batch-jobs", type=int, default=1_000, help="batch jobs (20 persons each) for the worker-alone run")
    parser.add_argument("--paced-seconds", type=int, default=30, help="length of each step of the paced run")
    parser.add_argument("--paced-start", type=float, default=0.15, help="first offered rate, as a fraction of bare")
    parser.add_argument("--paced-worker", choices=tuple(WORKER_MODES), default="inside",
                        help="the paced run's worker: threads inside `svit serve` (the default), or the child "
                             "process of `svit serve --worker-process`")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"which to run, of {', '.join(PARTS)}")
    args = parser.parse_args()
    body, headers = person_body(), {"Content-Type": "application/json"}
    rows, verdicts, clean = [("what (median of alternating rounds)", "figure", "target", "detail")], [], True
    for part in args.parts.split(","):
        if part in ("accept", "paced"):
            part_rows, part_verdicts, part_clean = PARTS[part](args, body, headers)
        else:
            part_rows, part_verdicts, part_clean = PARTS[part](args)
        rows, verdicts, clean = rows + part_rows, verdicts + part_verdicts, clean and part_clean
    print_table(rows)
    print_verdicts(verdicts)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())

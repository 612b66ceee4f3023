"""Inspector benchmark: valid ingestion alone vs the same while a flood of bad-token requests comes in.

    python tests/bench/bench_flood.py [--seconds 20] [--rounds 3] [--flood 10000] [--connections 64]

One `svit serve --no-worker` takes valid 1 KB ingestion posts from wrk in every round; in every
other round a second wrk sends bad-token posts to the same ingestion URL at the same time, paced
so that ``--flood`` requests (10,000 by default) are spread over the flooded rounds (about a
minute at full size), all from 127.0.0.1. Rounds alternate (alone, flooded, alone, flooded...)
so that noise from the rest of the machine hits both alike. Prints the valid req/s and p99 of
both kinds of round and their ratio, and the rejected-request inspector's rows before and after
the flood against its bound (svit_appliance/inspector/recorder.py: samples per second, then
counts; at most KEEP_PER_PROJECT rows per project).
"""
import argparse
import concurrent.futures
import math
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from svit_appliance.inspector.recorder import FLUSH_SECONDS, KEEP_PER_PROJECT  # noqa: E402
from tests.bench.harness import (  # noqa: E402
    Verdict,
    answered,
    one_kb_body,
    print_table,
    print_verdicts,
    run_wrk,
    start_appliance,
    stored_job_ids,
    stored_verdict,
)

FLOOD_CONNECTIONS = 32
MAX_SLOWDOWN = 0.10  # "not measurably": within the rounds' own spread on this machine


def paced(requests: int, seconds: float) -> str:
    """wrk script: ``requests`` on a schedule evenly spread over ``seconds`` (each connection waits
    for the next request's due time on a monotonic clock, read through LuaJIT's FFI), then stop."""
    return f"""
local ffi = require("ffi")
ffi.cdef[[ typedef struct {{ long tv_sec; long tv_nsec; }} bench_timespec; int clock_gettime(int, bench_timespec *); ]]
local clock = ffi.new("bench_timespec")
local function now_ms() ffi.C.clock_gettime(1, clock); return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6 end
local sent, limit, interval, started = 0, {requests}, {seconds * 1000 / requests}, nil
request = function() sent = sent + 1; return wrk.format() end
delay = function()
  if sent >= limit then wrk.thread:stop() end
  started = started or now_ms()
  return math.max(0, math.floor(started + sent * interval - now_ms()))
end
"""


def inspector_rows(data_dir: Path) -> tuple[dict, int]:
    """(rows per owning project, refusals counted on them: each row stands for ``count`` refusals)."""
    with sqlite3.connect(data_dir / "svit.db") as connection:
        rows = dict(connection.execute("SELECT coalesce(project_id, 'appliance-wide'), count(*) "
                                       "FROM rejected_request GROUP BY 1"))
        counted = connection.execute("SELECT coalesce(sum(count), 0) FROM rejected_request").fetchone()[0]
    return rows, counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20, help="length of each round")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of rounds (alone, flooded)")
    parser.add_argument("--flood", type=int, default=10_000, help="bad-token requests over all flooded rounds")
    parser.add_argument("--connections", type=int, default=64, help="for the valid load")
    args = parser.parse_args()
    body = one_kb_body()
    per_round = math.ceil(args.flood / args.rounds)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server, token, integrations = start_appliance(data_dir, extra_args=("--no-worker",))
        url = server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
        valid = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        bad = {"Content-Type": "application/json", "Authorization": "Bearer svit_srv_not-a-real-token"}
        alone, flooded, floods, loads = [], [], [], []
        try:
            loads.append(run_wrk(url, body, valid, args.connections, 2))
            time.sleep(FLUSH_SECONDS * 2)
            rows_before, _ = inspector_rows(data_dir)
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                for _ in range(args.rounds):
                    alone.append(run_wrk(url, body, valid, args.connections, args.seconds))
                    flood = pool.submit(run_wrk, url, body, bad, FLOOD_CONNECTIONS, args.seconds,
                                        request_lua=paced(per_round, args.seconds))
                    flooded.append(run_wrk(url, body, valid, args.connections, args.seconds))
                    floods.append(flood.result())
            loads += alone + flooded
            time.sleep(FLUSH_SECONDS * 3)  # the recorder's thread writes what gathered once a second
            rows_after, counted = inspector_rows(data_dir)
        finally:
            server.stop()
        stored_ids = stored_job_ids(data_dir)

    sent = sum(f.requests for f in floods)
    refused = sum(f.non_2xx for f in floods)
    ratios = [f.requests_per_second / a.requests_per_second for a, f in zip(alone, flooded)]
    ratio = statistics.median(ratios)
    most_rows = max(rows_after.values(), default=0)
    trimmed = most_rows >= KEEP_PER_PROJECT  # the oldest rows (and their counts) went: counts can only be lower

    def row(name, results):
        return (name, f"{statistics.median(r.requests_per_second for r in results):,.0f}",
                f"{statistics.median(r.p50_ms for r in results):.2f}", f"{statistics.median(r.p99_ms for r in results):.1f}",
                sum(r.non_2xx for r in results))

    print_table([
        ("valid ingestion (median of alternating rounds)", "req/s", "p50 ms", "p99 ms", "non-2xx"),
        row("alone", alone),
        row(f"while {per_round:,} bad-token requests come in", flooded),
    ])
    print(f"flooded/alone per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {ratio:.2f} "
          f"(target >= {1 - MAX_SLOWDOWN:.2f})")
    flood_rate = sent / (len(floods) * args.seconds)
    alone_rate = statistics.median(a.requests_per_second for a in alone)
    print(f"flood: {sent:,} bad-token requests answered ({refused:,} refused) over {len(floods)} rounds "
          f"of {args.seconds} s, {FLOOD_CONNECTIONS} connections: {flood_rate:,.0f} req/s, "
          f"{flood_rate / alone_rate:.0%} of the valid rate alone (the CPU they take is not the valid load's)")
    print(f"inspector rows before {sum(rows_before.values()):,}, after {sum(rows_after.values()):,} "
          f"({', '.join(f'{k}: {v:,}' for k, v in rows_after.items()) or 'none'}); "
          f"refusals counted on them {counted:,}; bound {KEEP_PER_PROJECT:,} rows per project")
    print_verdicts([
        Verdict("valid ingestion during a bad-token flood", f"{ratio:.2f} x alone", f">= {1 - MAX_SLOWDOWN:.2f} x alone",
                ratio >= 1 - MAX_SLOWDOWN),
        Verdict("bad-token flood: inspector rows bounded", f"{most_rows:,} rows for {sent:,} refusals",
                f"<= {KEEP_PER_PROJECT:,} per project", most_rows <= KEEP_PER_PROJECT and refused == sent, "correct"),
        Verdict("bad-token flood: every refusal counted", f"{counted:,} counted, {sent:,} answered",
                "counted >= answered" + (" (oldest trimmed: not judged)" if trimmed else ""),
                trimmed or sent <= counted <= sent + FLOOD_CONNECTIONS, "correct"),
        stored_verdict("valid ingestion beside the flood", answered(loads, "jobId"), stored_ids),
    ])
    return 0 if sum(r.non_2xx for r in alone + flooded) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Delivery benchmark: does delivering to a destination slow the accept path?

    python tests/bench/bench_delivery.py [--seconds 5] [--rounds 3] [--connections 64] [--drain-timeout 600]

Three servers run side by side: a bare Sanic route, `svit serve` (worker inside) with no
destination, and `svit serve` with a webhook destination for `person.created` pointing at a real
receiver on 127.0.0.1 (allowed through SVIT_OUTBOUND_ALLOW_HOSTS). They are loaded in alternating
rounds (bare, plain, delivering, bare...), every request naming a new person, so each accepted
request becomes one job, one person and one delivery. Prints both ratios to bare and their
difference, then waits for the outbox to drain and checks that every delivery reached the
receiver (count at the receiver against the delivery rows).
"""
import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.harness import (  # noqa: E402
    Verdict,
    answered,
    one_kb_body,
    print_table,
    print_verdicts,
    run_wrk,
    start_bare,
    stored_job_ids,
    stored_verdict,
)
from tests.conftest import ServerProcess, provision, run_cli  # noqa: E402
from tests.destinations.receiver import Receiver  # noqa: E402

ENV = {"SVIT_ACCESS_LOG": "false", "SVIT_OUTBOUND_ALLOW_HOSTS": "127.0.0.1"}
MIN_KEPT = 0.90  # "not measurably": delivering keeps 90 % of the accept rate with no destination, as bench_flood
PERSONS_PER_LOAD = 500_000  # phone numbers set aside for each load (wrk's counter starts at 1 each time)


def new_person_per_request(load_index: int) -> str:
    """wrk's ``request()``: each request a new email and a new phone (the dedupe matches on either),
    distinct across loads too: ``load_index`` picks the block of numbers."""
    head, rest = one_kb_body().decode().split('"ada@example.com"')
    middle, tail = rest.split('"+44 20 7946 0958"')
    return (f"local head, middle, tail = [==[{head}]==], [==[{middle}]==], [==[{tail}]==]\n"
            "local counter = 0\n"
            "request = function()\n  counter = counter + 1\n"
            f"  local body = head .. '\"ada+l{load_index}x' .. counter .. '@example.com\"' .. middle .. "
            f"string.format('\"+1650%07d\"', {2_000_000 + load_index * PERSONS_PER_LOAD} + counter) .. tail\n"
            "  return wrk.format(nil, nil, nil, body)\nend")


class Target:
    """One svit server on its own data directory, loaded in its turn of each round."""

    def __init__(self, name: str, data_dir: Path, receiver: Receiver | None = None):
        self.name, self.data_dir = name, data_dir
        project, self.token, integrations = provision(data_dir)
        if receiver is not None:
            run_cli(data_dir, "destination", "create", "--project", project["id"], "--kind", "webhook",
                    "--name", "bench receiver", "--url", receiver.url, "--events", "person.created")
        self.server = ServerProcess(data_dir, env=ENV).start()
        self.url = self.server.base_url + f"/api/v1/external/data-ingestion/{integrations['webhook']['id']}"
        self.headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        self.loads = []

    def load(self, connections: int, seconds: int):
        result = run_wrk(self.url, one_kb_body(), self.headers, connections, seconds,
                         request_lua=new_person_per_request(len(self.loads)))
        self.loads.append(result)
        return result

    def query(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.data_dir / "svit.db") as connection:
            return connection.execute(sql).fetchall()


def wait_for_drain(target: Target, timeout: float) -> float | None:
    """Seconds until no job waits and no delivery is pending, or None when ``timeout`` passed first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = target.query("SELECT (SELECT count(*) FROM ingestion_job WHERE status IN ('queued', 'processing'))"
                               " + (SELECT count(*) FROM delivery WHERE status = 'pending')")[0][0]
        if waiting == 0:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def delivery_verdicts(target: Target, receiver: Receiver, drained: float | None, waited: float,
                      delivering_since: float) -> list[Verdict]:
    """Deliveries really happened and arrived; whether the outbox emptied in time is a speed figure
    (one delivery thread sends them one by one)."""
    persons = target.query("SELECT count(*) FROM person")[0][0]
    outbox = target.query("SELECT count(*) FROM delivery")[0][0]
    delivered_ids = {row[0] for row in target.query("SELECT id FROM delivery WHERE status = 'delivered'")}
    received_ids = {request.headers.get("webhook-id") for request in list(receiver.requests)}
    missing = len(delivered_ids - received_ids)
    rate = len(delivered_ids) / (time.monotonic() - delivering_since)
    return [
        Verdict("delivering: one delivery per new person", f"{persons:,} persons, {outbox:,} deliveries",
                "equal", persons == outbox and persons > 0, "correct"),
        Verdict("delivering: every delivery marked delivered reached the receiver",
                f"{len(delivered_ids):,} delivered, {len(received_ids):,} ids received, {missing:,} missing",
                "some delivered, 0 missing", missing == 0 and len(delivered_ids) > 0, "correct"),
        Verdict("delivering: outbox drained after the load",
                (f"{drained:.0f} s" if drained is not None else f"{outbox - len(delivered_ids):,} left after {waited:.0f} s")
                + f" ({rate:,.0f} deliveries/s)", "drained", drained is not None),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--drain-timeout", type=float, default=600.0, help="longest wait for the outbox to empty")
    args = parser.parse_args()
    os.environ.update(ENV)  # the CLI checks the destination URL against the same allow list

    receiver = Receiver().start()
    bare_process, bare_url = start_bare()
    bare_body, bare_headers = one_kb_body(), {"Content-Type": "application/json"}
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            plain = Target("plain", Path(tmp) / "plain")
            targets.append(plain)
            delivering = Target("delivering", Path(tmp) / "delivering", receiver)
            targets.append(delivering)
            run_wrk(bare_url, bare_body, bare_headers, args.connections, 2)
            delivering_since = time.monotonic()
            for target in targets:
                target.load(args.connections, 2)
            rounds = []
            for _ in range(args.rounds):
                bare = run_wrk(bare_url, bare_body, bare_headers, args.connections, args.seconds)
                rounds.append((bare, plain.load(args.connections, args.seconds),
                               delivering.load(args.connections, args.seconds)))
            loaded_at = time.monotonic()
            drained = wait_for_drain(delivering, args.drain_timeout)
            drain_seconds = time.monotonic() - loaded_at
            verdicts = [stored_verdict(t.name, answered(t.loads, "jobId"), stored_job_ids(t.data_dir)) for t in targets]
            verdicts += delivery_verdicts(delivering, receiver, drained, drain_seconds, delivering_since)
            delivered = delivering.query("SELECT count(*) FROM delivery WHERE status = 'delivered'")[0][0]
        finally:
            for target in targets:
                target.server.stop()
            bare_process.terminate()
            bare_process.wait()
            receiver.stop()

    plain_ratios = [p.requests_per_second / b.requests_per_second for b, p, _ in rounds]
    delivering_ratios = [d.requests_per_second / b.requests_per_second for b, _, d in rounds]
    plain_ratio, delivering_ratio = statistics.median(plain_ratios), statistics.median(delivering_ratios)
    slowdown = plain_ratio - delivering_ratio
    kept = delivering_ratio / plain_ratio if plain_ratio else 0.0

    def row(name, results, ratios):
        return (name, f"{statistics.median(r.requests_per_second for r in results):,.0f}",
                f"{statistics.median(r.p99_ms for r in results):.1f}", ", ".join(f"{r:.2f}" for r in ratios),
                sum(r.non_2xx for r in results))

    print_table([
        ("what (median of alternating rounds)", "req/s", "p99 ms", "x bare per round", "non-2xx"),
        ("bare Sanic JSON POST", f"{statistics.median(b.requests_per_second for b, _, _ in rounds):,.0f}",
         f"{statistics.median(b.p99_ms for b, _, _ in rounds):.1f}", "1", sum(b.non_2xx for b, _, _ in rounds)),
        row("svit, worker on, no destination", [p for _, p, _ in rounds], plain_ratios),
        row("svit, worker on, webhook destination", [d for _, _, d in rounds], delivering_ratios),
    ])
    print(f"ratio to bare: no destination {plain_ratio:.2f}, delivering {delivering_ratio:.2f}, "
          f"difference {slowdown:+.2f}; delivering keeps {kept:.2f} x the rate with no destination "
          f"(target >= {MIN_KEPT:.2f})")
    print(f"deliveries: {delivered:,} delivered, {len(receiver.requests):,} requests at the receiver; "
          + (f"outbox empty {drained:.1f} s after the load" if drained is not None
             else f"outbox not empty after {drain_seconds:.0f} s"))
    print_verdicts([
        Verdict("accept path while delivering", f"{kept:.2f} x no destination ({delivering_ratio:.2f} vs "
                f"{plain_ratio:.2f} x bare)", f">= {MIN_KEPT:.2f} x no destination", kept >= MIN_KEPT),
        *verdicts,
    ])
    non_2xx = sum(r.non_2xx for _, p, d in rounds for r in (p, d))
    return 0 if non_2xx == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

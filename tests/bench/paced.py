"""One process accepting and processing: the highest steady offered rate it keeps up with.

``svit serve`` (worker inside) is offered a steady rate of single-person ingestion requests by an
open-loop client: requests are due at fixed times whatever the answers' latency (a slow answer
does not slow the offer, unlike wrk's closed loop), sent over a pool of keep-alive connections;
the rate counted is the one answered 2xx over the step. The backlog (jobs queued or
processing) is sampled twice a second; a rate holds when the backlog stays under two seconds of
work (2 x the rate) for the whole step and drains within two seconds after the load stops.
Steps go up from a fraction of the bare route's rate while they hold, down while they do not; a
step holds only if the server also answered (nearly) all it was offered.
"""
import asyncio
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

BACKLOG_SECONDS = 2.0
DRAIN_SECONDS = 2.0
ANSWERED_SHARE = 0.95


@dataclass
class Step:
    asked: float  # req/s asked for
    achieved: float = 0.0  # req/s wrk sent and got answered
    max_backlog: int = 0
    drain: float = 0.0
    non_2xx: int = 0
    answers: list = field(default_factory=list)  # the body of each 2xx answer

    @property
    def held(self) -> bool:
        # answered at (nearly) the rate offered: a server that cannot keep up with accepting lets
        # the backlog grow in the client instead
        return (self.non_2xx == 0 and self.achieved >= ANSWERED_SHARE * self.asked
                and self.max_backlog <= BACKLOG_SECONDS * self.achieved and self.drain <= DRAIN_SECONDS)

    def describe(self) -> str:
        return (f"{self.achieved:,.0f} req/s (asked {self.asked:,.0f}): backlog peak {self.max_backlog:,} jobs, "
                f"drained in {self.drain:.2f} s, {'held' if self.held else 'not held'}")


def backlog(db_path: Path) -> int:
    with sqlite3.connect(db_path, timeout=10) as connection:
        return connection.execute(
            "SELECT count(*) FROM ingestion_job WHERE status IN ('queued', 'processing')").fetchone()[0]


class BacklogWatch(threading.Thread):
    """Samples the backlog until stopped; keeps the peak."""

    def __init__(self, db_path: Path, interval: float = 0.5):
        super().__init__(daemon=True)
        self.db_path, self.interval, self.peak = db_path, interval, 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.peak = max(self.peak, backlog(self.db_path))


async def _connection_loop(host: str, port: int, head: bytes, bodies, due: asyncio.Queue, answers: list,
                           failures: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (body := await due.get()) is not None:
            writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
            status_line = await reader.readuntil(b"\r\n")
            headers = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":", 1)[1]) for line in headers.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            answer = await reader.readexactly(length)
            (answers if status_line.split(b" ")[1].startswith(b"2") else failures).append(answer)
    finally:
        writer.close()


async def _offer(url: str, headers: dict, make_body, rate: float, seconds: float, connections: int):
    parts = urlsplit(url)
    head = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "Content-Length: ").encode()
    due: asyncio.Queue = asyncio.Queue()
    answers: list = []
    failures: list = []
    loops = [asyncio.create_task(_connection_loop(parts.hostname, parts.port, head, make_body, due, answers, failures))
             for _ in range(connections)]
    started = time.monotonic()
    sent = 0
    while (elapsed := time.monotonic() - started) < seconds:
        for _ in range(int(elapsed * rate) - sent):  # every request due by now, on time or late
            due.put_nowait(make_body(sent))
            sent += 1
        await asyncio.sleep(0.001)
    for _ in loops:
        due.put_nowait(None)
    await asyncio.gather(*loops)
    return answers, failures, time.monotonic() - started


def run_step(url: str, headers: dict, make_body, db_path: Path, rate: float, seconds: int,
             connections: int) -> Step:
    """Offer ``rate`` requests/s for ``seconds``; ``make_body(n)`` is the n-th request's body."""
    step = Step(rate)
    watch = BacklogWatch(db_path)
    watch.start()
    answers, failures, took = asyncio.run(_offer(url, headers, make_body, rate, seconds, connections))
    watch.stopping.set()
    watch.join()
    stopped = time.monotonic()
    while backlog(db_path) and time.monotonic() - stopped < 30:
        time.sleep(0.02)
    step.drain = time.monotonic() - stopped
    step.achieved, step.non_2xx, step.answers = len(answers) / took, len(failures), answers
    step.max_backlog = watch.peak
    return step


def highest_held_rate(offer, bare_rps: float, start: float = 0.15, step: float = 0.05, max_steps: int = 8) -> list[Step]:
    """``offer(rate) -> Step``, called with rising (or, from a start that fails, falling) fractions of
    the bare rate; returns every step run."""
    steps, fraction = [], start
    first = offer(bare_rps * fraction)
    steps.append(first)
    direction = step if first.held else -step
    while len(steps) < max_steps:
        fraction = round(fraction + direction, 3)
        if fraction <= 0:
            break
        steps.append(offer(bare_rps * fraction))
        if steps[-1].held != first.held:
            break
    return steps

"""One scheduler for all periodic work: each job named, with its interval, last run, last error
and duration, so the console's Settings page and ``/metrics`` can show every one of them.

In the spirit of PocketBase's ``app.Cron().Add(name, schedule, fn)``. One dispatching thread
keeps the timetable; each run happens on a thread of a small pool, so a long backup never
delays the delivery poll, and a job never runs twice at once. A job that fails is logged and
runs again at its next time. Every job runs off the event loop.
"""
import heapq
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

log = logging.getLogger("svit.scheduler")

SHUTDOWN_TIMEOUT = 60.0


class Stopping(Exception):
    """Raised inside a job by ``Run.pause`` when the scheduler stops: the job ends early."""


@dataclass
class Run:
    """What a running job may ask of the scheduler."""

    stopping: threading.Event

    def pause(self, seconds: float) -> None:
        """Wait a little between steps (yielding to other writers); raises ``Stopping`` on shutdown."""
        if self.stopping.wait(seconds):
            raise Stopping()


@dataclass
class Job:
    """A named periodic job. ``every`` is seconds between the end of one run and the start of
    the next, or a function giving that delay when the job is (re)scheduled, e.g. counted from
    the last backup on disk."""

    name: str
    every: float | Callable[[], float]
    work: Callable[[Run], object]
    first_delay: float | None = None  # None: as long as ``every``
    last_started: datetime | None = None
    last_finished: datetime | None = None
    last_duration: float | None = None
    last_error: str | None = None
    last_result: object = None
    runs: int = 0
    failures: int = 0
    running: bool = False
    next_at: float = field(default=0.0, repr=False)  # time.monotonic() of the next run

    def delay(self) -> float:
        return max(float(self.every() if callable(self.every) else self.every), 0.0)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Scheduler:
    """Runs its jobs at their times until stopped; ``jobs`` is what the console and metrics show."""

    def __init__(self, after_run: Callable[[], None] = lambda: None) -> None:
        """``after_run`` runs on the job's thread after every run (e.g. closing its database connection)."""
        self.jobs: list[Job] = []
        self._after_run = after_run
        self._stopping = threading.Event()
        self._wake = threading.Condition()
        self._timetable: list[tuple[float, int, Job]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._thread: threading.Thread | None = None

    def add(self, name: str, every: float | Callable[[], float], work: Callable[[Run], object],
            first_delay: float | None = None) -> Job:
        """Register a job (before ``start``); names are unique."""
        if any(job.name == name for job in self.jobs):
            raise ValueError(f"a job named {name!r} is already scheduled")
        job = Job(name, every, work, first_delay)
        self.jobs.append(job)
        return job

    def job(self, name: str) -> Job:
        return next(job for job in self.jobs if job.name == name)

    def start(self) -> None:
        if not self.jobs:
            return
        self._pool = ThreadPoolExecutor(len(self.jobs), thread_name_prefix="svit-job")
        now = time.monotonic()
        for index, job in enumerate(self.jobs):
            job.next_at = now + (job.delay() if job.first_delay is None else job.first_delay)
            heapq.heappush(self._timetable, (job.next_at, index, job))
        self._thread = threading.Thread(target=self._dispatch, name="svit-scheduler", daemon=True)
        self._thread.start()
        log.info("scheduler started: %s", ", ".join(job.name for job in self.jobs))

    def stop(self, timeout: float = SHUTDOWN_TIMEOUT) -> None:
        """Stop dispatching; running jobs are told (``Run.stopping``) and waited for."""
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def run_now(self, name: str) -> None:
        """Move a job's next run to now (it starts once the dispatcher sees it)."""
        with self._wake:
            job = self.job(name)
            job.next_at = time.monotonic()
            self._timetable = [(job.next_at if entry[2] is job else entry[0], entry[1], entry[2])
                               for entry in self._timetable]
            heapq.heapify(self._timetable)
            self._wake.notify_all()

    def _dispatch(self) -> None:
        with self._wake:
            while not self._stopping.is_set():
                if not self._timetable:
                    self._wake.wait()
                    continue
                due_at, index, job = self._timetable[0]
                wait = due_at - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._timetable)
                job.running = True
                self._pool.submit(self._run, job, index)

    def _run(self, job: Job, index: int) -> None:
        job.last_started, started = _now(), time.monotonic()
        try:
            job.last_result = job.work(Run(self._stopping))
            job.last_error = None
        except Stopping:
            pass
        except Exception as error:  # the next run tries again; the error stays visible until then
            job.failures += 1
            job.last_error = f"{type(error).__name__}: {error}"[:500]
            log.exception("scheduled job %s failed", job.name)
        finally:
            job.last_duration = time.monotonic() - started
            job.last_finished = _now()
            job.runs += 1
            job.running = False
            self._close_after(job)
            self._schedule_next(job, index)

    def _close_after(self, job: Job) -> None:
        try:
            self._after_run()
        except Exception:
            log.exception("scheduled job %s: cleaning up after the run failed", job.name)

    def _schedule_next(self, job: Job, index: int) -> None:
        try:
            delay = job.delay()
        except Exception:  # the delay's own reading failed (a backup folder gone): try again soon
            log.exception("scheduled job %s: next time unknown, retrying in a minute", job.name)
            delay = 60.0
        with self._wake:
            if self._stopping.is_set():
                return
            job.next_at = time.monotonic() + delay
            heapq.heappush(self._timetable, (job.next_at, index, job))
            self._wake.notify_all()

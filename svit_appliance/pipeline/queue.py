"""The queue: huey as a doorbell carrying job ids, the consumer that answers it, and the sweeper.

huey deletes a message before running it, so a crash loses messages: they only say "look at
these job ids", and the sweeper rings again for whatever the job table says is still due.
Built from settings, never at import time: SqliteHuey on ``<data-dir>/queue.db`` by default,
RedisHuey (signed messages) when ``SVIT_QUEUE_URL`` is set.
"""
import logging
import threading
from datetime import datetime, timedelta
from urllib.parse import urlparse

from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer
from huey.serializer import SignedSerializer
from huey.storage import SqliteStorage

from ..settings import Settings
from ..store.datadir import create_private_file, prepare_data_dir
from ..store.db import database
from ..store.jobs import queue_signing_key
from ..store.leases import worker_name
from . import jobs

log = logging.getLogger("svit.queue")

QUEUE_FILE = "queue.db"
DOORBELL_MAX_IDS = 512
# A queued job due for this long without being claimed lost its doorbell (or never had one).
DOORBELL_GRACE_SECONDS = 5.0
# Scheduled retries ring a little after the job's next_attempt_at, so the claim finds it due.
RETRY_MARGIN = timedelta(milliseconds=50)
SHUTDOWN_TIMEOUT = 30.0


class NormalSyncSqliteStorage(SqliteStorage):
    """huey's SQLite storage with ``synchronous=NORMAL``: the doorbells need not survive power
    loss (the job table, which does, is swept at start-up), and FULL makes enqueue ~5x slower."""

    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


def build_huey(settings: Settings):
    """A huey instance for the settings; the database must be open (Redis messages are signed
    with a key kept in it)."""
    if not settings.queue_url:
        prepare_data_dir(settings.data_path)  # PostgreSQL data may leave it uncreated
        create_private_file(settings.data_path / QUEUE_FILE)
        return SqliteHuey("svit", filename=str(settings.data_path / QUEUE_FILE), results=False,
                          storage_class=NormalSyncSqliteStorage, timeout=settings.sqlite_busy_timeout_ms / 1000)
    scheme = urlparse(settings.queue_url).scheme
    if scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"Unsupported queue URL scheme {scheme!r}: use redis://host:6379/0")
    key = queue_signing_key()
    # huey unpickles messages; signing makes a writable Redis unable to run code here. The key
    # also names the queue, so installations sharing one Redis never read each other's doorbells.
    return RedisHuey(f"svit-{key[:12]}", url=settings.queue_url, results=False,
                     serializer=SignedSerializer(secret=key, salt="svit-doorbell"))


class JobQueue:
    """Rings doorbells (from any process) and, in a worker, answers them."""

    def __init__(self, huey, policy: jobs.JobPolicy):
        self.huey = huey
        self.policy = policy
        self.stopping = threading.Event()  # set by the worker on shutdown: hand unstarted jobs back
        self.outcome_listeners: list = []  # called with each answered doorbell's BatchOutcome (metrics)
        self._doorbell = huey.task(name="process_jobs")(self._answer)
        huey.on_shutdown(name="close_database")(database.close)

    @classmethod
    def from_settings(cls, settings: Settings) -> "JobQueue":
        return cls(build_huey(settings), jobs.JobPolicy.from_settings(settings))

    def ring(self, job_ids: list[str], eta: datetime | None = None) -> None:
        for start in range(0, len(job_ids), DOORBELL_MAX_IDS):
            chunk = list(job_ids[start:start + DOORBELL_MAX_IDS])
            if eta is None:
                self._doorbell(chunk)
            else:
                self._doorbell.schedule(args=(chunk,), eta=eta)

    def ring_quietly(self, job_ids: list[str]) -> None:
        """For the accept path: the jobs are committed already, a lost doorbell is the sweeper's."""
        try:
            self.ring(job_ids)
        except Exception as error:  # any queue outage; never fail a committed request for it
            log.warning("doorbell for %d jobs not rung (%s); the sweeper will pick them up",
                        len(job_ids), type(error).__name__)

    def reachable(self) -> bool:
        try:
            self.huey.pending_count()
            return True
        except Exception as error:  # any storage error: not ready
            log.warning("readiness: queue check failed: %s", type(error).__name__)
            return False

    def _answer(self, job_ids: list[str]) -> None:
        outcome = jobs.process_jobs(job_ids, worker_name(), self.policy, self.stopping.is_set)
        for listener in self.outcome_listeners:
            listener(outcome)
        if outcome.failed:
            log.warning("jobs failed: %s", ", ".join(outcome.failed))
        if outcome.released:
            self.ring(outcome.released)  # another worker may take them now
        by_time: dict[datetime, list[str]] = {}
        for job_id, retry_at in outcome.retries.items():
            by_time.setdefault(retry_at, []).append(job_id)
        for retry_at, ids in by_time.items():
            self.ring(ids, eta=retry_at + RETRY_MARGIN)


class Sweeper:
    """The scheduler's ``sweeper`` job: at start-up every due job rings again, later only those
    whose doorbell was lost (due for longer than DOORBELL_GRACE_SECONDS) or whose lease expired."""

    def __init__(self, queue: JobQueue):
        self._queue = queue
        self._grace = 0.0  # at start-up, everything due is ours to ring for

    def sweep_once(self, grace_seconds: float) -> int:
        ids = jobs.sweep(self._queue.policy, grace_seconds)
        if ids:
            log.info("sweeper: ringing again for %d due jobs", len(ids))
            self._queue.ring(ids)
        return len(ids)

    def run(self, run=None) -> int:
        swept = self.sweep_once(self._grace)
        self._grace = DOORBELL_GRACE_SECONDS
        return swept


class Worker:
    """huey's consumer threads, started and stopped by their host (``services.Services``, in
    ``svit serve`` or ``svit worker``; the host's scheduler runs the ``Sweeper``).
    Consumer.start()/run() are not used: they install signal handlers, and the host keeps those."""

    def __init__(self, queue: JobQueue, settings: Settings):
        self.queue = queue
        # Idle polling of the SQLite queue stays under 0.1 s so a quiet worker answers at once.
        self.consumer = Consumer(queue.huey, workers=settings.worker_threads, worker_type="thread", periodic=False,
                                 initial_delay=0.005, backoff=1.5, max_delay=0.1, check_worker_health=False,
                                 shutdown_timeout=SHUTDOWN_TIMEOUT)

    def start(self) -> None:
        self.consumer.scheduler.start()
        for _, thread in self.consumer.worker_threads:
            thread.start()
        log.info("worker started: %d thread(s)", len(self.consumer.worker_threads))

    def stop(self) -> None:
        """Finish the tasks in hand, then stop (unfinished jobs are swept on the next start)."""
        self.queue.stopping.set()
        self.consumer.stop(graceful=True)
        log.info("worker stopped")

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for _, thread in self.consumer.worker_threads)

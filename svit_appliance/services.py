"""What a running appliance holds: one typed object, built in one place, started and stopped in one order.

``create_app`` builds it (``Services.for_server``) and hangs it on ``app.ctx.services``, the only
thing on ``app.ctx``; ``svit worker`` builds its own (``Services.for_worker``) and runs no HTTP.

Start order (stop runs it backwards): the database and the data directory's shared lock; the
accept path's writers (jobs, contact form); the access cache; the inspector's recorder; the queue
and the worker (threads inside, or a child process); the offload pool the faces await; the
scheduler with every periodic job. Work stops first (scheduler, worker) while the writers still
run, so whatever a stopping job hands back is committed; the database closes last.
"""
import asyncio
import logging
import signal
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any, Callable

from .access.cache import AccessCache, flush_token_use
from .access.throttle import SigninThrottle
from .console.runs import BackgroundRuns
from .console.signin import announce_setup_link
from .console.web import build_templates
from .contact_form.ratelimit import FormRateLimits
from .contact_form.spam import load_stamp_key
from .contact_form.store import FormWriter
from .destinations.delivery import DeliveryRounds
from .http.limits import BodyBudget, Limits
from .http.metrics import Metrics
from .http.offload import Offload
from .http.tls import answer_redirects, bind_redirect_port, build_tls_context, reload_certificate
from .inspector.recorder import RejectionRecorder
from .pipeline.queue import JobQueue, Sweeper, Worker
from .pipeline.worker_process import WorkerProcess
from .pipeline.writer import JobWriter
from .settings import Settings
from .store.connect import close_database, open_database
from .store.db import database, sqlite_file
from .store.lock import hold_shared, release
from .upkeep import backups, retention
from .upkeep.scheduler import Scheduler

log = logging.getLogger("svit")

TOKEN_USE_FLUSH_SECONDS = 30.0
DIGEST_CHECK_SECONDS = 60.0


def close_connection() -> None:
    """This thread's database connection (peewee keeps one per thread), closed after its work."""
    database.close()


@dataclass
class Services:
    settings: Settings
    # made with the app: what routes and middleware need before the server starts
    tls: ssl.SSLContext | None = None
    redirect_socket: socket.socket | None = None
    body_budget: BodyBudget | None = None
    connection_limits: Limits | None = None
    rejections: RejectionRecorder | None = None
    templates: Any = None  # the console's jinja2 Environment
    metrics: Metrics | None = None
    problem_listeners: list[Callable] = field(default_factory=list)
    html_error_pages: list[tuple[str, Callable]] = field(default_factory=list)
    readiness_checks: dict[str, Callable[[], bool]] = field(default_factory=dict)
    readiness_warnings: dict[str, Callable[[], str | None]] = field(default_factory=dict)
    runs: BackgroundRuns = field(default_factory=BackgroundRuns)
    scheduler: Scheduler = field(default_factory=lambda: Scheduler(after_run=close_connection))
    # opened when the server starts
    started: bool = False
    db: Any = None
    data_dir_lock: Any = None
    writer: JobWriter | None = None
    form_writer: FormWriter | None = None
    form_stamp_key: bytes | None = None
    form_limits: FormRateLimits | None = None
    access: AccessCache | None = None
    signin_throttle: SigninThrottle | None = None
    queue: JobQueue | None = None
    worker: Worker | None = None
    worker_process: WorkerProcess | None = None
    delivery: DeliveryRounds | None = None
    backup_schedule: backups.BackupSchedule | None = None
    work: Offload | None = None
    redirect_server: asyncio.AbstractServer | None = None

    @classmethod
    def for_server(cls, settings: Settings) -> "Services":
        """What ``svit serve`` holds; nothing is started yet (a port or a certificate that cannot be
        used stops here, before Sanic starts)."""
        services = cls(settings, tls=build_tls_context(settings), redirect_socket=bind_redirect_port(settings),
                       body_budget=BodyBudget(settings.max_buffered_bytes),
                       connection_limits=Limits.from_settings(settings), rejections=RejectionRecorder(),
                       templates=build_templates())
        if settings.metrics_token:
            services.metrics = Metrics(services)
        return services

    # --- svit serve ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Before the server accepts: open, start, schedule, in the order of the module's docstring."""
        settings = self.settings
        self._open_database()
        announce_setup_link(settings)
        self.writer = JobWriter(self.db, settings.writer_batch_max)
        self.writer.start()
        self.form_writer = FormWriter(self.db, settings.writer_batch_max)
        self.form_writer.start()
        self.readiness_checks["formWriter"] = lambda: self.form_writer.running
        self.form_stamp_key = load_stamp_key()
        self.form_limits = FormRateLimits(settings.queue_url, settings.form_ip_rate_limit,
                                          settings.form_token_rate_limit)
        self.signin_throttle = SigninThrottle(settings.queue_url, settings.signin_address_rate_limit)
        self.access = AccessCache(self.db)
        self._start_queue()
        self.work = Offload(on_thread_exit=close_connection)
        self._schedule_server_jobs()
        self.scheduler.start()

    async def serving(self, app) -> None:
        """Once the server listens: SIGHUP reloads the certificate, the redirect port answers, and
        ``/healthz`` says ok (Sanic installs its own SIGTERM handler just before this)."""
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._reload_certificate)
        except (RuntimeError, ValueError):  # not the main thread (an app run inside a test): no signals
            pass
        if self.redirect_socket is not None:
            self.redirect_server = await answer_redirects(self.redirect_socket, self.settings)
        self.started = True

    async def stop_work(self) -> None:
        """When the server stops accepting: periodic work and the worker stop; writers still commit."""
        try:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        except (RuntimeError, ValueError):
            pass
        if self.redirect_server is not None:
            self.redirect_server.close()
        await asyncio.to_thread(self._stop_threads)

    async def close(self) -> None:
        """After the last request: the last token uses, the writers' queued rows, the inspector's
        last refusals, then the database."""
        await asyncio.to_thread(flush_token_use, self.access)
        await asyncio.to_thread(self.rejections.flush)
        await self.form_writer.stop()
        await self.writer.stop()
        if self.work is not None:
            await asyncio.to_thread(self.work.close)
        if self.metrics is not None:
            self.metrics.scraper.shutdown(wait=True)
        self._close_database()

    # --- svit worker ---------------------------------------------------------------------------

    @classmethod
    def for_worker(cls, settings: Settings) -> "Services":
        return cls(settings)

    def start_worker(self) -> None:
        """``svit worker``: the database, the queue's worker threads and the worker's periodic jobs."""
        self._open_database()
        self._start_queue(inside=True)
        self.scheduler.start()

    def stop_worker(self) -> None:
        self._stop_threads()
        self._close_database()

    # --- the parts -----------------------------------------------------------------------------

    def _open_database(self) -> None:
        if sqlite_file(self.settings) is not None:
            # `svit restore` refuses to swap the database under a running server or worker
            self.data_dir_lock = hold_shared(self.settings.data_path)
        self.db = open_database(self.settings)

    def _close_database(self) -> None:
        close_database()
        if self.data_dir_lock is not None:
            release(self.data_dir_lock)
            self.data_dir_lock = None

    def _start_queue(self, inside: bool | None = None) -> None:
        """Ring one doorbell per committed batch; run the worker in this process, as a child process
        (``--worker-process``), or not at all (``--no-worker``)."""
        settings = self.settings
        self.queue = JobQueue.from_settings(settings)
        self.readiness_checks["queue"] = self.queue.reachable
        if self.writer is not None:
            self.writer.committed_listeners.append(self.queue.ring_quietly)
        if inside if inside is not None else settings.worker_inside:
            self.worker = Worker(self.queue, settings)
            if self.metrics is not None:
                self.queue.outcome_listeners.append(self.metrics.observe_jobs)
            self.worker.start()
            self._schedule_worker_jobs()
        elif settings.serve_worker:
            self.worker_process = WorkerProcess(settings)
            self.worker_process.start()

    def _schedule_worker_jobs(self) -> None:
        """Where the worker runs: the sweeper, delivery of the outbox and the daily digest."""
        settings = self.settings
        self.scheduler.add("sweeper", settings.sweeper_interval_seconds, Sweeper(self.queue).run, first_delay=0)
        self.delivery = DeliveryRounds(settings)
        self.scheduler.add("delivery", settings.delivery_poll_seconds, self.delivery.deliver_due, first_delay=0)
        self.scheduler.add("digest", DIGEST_CHECK_SECONDS, self.delivery.queue_digests, first_delay=0)

    def _schedule_server_jobs(self) -> None:
        """What only ``svit serve`` runs: retention, backups, the inspector's and token uses' flushes."""
        settings = self.settings
        self.scheduler.add("inspector", self.rejections.flush_seconds,
                           lambda run: self.rejections.flush())
        self.scheduler.add("token-use", TOKEN_USE_FLUSH_SECONDS, lambda run: flush_token_use(self.access))
        if settings.retention_interval > 0:
            self.scheduler.add("retention", settings.retention_interval, retention.job(settings),
                               first_delay=min(retention.START_DELAY_SECONDS, settings.retention_interval))
        if sqlite_file(settings) is not None and settings.backup_interval > 0:
            self.backup_schedule = schedule = backups.BackupSchedule(settings)
            self.readiness_warnings["backup"] = schedule.warning
            self.scheduler.add("backup", schedule.next_delay, schedule.run, first_delay=schedule.first_delay())

    def _stop_threads(self) -> None:
        self.scheduler.stop()
        if self.delivery is not None:
            self.delivery.close()
        if self.worker is not None:
            self.worker.stop()
        if self.worker_process is not None:
            self.worker_process.stop()

    def _reload_certificate(self) -> None:
        if self.tls is None:
            log.info("SIGHUP: HTTPS is off, nothing to reload")
            return
        reload_certificate(self.tls, self.settings)

"""``GET /metrics``: Prometheus text format (prometheus-client), behind ``SVIT_METRICS_TOKEN``.

Request counts and latencies are counted as requests are answered (only while metrics are on);
job, person, spam and storage figures are read from the database at each scrape, so they are
true for every process sharing it.
"""
import asyncio
import hmac
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timezone

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sanic.response import raw

from ..store import stats
from ..store.backup import last_backup
from ..store.db import database
from ..store.models import JOB_STATUSES, utcnow
from .errors import ApiError

# The routes that accept work: an ingestion body stored, a contact form written.
ACCEPT_ROUTES = ("api_ingest_post", "api_client_form_post")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
JOB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0)


class Metrics:
    """One registry per app (never prometheus-client's global one: tests build many apps)."""

    def __init__(self, services):
        disable_created_metrics()  # no *_created series: they double the output and nothing here reads them
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("svit_http_requests", "HTTP requests answered, by route and status",
                                ["route", "status"], registry=self.registry)
        self.rejected = Counter("svit_http_rejected_requests", "Requests refused with a problem, by its code",
                                ["code"], registry=self.registry)
        self.accept_latency = Histogram("svit_accept_duration_seconds",
                                        "Time to answer the accept path (ingestion stored, contact form written)",
                                        ["route"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.job_run = Histogram("svit_job_run_seconds", "Time a worker of this process spent on one job attempt",
                                 buckets=JOB_BUCKETS, registry=self.registry)
        self.registry.register(StoreCollector(services))
        self.registry.register(SchedulerCollector(services.scheduler))
        self.scraper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svit-metrics")

    def scrape(self) -> bytes:
        """Runs on the scraper thread: counting a million persons must not stall the event loop."""
        try:
            return generate_latest(self.registry)
        finally:
            database.close()  # this thread's connection; the next scrape opens a fresh one

    def observe_request(self, request, response) -> None:
        route = request.route.name.split(".", 1)[-1] if request.route else "unmatched"
        self.requests.labels(route, str(response.status)).inc()
        if response.status >= 400:
            self.rejected.labels(getattr(request.ctx, "problem_code", None) or str(response.status)).inc()
        started = getattr(request.stream, "perft0", None)
        if route in ACCEPT_ROUTES and started:
            self.accept_latency.labels(route).observe(time.perf_counter() - started)

    def observe_jobs(self, outcome) -> None:
        for seconds in outcome.run_seconds:
            self.job_run.observe(seconds)


class StoreCollector:
    """Figures read at scrape time from the database and the data directory."""

    def __init__(self, services):
        self.services = services

    def describe(self):
        return []

    def collect(self):
        yield from self._jobs()
        yield _gauge("svit_persons", "Persons stored", stats.person_count())
        yield _gauge("svit_spam_caught", "Contact form posts caught as spam and kept", stats.spam_count())
        sizes = stats.database_file_sizes(self.services.settings.data_path)
        if sizes is not None:
            yield from self._files(*sizes)

    def _jobs(self):
        counts = stats.job_counts()
        by_status = GaugeMetricFamily("svit_jobs", "Ingestion jobs by status", labels=["status"])
        for status in JOB_STATUSES:
            by_status.add_metric([status], counts.get(status, 0))
        yield by_status
        yield _gauge("svit_queue_depth", "Jobs queued and waiting for a worker (retries included)",
                     counts.get("queued", 0))
        oldest = stats.oldest_queued_job_received_at()
        age = (utcnow() - oldest).total_seconds() if oldest else 0.0
        yield _gauge("svit_queue_oldest_job_age_seconds", "Age of the oldest queued job (0 when none)",
                     max(age, 0.0))

    def _files(self, database_bytes: int, wal_bytes: int):
        yield _gauge("svit_database_bytes", "Size of svit.db", database_bytes)
        yield _gauge("svit_database_wal_bytes", "Size of svit.db-wal", wal_bytes)
        last = last_backup(self.services.settings.data_path)  # the backup the console, /readyz and svit doctor speak of
        if last is not None:
            yield _gauge("svit_last_backup_age_seconds", "Age of the newest recorded backup in <data-dir>/backups",
                         max((utcnow() - last.created).total_seconds(), 0.0))


class SchedulerCollector:
    """Each periodic job of this process's scheduler: when it last ran, how long it took, how often it failed."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def describe(self):
        return []

    def collect(self):
        last_run = GaugeMetricFamily("svit_scheduled_job_last_run_timestamp_seconds",
                                     "When a periodic job last finished (Unix time; absent before its first run)",
                                     labels=["job"])
        duration = GaugeMetricFamily("svit_scheduled_job_last_duration_seconds", "How long its last run took",
                                     labels=["job"])
        failing = GaugeMetricFamily("svit_scheduled_job_failing", "1 when its last run failed", labels=["job"])
        failures = CounterMetricFamily("svit_scheduled_job_failures", "Runs that failed since start", labels=["job"])
        for job in self.scheduler.jobs:
            if job.last_finished is not None:
                last_run.add_metric([job.name], job.last_finished.replace(tzinfo=timezone.utc).timestamp())
                duration.add_metric([job.name], job.last_duration)
            failing.add_metric([job.name], 1 if job.last_error else 0)
            failures.add_metric([job.name], job.failures)
        yield from (last_run, duration, failing, failures)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


async def serve_metrics(request):
    services = request.app.ctx.services
    token = services.settings.metrics_token
    if not token:
        raise ApiError("NOT_FOUND", "Metrics are off: set SVIT_METRICS_TOKEN to turn GET /metrics on")
    scheme, _, offered = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(offered.strip().encode(), token.encode()):
        raise ApiError("INVALID_SERVER_TOKEN", "GET /metrics needs Authorization: Bearer <SVIT_METRICS_TOKEN>")
    metrics = services.metrics
    text = await asyncio.get_running_loop().run_in_executor(metrics.scraper, metrics.scrape)
    return raw(text, content_type=CONTENT_TYPE_LATEST)


def setup_metrics(app) -> None:
    """The route always answers (404 while off); counting happens only while metrics are on."""
    app.add_route(serve_metrics, "/metrics", methods=["GET"], name="metrics")
    metrics = app.ctx.services.metrics
    if metrics is not None:
        app.register_middleware(lambda request, response: metrics.observe_request(request, response), "response")

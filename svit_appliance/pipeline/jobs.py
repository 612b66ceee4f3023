"""Ingestion jobs: claim with a lease, run the type's processor, write persons, complete or retry.

The job table is the truth; queue messages only say "look at these ids" (huey deletes a
message before running it, so a crash can lose one; the sweeper re-queues what the table says is unfinished).
A job's person writes and its completion commit in one transaction, and person writes are
keyed by ``job_id#index``, so a job run twice (a lease that expired under a slow worker, a
doorbell rung twice) leaves the same persons and events.
"""
import functools
import json
import logging
import os
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from ..core.batch_upsert import Keyed, upsert_many
from ..core.persons import Candidate, Source, normalise_person
from ..destinations import outbox
from ..processors import NoContactDetails, PayloadError, get_integration_type
from ..store.db import database, is_postgres, placeholders, write_transaction, writers_waiting
from ..store.models import IngestionJob, Integration, Project, utcnow

log = logging.getLogger("svit.jobs")

# Jobs read and processed together; their writes go in groups of up to WRITE_GROUP_PERSONS persons,
# one statement per table each (the accept path's writer waits for at most one group).
COMMIT_CHUNK = 64
WRITE_GROUP_PERSONS = 256
# While another thread of this process (the accept path's writer) waits for its write turn, a
# worker transaction ends after this long, then the worker pauses briefly to let it in.
YIELD_AFTER_SECONDS = 0.004
WRITER_TURN_SECONDS = 0.0005
# A doorbell's task also takes other due jobs, up to this many in all.
TOP_UP_TO = 256
MAX_ERROR_CHARS = 1000
SWEEP_PAGE = 10_000
NO_PERSON_WARNING = "no person found: no name, email or phone field recognised"


@dataclass(frozen=True)
class JobPolicy:
    max_attempts: int = 5
    lease_seconds: int = 60
    backoff_seconds: float = 2.0

    @classmethod
    def from_settings(cls, settings) -> "JobPolicy":
        return cls(settings.job_max_attempts, settings.job_lease_seconds, settings.job_backoff_seconds)

    def retry_delay(self, attempts: int) -> float:
        """Exponential backoff with jitter: base * 2^(attempts-1), scaled by a random 0.5-1.5."""
        return self.backoff_seconds * 2 ** min(attempts - 1, 16) * random.uniform(0.5, 1.5)


@dataclass
class BatchOutcome:
    succeeded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    retries: dict[str, datetime] = field(default_factory=dict)
    released: list[str] = field(default_factory=list)
    run_seconds: list[float] = field(default_factory=list)  # one per job run, for /metrics


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired): our writes must not count."""


class PermanentFailure(Exception):
    """The job can never succeed as it is (unreadable body, type without processor)."""


def worker_id() -> str:
    """Who holds a lease: host, process and thread, so an operator can tell workers apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def claim_jobs(job_ids: list[str], owner: str, lease_seconds: int, top_up_to: int = 0) -> list[str]:
    """Lease those of ``job_ids`` that are due (queued, or processing under an expired lease),
    then, up to ``top_up_to`` in all, the oldest other queued jobs that are due: a worker that
    is behind takes big batches instead of one small doorbell after another.

    Returns the ids now owned by ``owner``; every claim counts as an attempt, so a job that
    kills its worker still runs out of attempts.
    """
    ids = list(dict.fromkeys(job_ids))
    db, now = database.obj, utcnow()
    p = db.param
    due = f"((status = 'queued' AND next_attempt_at <= {p}) OR (status = 'processing' AND lease_expires_at < {p}))"
    # workers on other hosts claim concurrently on PostgreSQL: skip rows another claim holds
    skip_locked = " FOR UPDATE SKIP LOCKED" if is_postgres(db) else ""
    lease = [owner, now + timedelta(seconds=lease_seconds)]
    claimed = []
    with write_transaction():
        if ids:
            chosen = f"SELECT id FROM ingestion_job WHERE id IN ({placeholders(len(ids))}) AND {due}{skip_locked}"
            claimed += _claim(chosen, lease + [*ids, now, now])
        if top_up_to > len(claimed):
            oldest = (f"SELECT id FROM ingestion_job WHERE status = 'queued' AND next_attempt_at <= {p} "
                      f"ORDER BY next_attempt_at LIMIT {p}{skip_locked}")
            claimed += _claim(oldest, lease + [now, top_up_to - len(claimed)])
    return claimed


def _claim(chosen_ids_sql: str, params: list) -> list[str]:
    p = database.obj.param
    sql = (f"UPDATE ingestion_job SET status = 'processing', lease_owner = {p}, lease_expires_at = {p}, "
           f"attempts = attempts + 1 WHERE id IN ({chosen_ids_sql}) RETURNING id")
    return [row[0] for row in database.execute_sql(sql, params).fetchall()]


def process_jobs(job_ids: list[str], owner: str, policy: JobPolicy,
                 stopping: Callable[[], bool] = lambda: False) -> BatchOutcome:
    """Claim, run and complete (or schedule a retry of) every due job of ``job_ids``.

    When ``stopping()`` turns true the jobs not started yet are handed back (queued, the
    attempt not counted), so a restart runs them at once instead of after their lease.
    """
    outcome = BatchOutcome()
    _commit_without_waiting_for_the_disk()
    claimed = claim_jobs(job_ids, owner, policy.lease_seconds, top_up_to=TOP_UP_TO)
    for start in range(0, len(claimed), COMMIT_CHUNK):
        if stopping():
            outcome.released = release_jobs(claimed[start:], owner)
            break
        _run_chunk(claimed[start:start + COMMIT_CHUNK], owner, policy, outcome)
    return outcome


def _commit_without_waiting_for_the_disk() -> None:
    """The worker's commits (claims, persons, completions) need no fsync of their own (SQLite WAL,
    ``synchronous=NORMAL`` on the worker's connection): a process crash loses none of them (they
    are in the WAL file), and power loss can only take back the latest ones, which leaves their
    jobs due again and running them again writes the same persons (source keys). Every durable
    commit that comes after (the accept path's next batch, a delivery claim, an admin's edit) syncs
    the WAL up to itself, so nothing durable ever depends on a worker write the disk lost. One
    fsync less per claim and per group: the accept path's commits no longer queue behind them."""
    if not is_postgres(database.obj):
        database.execute_sql("PRAGMA synchronous = NORMAL")


def release_jobs(job_ids: list[str], owner: str) -> list[str]:
    """Give claimed, unstarted jobs back to the queue."""
    with write_transaction():
        query = (IngestionJob
                 .update(status="queued", attempts=IngestionJob.attempts - 1, next_attempt_at=utcnow(),
                         lease_owner=None, lease_expires_at=None)
                 .where(IngestionJob.id.in_(job_ids), IngestionJob.lease_owner == owner,
                        IngestionJob.status == "processing")
                 .returning(IngestionJob.id))
        return [row.id for row in query.execute()]


class _Context:
    """Integrations and project regions a chunk needs, read once per chunk."""

    def __init__(self):
        self._integrations: dict[str, Integration | None] = {}
        self._regions: dict[str, str] = {}

    def integration(self, integration_id: str) -> Integration | None:
        if integration_id not in self._integrations:
            self._integrations[integration_id] = Integration.get_or_none(Integration.id == integration_id)
        return self._integrations[integration_id]

    def region(self, project_id: str) -> str:
        if project_id not in self._regions:
            self._regions[project_id] = Project.get_by_id(project_id).default_region
        return self._regions[project_id]


@dataclass(frozen=True)
class _Job:
    """What running a claimed job reads of its row (plain values: no model object per job)."""

    id: str
    project_id: str
    integration_id: str
    body: bytes
    body_erased_at: datetime | None
    attempts: int


def _claimed(job_ids: list[str], owner: str) -> list[_Job]:
    sql = (f"SELECT id, project_id, integration_id, body, body_erased_at, attempts FROM ingestion_job "
           f"WHERE id IN ({placeholders(len(job_ids))}) AND lease_owner = {database.obj.param}")
    return [_Job(*row) for row in database.execute_sql(sql, (*job_ids, owner)).fetchall()]


def _run_chunk(job_ids: list[str], owner: str, policy: JobPolicy, outcome: BatchOutcome) -> None:
    context = _Context()
    jobs = _claimed(job_ids, owner)
    # Reading bodies, processors and validators need no write lock: only the writes below hold it.
    groups = _write_groups([_prepare(job, context) for job in jobs])
    while groups:
        started = time.monotonic()
        with write_transaction():
            while groups and not _should_yield(started):
                _write_group(groups.pop(0), owner, policy, context, outcome)
        if groups and writers_waiting():
            time.sleep(WRITER_TURN_SECONDS)


def _should_yield(started: float) -> bool:
    return writers_waiting() > 0 and time.monotonic() - started > YIELD_AFTER_SECONDS


@dataclass
class _Prepared:
    """A claimed job read and processed, ready to write: its persons, or why it has none."""

    job: _Job
    persons: list[Candidate] = field(default_factory=list)
    notice: str | None = None  # the processor's word when the body names no one by design
    error: Exception | None = None
    seconds: float = 0.0
    person_ids: list[str] = field(default_factory=list)  # filled by the write


def _prepare(job: _Job, context: _Context) -> _Prepared:
    started = time.perf_counter()
    prepared = _Prepared(job)
    try:
        prepared.persons = _read_persons(job, context)
    except NoContactDetails as notice:
        # a notification that by design names no one (a lead id only): not a failure, nothing to write
        log.info("job %s: %s", job.id, notice.warning)
        prepared.notice = notice.warning
    except (PayloadError, PermanentFailure) as error:
        prepared.error = error
    except Exception as error:  # a bug: retried with backoff, the traceback logged
        log.exception("job %s: attempt %d failed", job.id, job.attempts)
        prepared.error = error
    prepared.seconds = time.perf_counter() - started
    return prepared


def _payload(job: _Job):
    if job.body_erased_at is not None:
        raise PermanentFailure("The body was erased with a person it carried (svit persons erase)")
    try:
        return json.loads(bytes(job.body))
    except (ValueError, UnicodeDecodeError):
        raise PermanentFailure("The stored body is not valid JSON") from None


def _read_persons(job: _Job, context: _Context) -> list[Candidate]:
    integration = context.integration(job.integration_id)
    if integration is None:
        raise PermanentFailure(f"Integration {job.integration_id} no longer exists")
    integration_type = get_integration_type(integration.type)
    if integration_type is None or not integration_type.supported:
        raise PermanentFailure(f"Integration type '{integration.type}' is not supported")
    found = integration_type.process(_payload(job), integration.config or {})
    region = context.region(job.project_id)
    return [normalise_person(person, region) for person in found]


def _write_groups(prepared: list[_Prepared]) -> list[list[_Prepared]]:
    """Consecutive jobs, up to WRITE_GROUP_PERSONS persons (at least one job) per group."""
    groups: list[list[_Prepared]] = []
    persons = 0
    for job in prepared:
        weight = max(len(job.persons), 1)
        if not groups or persons + weight > WRITE_GROUP_PERSONS:
            groups.append([])
            persons = 0
        groups[-1].append(job)
        persons += weight
    return groups


def _write_group(group: list[_Prepared], owner: str, policy: JobPolicy, context: _Context,
                 outcome: BatchOutcome) -> None:
    started = time.perf_counter()
    ready = []
    for prepared in group:
        if prepared.error is None:
            ready.append(prepared)
        else:
            _fail(prepared.job, owner, policy, _error_text(prepared.error), _is_permanent(prepared.error), outcome)
    # one write for the group; should it fail, one job at a time finds the job that does
    if len(ready) < 2 or not _write_jobs(ready, owner, policy, context, outcome, alone=False):
        for prepared in ready:
            _write_jobs([prepared], owner, policy, context, outcome, alone=True)
    share = (time.perf_counter() - started) / len(group)
    outcome.run_seconds.extend(prepared.seconds + share for prepared in group)


def _is_permanent(error: Exception) -> bool:
    return isinstance(error, (PayloadError, PermanentFailure))


def _error_text(error: Exception) -> str:
    if _is_permanent(error):
        return str(error) or type(error).__name__
    return f"Internal error ({type(error).__name__}) while processing; see the server log"


def _write_jobs(ready: list[_Prepared], owner: str, policy: JobPolicy, context: _Context, outcome: BatchOutcome,
                alone: bool) -> bool:
    """Write the persons of ``ready`` and complete them, all or nothing (a savepoint)."""
    try:
        with database.atomic():
            _write_persons(ready, context)
            _complete(ready, owner, context)
    except LeaseLost:
        if alone:
            log.warning("job %s: lease lost to another worker; its result is theirs", ready[0].job.id)
        return False
    except Exception as error:  # a bug or an outage: retried with backoff, the traceback logged
        if not alone:
            return False
        job = ready[0].job
        log.exception("job %s: attempt %d failed", job.id, job.attempts)
        _fail(job, owner, policy, _error_text(error), False, outcome)
        return False
    outcome.succeeded.extend(prepared.job.id for prepared in ready)
    return True


def _write_persons(ready: list[_Prepared], context: _Context) -> None:
    """Every person of ``ready`` through one ``upsert_many`` per project and integration, keyed
    ``job_id#index``; each job's ``person_ids`` is set from the results."""
    by_source: dict[tuple[str, str], list[tuple[_Prepared, Keyed]]] = {}
    for prepared in ready:
        job = prepared.job
        data = {"jobId": job.id, "integrationId": job.integration_id}
        keyed = by_source.setdefault((job.project_id, job.integration_id), [])
        keyed += [(prepared, Keyed(candidate, f"{job.id}#{index}", data, job.id))
                  for index, candidate in enumerate(prepared.persons)]
        prepared.person_ids = []  # a group written again after a failed try starts afresh
    for (project_id, integration_id), keyed in by_source.items():
        results = upsert_many(project_id, [item for _, item in keyed], Source("integration", integration_id),
                              "ingested")
        for (prepared, _), result in zip(keyed, results):
            prepared.person_ids.append(result.person_id)
        # in the jobs' transaction: the persons and their deliveries commit together
        outbox.persons_written(project_id, results, functools.partial(outbox.integration_source, integration_id))


def _owned(job: _Job, owner: str):
    return (IngestionJob.id == job.id) & (IngestionJob.lease_owner == owner) & (IngestionJob.status == "processing")


def _no_person_warning(job: _Job, context: _Context) -> str:
    return no_person_warning(context.integration(job.integration_id))


def no_person_warning(integration: Integration | None) -> str:
    """Why a job that succeeded wrote no one: the sender's shape, or the mapping that reads it."""
    if integration is not None and (integration.config or {}).get("mapping"):
        return f"{NO_PERSON_WARNING} (the integration's field mapping is used: check its paths)"
    return NO_PERSON_WARNING


def _complete(ready: list[_Prepared], owner: str, context: _Context) -> None:
    p = database.obj.param
    rows, params = [], []
    for prepared in ready:
        person_ids = list(dict.fromkeys(prepared.person_ids))
        warning = None if person_ids else prepared.notice or _no_person_warning(prepared.job, context)
        rows.append(f"({p}, {p}, {p})")
        params += [prepared.job.id, IngestionJob.person_ids.db_value(person_ids), warning]
    # hand-written, one statement for the group: building it through the ORM costs more than running it
    sql = (f"WITH done(id, person_ids, warning) AS (VALUES {', '.join(rows)}) "
           f"UPDATE ingestion_job SET status = 'succeeded', person_ids = done.person_ids, processed_at = {p}, "
           "last_error = NULL, warning = done.warning, lease_owner = NULL, lease_expires_at = NULL FROM done "
           f"WHERE ingestion_job.id = done.id AND ingestion_job.lease_owner = {p} "
           "AND ingestion_job.status = 'processing' RETURNING ingestion_job.id")
    completed = database.execute_sql(sql, (*params, utcnow(), owner)).fetchall()
    if len(completed) != len(ready):
        raise LeaseLost(", ".join(sorted({prepared.job.id for prepared in ready} - {row[0] for row in completed})))


def _fail(job: _Job, owner: str, policy: JobPolicy, error: str, permanent: bool,
          outcome: BatchOutcome) -> None:
    now = utcnow()
    error = error[:MAX_ERROR_CHARS]
    if permanent or job.attempts >= policy.max_attempts:
        if not permanent:
            error = f"{error} (gave up after {job.attempts} attempts)"
        changes = {"status": "failed", "processed_at": now}
        outcome.failed.append(job.id)
    else:
        retry_at = now + timedelta(seconds=policy.retry_delay(job.attempts))
        changes = {"status": "queued", "next_attempt_at": retry_at}
        outcome.retries[job.id] = retry_at
    updated = IngestionJob.update(last_error=error, lease_owner=None, lease_expires_at=None, **changes) \
        .where(_owned(job, owner)).execute()
    if updated and changes["status"] == "failed":  # in the job's transaction, like its person writes
        outbox.job_failed(job.project_id, job.id, job.integration_id, job.attempts, error)


def sweep(policy: JobPolicy, grace_seconds: float) -> list[str]:
    """Repair what crashes leave behind; return the ids whose doorbell must ring again.

    Jobs whose lease expired go back to ``queued`` (or ``failed`` once out of attempts: a body
    that kills its worker every time must not loop forever); queued jobs that have been due
    for longer than ``grace_seconds`` lost their doorbell, or never had one.
    """
    now = utcnow()
    expired = (IngestionJob.status == "processing") & (IngestionJob.lease_expires_at < now)
    gave_up = f"The worker stopped while processing, {policy.max_attempts} times: gave up"
    with write_transaction():
        failed = (IngestionJob
                  .update(status="failed", processed_at=now, lease_owner=None, lease_expires_at=None,
                          last_error=gave_up)
                  .where(expired & (IngestionJob.attempts >= policy.max_attempts))
                  .returning(IngestionJob.id, IngestionJob.project, IngestionJob.integration, IngestionJob.attempts)
                  .tuples().execute())
        for job_id, project_id, integration_id, attempts in failed:
            outbox.job_failed(project_id, job_id, integration_id, attempts, gave_up)
        requeued = [row.id for row in (IngestionJob
                                       .update(status="queued", next_attempt_at=now, lease_owner=None,
                                               lease_expires_at=None)
                                       .where(expired)
                                       .returning(IngestionJob.id)
                                       .execute())]
    return list(dict.fromkeys(requeued + _due_ids(now - timedelta(seconds=grace_seconds))))


def _due_ids(due_before: datetime) -> list[str]:
    """Every queued job due before ``due_before``, oldest first, read in pages by id."""
    ids: list[str] = []
    while True:
        query = (IngestionJob.select(IngestionJob.id)
                 .where(IngestionJob.status == "queued", IngestionJob.next_attempt_at <= due_before)
                 .order_by(IngestionJob.id).limit(SWEEP_PAGE))
        if ids:
            query = query.where(IngestionJob.id > ids[-1])
        page = [row[0] for row in query.tuples()]
        ids += page
        if len(page) < SWEEP_PAGE:
            return ids


def retry_jobs(job_ids: list[str] | None = None, project_id: str | None = None) -> list[str]:
    """Put failed jobs (those of ``job_ids``, or all; of one project if given) back in the queue
    with fresh attempts. The caller rings their doorbells (or leaves them to the sweeper)."""
    query = IngestionJob.select(IngestionJob.id).where(IngestionJob.status == "failed")
    if job_ids is not None:
        query = query.where(IngestionJob.id.in_(job_ids))
    if project_id is not None:
        query = query.where(IngestionJob.project == project_id)
    ids = [row[0] for row in query.tuples()]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        (IngestionJob
         .update(status="queued", attempts=0, next_attempt_at=utcnow(), processed_at=None)
         .where(IngestionJob.id.in_(chunk), IngestionJob.status == "failed")
         .execute())
    return ids


def release_all_leases() -> int:
    """Hand every leased job back to the queue, due now. Only for when no worker can hold one:
    after a restore, the jobs a backup caught while processing belong to no running process."""
    with write_transaction():
        return (IngestionJob
                .update(status="queued", next_attempt_at=utcnow(), lease_owner=None, lease_expires_at=None)
                .where(IngestionJob.status == "processing")
                .execute())

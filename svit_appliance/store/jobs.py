"""The ingestion job table's statements: the accept path's inserts, the worker's claims,
completions, retries and sweeps, reprocessing's reads and writes, the queue's signing key.

``pipeline/`` keeps the policy (attempts, backoff, grouping, outcomes); these read and write rows.
"""
import functools
from dataclasses import dataclass
from datetime import datetime

from .db import chunks, database, dialect, placeholders, write_transaction
from .leases import LeasedQueue
from .models import IngestionJob, Integration, Project, utcnow

# queued (waiting, maybe for a retry) -> processing (leased) -> succeeded or failed
JOBS = LeasedQueue("ingestion_job", waiting="queued", leased="processing")
SWEEP_PAGE = 10_000
NEW_JOB_COLUMNS = ("id", "project_id", "integration_id", "body", "content_type", "idempotency_key",
                   "status", "attempts", "person_ids", "received_at", "next_attempt_at")


def new_job_row(job_id: str, project_id: str, integration_id: str, body: bytes, content_type: str,
                idempotency_key: str | None, now: datetime) -> tuple:
    """A queued job, due now, in the order of ``NEW_JOB_COLUMNS``."""
    return (job_id, project_id, integration_id, body, content_type, idempotency_key, "queued", 0, "[]", now, now)


def insert_new_jobs(rows: list[tuple]) -> None:
    """Rows of ``new_job_row`` in one multi-row ``INSERT`` per ``ROWS_PER_STATEMENT``: sqlite3
    releases the GIL once per statement step, so per-row statements would hand the GIL back and
    forth with the event loop for every job."""
    for chunk in chunks(rows):
        database.execute_sql(insert_sql(database.obj.param, len(chunk)), [value for row in chunk for value in row])


@functools.lru_cache(maxsize=64)
def insert_sql(param: str, row_count: int) -> str:
    """The accept path's multi-row insert of ``row_count`` new jobs."""
    row = "(" + ", ".join([param] * len(NEW_JOB_COLUMNS)) + ")"
    return f"INSERT INTO ingestion_job ({', '.join(NEW_JOB_COLUMNS)}) VALUES " + ", ".join([row] * row_count)


def first_jobs_by_key(keys: list[tuple[str, str]], received_after: datetime) -> dict[tuple[str, str], str]:
    """For each ``(integration_id, idempotency_key)`` of ``keys``, the first job received after
    ``received_after`` with that key, if any."""
    query = (IngestionJob
             .select(IngestionJob.id, IngestionJob.integration, IngestionJob.idempotency_key)
             .where(IngestionJob.idempotency_key.in_([key for _, key in keys]),
                    IngestionJob.received_at > received_after)
             .order_by(IngestionJob.received_at))
    wanted = set(keys)
    found: dict[tuple[str, str], str] = {}
    for job_id, integration_id, key in query.tuples():
        if (integration_id, key) in wanted:
            found.setdefault((integration_id, key), job_id)
    return found


def commit_without_fsync() -> None:
    """This connection's commits (the worker's: claims, persons, completions) need no fsync of
    their own (SQLite WAL, ``synchronous=NORMAL``): a process crash loses none of them (they are
    in the WAL file), and power loss can only take back the latest ones, which leaves their jobs
    due again and running them again writes the same persons (source keys). Every durable commit
    that comes after (the accept path's next batch, a delivery claim, an admin's edit) syncs the
    WAL up to itself, so nothing durable ever depends on a worker write the disk lost. One fsync
    less per claim and per group: the accept path's commits no longer queue behind them."""
    dialect().commit_without_fsync(database.obj)


def claim(job_ids: list[str], owner: str, lease_seconds: float, top_up_to: int = 0) -> list[str]:
    """Lease those of ``job_ids`` that are due, then, up to ``top_up_to`` in all, the oldest other
    queued jobs that are due, in one transaction; returns the ids now held by ``owner``."""
    now = utcnow()
    with write_transaction():
        claimed = JOBS.claim_due(job_ids, owner, lease_seconds, now)
        if top_up_to > len(claimed):
            claimed += JOBS.claim_oldest(top_up_to - len(claimed), owner, lease_seconds, now)
    return claimed


def release(job_ids: list[str], owner: str) -> list[str]:
    """Hand claimed, unstarted jobs back to the queue (the attempt not counted)."""
    with write_transaction():
        return JOBS.release(job_ids, owner, utcnow())


def release_all_leases() -> int:
    """Every leased job back to the queue, due now; returns how many."""
    with write_transaction():
        return JOBS.release_all(utcnow())


@dataclass(frozen=True)
class ClaimedJob:
    """What running a claimed job reads of its row (plain values: no model object per job)."""

    id: str
    project_id: str
    integration_id: str
    body: bytes
    body_erased_at: datetime | None
    attempts: int


def claimed_jobs(job_ids: list[str], owner: str) -> list[ClaimedJob]:
    """Those of ``job_ids`` that ``owner`` holds, as ``ClaimedJob`` values."""
    sql = (f"SELECT id, project_id, integration_id, body, body_erased_at, attempts FROM ingestion_job "
           f"WHERE id IN ({placeholders(len(job_ids))}) AND lease_owner = {database.obj.param}")
    return [ClaimedJob(*row) for row in database.execute_sql(sql, (*job_ids, owner)).fetchall()]


def find_integration(integration_id: str) -> Integration | None:
    """The integration, or None once it was deleted."""
    return Integration.get_or_none(Integration.id == integration_id)


def default_region(project_id: str) -> str:
    """The project's phone region, for numbers written without ``+``."""
    return Project.get_by_id(project_id).default_region


def complete(done: list[tuple[str, list[str], str | None]], owner: str) -> set[str]:
    """Mark ``(job_id, person_ids, warning)`` jobs the owner holds as succeeded; returns the ids
    it did (a job missing from them was taken over by another worker)."""
    p = database.obj.param
    rows, params = [], []
    for job_id, person_ids, warning in done:
        rows.append(f"({p}, {p}, {p})")
        params += [job_id, IngestionJob.person_ids.db_value(person_ids), warning]
    # hand-written, one statement for the group: building it through the ORM costs more than running it
    sql = (f"WITH done(id, person_ids, warning) AS (VALUES {', '.join(rows)}) "
           f"UPDATE ingestion_job SET status = 'succeeded', person_ids = done.person_ids, processed_at = {p}, "
           "last_error = NULL, warning = done.warning, lease_owner = NULL, lease_expires_at = NULL FROM done "
           f"WHERE ingestion_job.id = done.id AND ingestion_job.lease_owner = {p} "
           "AND ingestion_job.status = 'processing' RETURNING ingestion_job.id")
    return {row[0] for row in database.execute_sql(sql, (*params, utcnow(), owner)).fetchall()}


def _held(job_id: str, owner: str):
    return (IngestionJob.id == job_id) & (IngestionJob.lease_owner == owner) & (IngestionJob.status == "processing")


def fail(job_id: str, owner: str, error: str, now: datetime) -> bool:
    """Mark a job the owner holds as failed for good; False when the owner no longer held it."""
    return bool(IngestionJob.update(status="failed", processed_at=now, last_error=error, lease_owner=None,
                                    lease_expires_at=None).where(_held(job_id, owner)).execute())


def retry_later(job_id: str, owner: str, error: str, retry_at: datetime) -> bool:
    """Queue a job the owner holds again, due at ``retry_at``; False when the owner no longer held it."""
    return bool(IngestionJob.update(status="queued", next_attempt_at=retry_at, last_error=error, lease_owner=None,
                                    lease_expires_at=None).where(_held(job_id, owner)).execute())


def give_up_expired(max_attempts: int, error: str, now: datetime) -> list[tuple[str, str, str, int]]:
    """Fail every job whose lease expired after its last attempt; returns their
    ``(id, project_id, integration_id, attempts)``."""
    expired = (IngestionJob.status == "processing") & (IngestionJob.lease_expires_at < now)
    return list(IngestionJob
                .update(status="failed", processed_at=now, lease_owner=None, lease_expires_at=None, last_error=error)
                .where(expired & (IngestionJob.attempts >= max_attempts))
                .returning(IngestionJob.id, IngestionJob.project, IngestionJob.integration, IngestionJob.attempts)
                .tuples().execute())


def requeue_expired(now: datetime) -> list[str]:
    """Every job whose lease expired queued again, due now; returns their ids."""
    return JOBS.expire(now)


def due_ids(due_before: datetime) -> list[str]:
    """Every queued job due before ``due_before``, read in pages by id."""
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


def retry_failed(job_ids: list[str] | None = None, project_id: str | None = None) -> list[str]:
    """Failed jobs (those of ``job_ids``, or all; of one project if given) queued again, due now,
    with fresh attempts; returns their ids."""
    query = IngestionJob.select(IngestionJob.id).where(IngestionJob.status == "failed")
    if job_ids is not None:
        query = query.where(IngestionJob.id.in_(job_ids))
    if project_id is not None:
        query = query.where(IngestionJob.project == project_id)
    ids = [row[0] for row in query.tuples()]
    for chunk in chunks(ids):
        (IngestionJob
         .update(status="queued", attempts=0, next_attempt_at=utcnow(), processed_at=None)
         .where(IngestionJob.id.in_(chunk), IngestionJob.status == "failed")
         .execute())
    return ids


def finished_job_ids(integration_id: str, statuses: tuple[str, ...], since: datetime | None = None,
                     after: str | None = None) -> list[str]:
    """Ids of the integration's jobs in ``statuses`` that still have their body, received since
    ``since``, after job ``after``, oldest first."""
    query = (IngestionJob.select(IngestionJob.id)
             .where(IngestionJob.integration == integration_id, IngestionJob.status.in_(statuses),
                    # nothing left to run: the body went with a person, or retention redacted it
                    IngestionJob.body_erased_at.is_null(), IngestionJob.body_redacted_at.is_null())
             .order_by(IngestionJob.id))
    if since is not None:
        query = query.where(IngestionJob.received_at >= since)
    if after:
        query = query.where(IngestionJob.id > after)
    return [row[0] for row in query.tuples()]


def get_job(job_id: str) -> IngestionJob:
    """The job, body included."""
    return IngestionJob.get_by_id(job_id)


def find_job_without_body(job_id: str) -> IngestionJob | None:
    """The job's every column but its body (which may be large)."""
    return (IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"])
            .where(IngestionJob.id == job_id).first())


def find_job_in(job_id: str, statuses: tuple[str, ...]) -> IngestionJob | None:
    """The job if it is in one of ``statuses``."""
    return IngestionJob.get_or_none(IngestionJob.id == job_id, IngestionJob.status.in_(statuses))


def record_rerun(job_id: str, statuses: tuple[str, ...], status: str, person_ids: list[str] | None,
                 error: str | None, warning: str | None = None) -> None:
    """A job in one of ``statuses`` ran again: its new status, error, warning and (when given) persons."""
    changes = {"status": status, "last_error": error, "warning": warning, "processed_at": utcnow()}
    if person_ids is not None:
        changes["person_ids"] = person_ids
    IngestionJob.update(**changes).where(IngestionJob.id == job_id, IngestionJob.status.in_(statuses)).execute()


def queue_signing_key() -> str:
    """The installation's queue signing key, made by a migration and shared through the database."""
    row = database.execute_sql("SELECT value FROM appliance_secret WHERE name = 'queue_signing_key'").fetchone()
    return row[0]

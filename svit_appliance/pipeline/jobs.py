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
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from ..core.batch_upsert import Keyed, upsert_many
from ..core.persons import Candidate, Source, normalise_person
from ..destinations import outbox
from ..processors import NoContactDetails, PayloadError, get_integration_type
from ..store import jobs as job_store
from ..store.db import savepoint, write_transaction, writers_waiting
from ..store.jobs import ClaimedJob
from ..store.models import Integration, utcnow

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


def claim_jobs(job_ids: list[str], owner: str, lease_seconds: int, top_up_to: int = 0) -> list[str]:
    """Lease those of ``job_ids`` that are due (queued, or processing under an expired lease),
    then, up to ``top_up_to`` in all, the oldest other queued jobs that are due: a worker that
    is behind takes big batches instead of one small doorbell after another.

    Returns the ids now owned by ``owner``; every claim counts as an attempt, so a job that
    kills its worker still runs out of attempts.
    """
    return job_store.claim(list(dict.fromkeys(job_ids)), owner, lease_seconds, top_up_to)


def process_jobs(job_ids: list[str], owner: str, policy: JobPolicy,
                 stopping: Callable[[], bool] = lambda: False) -> BatchOutcome:
    """Claim, run and complete (or schedule a retry of) every due job of ``job_ids``.

    When ``stopping()`` turns true the jobs not started yet are handed back (queued, the
    attempt not counted), so a restart runs them at once instead of after their lease.
    """
    outcome = BatchOutcome()
    job_store.commit_without_fsync()
    claimed = claim_jobs(job_ids, owner, policy.lease_seconds, top_up_to=TOP_UP_TO)
    for start in range(0, len(claimed), COMMIT_CHUNK):
        if stopping():
            outcome.released = release_jobs(claimed[start:], owner)
            break
        _run_chunk(claimed[start:start + COMMIT_CHUNK], owner, policy, outcome)
    return outcome


def release_jobs(job_ids: list[str], owner: str) -> list[str]:
    """Give claimed, unstarted jobs back to the queue."""
    return job_store.release(job_ids, owner)


class _Context:
    """Integrations and project regions a chunk needs, read once per chunk."""

    def __init__(self):
        self._integrations: dict[str, Integration | None] = {}
        self._regions: dict[str, str] = {}

    def integration(self, integration_id: str) -> Integration | None:
        if integration_id not in self._integrations:
            self._integrations[integration_id] = job_store.find_integration(integration_id)
        return self._integrations[integration_id]

    def region(self, project_id: str) -> str:
        if project_id not in self._regions:
            self._regions[project_id] = job_store.default_region(project_id)
        return self._regions[project_id]


def _run_chunk(job_ids: list[str], owner: str, policy: JobPolicy, outcome: BatchOutcome) -> None:
    context = _Context()
    jobs = job_store.claimed_jobs(job_ids, owner)
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

    job: ClaimedJob
    persons: list[Candidate] = field(default_factory=list)
    notice: str | None = None  # the processor's word when the body names no one by design
    error: Exception | None = None
    seconds: float = 0.0
    person_ids: list[str] = field(default_factory=list)  # filled by the write


def _prepare(job: ClaimedJob, context: _Context) -> _Prepared:
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


def _payload(job: ClaimedJob):
    if job.body_erased_at is not None:
        raise PermanentFailure("The body was erased with a person it carried (svit persons erase)")
    try:
        return json.loads(bytes(job.body))
    except (ValueError, UnicodeDecodeError):
        raise PermanentFailure("The stored body is not valid JSON") from None


def _read_persons(job: ClaimedJob, context: _Context) -> list[Candidate]:
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
        with savepoint():
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


def _no_person_warning(job: ClaimedJob, context: _Context) -> str:
    return no_person_warning(context.integration(job.integration_id))


def no_person_warning(integration: Integration | None) -> str:
    """Why a job that succeeded wrote no one: the sender's shape, or the mapping that reads it."""
    if integration is not None and (integration.config or {}).get("mapping"):
        return f"{NO_PERSON_WARNING} (the integration's field mapping is used: check its paths)"
    return NO_PERSON_WARNING


def _complete(ready: list[_Prepared], owner: str, context: _Context) -> None:
    done = []
    for prepared in ready:
        person_ids = list(dict.fromkeys(prepared.person_ids))
        warning = None if person_ids else prepared.notice or _no_person_warning(prepared.job, context)
        done.append((prepared.job.id, person_ids, warning))
    completed = job_store.complete(done, owner)
    if len(completed) != len(ready):
        raise LeaseLost(", ".join(sorted({prepared.job.id for prepared in ready} - completed)))


def _fail(job: ClaimedJob, owner: str, policy: JobPolicy, error: str, permanent: bool,
          outcome: BatchOutcome) -> None:
    now = utcnow()
    error = error[:MAX_ERROR_CHARS]
    if permanent or job.attempts >= policy.max_attempts:
        if not permanent:
            error = f"{error} (gave up after {job.attempts} attempts)"
        outcome.failed.append(job.id)
        if job_store.fail(job.id, owner, error, now):
            # in the job's transaction, like its person writes
            outbox.job_failed(job.project_id, job.id, job.integration_id, job.attempts, error)
    else:
        retry_at = now + timedelta(seconds=policy.retry_delay(job.attempts))
        outcome.retries[job.id] = retry_at
        job_store.retry_later(job.id, owner, error, retry_at)


def sweep(policy: JobPolicy, grace_seconds: float) -> list[str]:
    """Repair what crashes leave behind; return the ids whose doorbell must ring again.

    Jobs whose lease expired go back to ``queued`` (or ``failed`` once out of attempts: a body
    that kills its worker every time must not loop forever); queued jobs that have been due
    for longer than ``grace_seconds`` lost their doorbell, or never had one.
    """
    now = utcnow()
    gave_up = f"The worker stopped while processing, {policy.max_attempts} times: gave up"
    with write_transaction():
        for job_id, project_id, integration_id, attempts in job_store.give_up_expired(policy.max_attempts, gave_up, now):
            outbox.job_failed(project_id, job_id, integration_id, attempts, gave_up)
        requeued = job_store.requeue_expired(now)
    return list(dict.fromkeys(requeued + job_store.due_ids(now - timedelta(seconds=grace_seconds))))


def retry_jobs(job_ids: list[str] | None = None, project_id: str | None = None) -> list[str]:
    """Put failed jobs (those of ``job_ids``, or all; of one project if given) back in the queue
    with fresh attempts. The caller rings their doorbells (or leaves them to the sweeper)."""
    return job_store.retry_failed(job_ids, project_id)


def release_all_leases() -> int:
    """Hand every leased job back to the queue, due now. Only for when no worker can hold one:
    after a restore, the jobs a backup caught while processing belong to no running process."""
    return job_store.release_all_leases()

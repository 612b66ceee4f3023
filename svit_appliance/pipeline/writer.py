"""The accept path's group-commit writer.

Request handlers hand their new job row to one writer; the writer commits whatever has
queued up as one transaction on its own thread, then answers every request of that batch.
A request is answered only after its own batch committed. A storage failure fails exactly the
requests of that batch (they get 503 and nothing of theirs is stored); an item that fails for
any other reason fails alone: the batch is written again with each item in its own savepoint.
The loop itself, ``GroupCommitWriter``, also writes the contact form's posts (``contact_form.store.FormWriter``).
"""
import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from peewee import DatabaseError, InterfaceError, OperationalError

from ..core.ids import new_id
from ..store.db import write_transaction
from ..store.models import IngestionJob, utcnow

log = logging.getLogger("svit.intake")

# the database cannot write at all (disk full, locked too long, connection lost): the whole batch
# fails and its callers retry; any other error belongs to one item
STORAGE_ERRORS = (OperationalError, InterfaceError)

IDEMPOTENCY_WINDOW = timedelta(hours=24)


class StorageUnavailable(Exception):
    """The database refused the batch (disk full, locked too long...): the client should retry."""


@dataclass(frozen=True)
class NewJob:
    project_id: str
    integration_id: str
    body: bytes
    content_type: str
    idempotency_key: str | None


@dataclass(frozen=True)
class AcceptedJob:
    job_id: str
    duplicate: bool


class GroupCommitWriter:
    """Commits whatever has queued up as one transaction on its own thread, then answers each caller.

    Subclasses implement ``_commit(items) -> results`` (run inside the transaction, one result per
    item; a result that is an exception is raised to that item's caller only). A storage failure
    fails every caller of the batch with ``StorageUnavailable``; when ``_commit`` raises anything
    else, each item is committed again in its own savepoint and only the failing ones fail.
    """

    thread_name = "svit-writer"

    def __init__(self, db, max_batch: int):
        self._db = db
        self._max_batch = max_batch
        self._queue: asyncio.Queue | None = None
        self._task: asyncio.Task | None = None
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=self.thread_name)
        self.committed_batches = 0

    def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.get_running_loop().create_task(self._run(), name=self.thread_name)

    async def stop(self) -> None:
        """Commit what is already queued, then stop."""
        if self._task is None:
            return
        await self._queue.put(None)
        await self._task
        await asyncio.get_running_loop().run_in_executor(self._executor, self._db.close)
        self._executor.shutdown(wait=True)
        self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run(self, work: Callable[[], object]):
        """Run ``work`` in one transaction on the writer's thread, between batches."""
        def in_transaction():
            self._db.connect(reuse_if_open=True)
            with write_transaction(self._db):
                return work()

        return await asyncio.get_running_loop().run_in_executor(self._executor, in_transaction)

    async def submit(self, item):
        if not self.running:
            raise StorageUnavailable("the writer is not running")
        future = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))
        return await future

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        stopping = False
        while not stopping:
            batch, stopping = await self._next_batch()
            if not batch:
                continue
            try:
                results = await loop.run_in_executor(self._executor, self._commit_batch, [item for item, _ in batch])
            except Exception as error:  # every storage failure: the batch's requests get 503
                log.error("batch of %d items not stored: %s", len(batch), type(error).__name__)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(StorageUnavailable(str(error)))
                continue
            for (_, future), result in zip(batch, results):
                if future.done():
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)
            # the doorbell rings on the writer's thread after the callers are answered (the
            # answers wait only for the commit), and before the next batch
            self._executor.submit(self._after_batch, results)

    async def _next_batch(self) -> tuple[list, bool]:
        first = await self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        while len(batch) < self._max_batch and not self._queue.empty():
            item = self._queue.get_nowait()
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _commit_batch(self, items: list) -> list:
        # the writer thread keeps its own connection open (peewee connections are per thread)
        self._db.connect(reuse_if_open=True)
        try:
            with write_transaction(self._db):
                results = self._commit(items)
        except STORAGE_ERRORS:
            raise
        except Exception as error:
            log.warning("an item of a batch of %d failed (%s): committing each item alone",
                        len(items), type(error).__name__)
            with write_transaction(self._db):
                results = [self._commit_alone(item) for item in items]
        self.committed_batches += 1
        return results

    def _after_batch(self, results: list) -> None:
        try:
            self._after_commit([r for r in results if not isinstance(r, Exception)])
        except Exception:  # the batch is committed and answered; a lost doorbell is found by the sweeper
            log.exception("after a committed batch")

    def _commit_alone(self, item):
        try:
            with self._db.atomic():  # a savepoint: a failing item leaves nothing behind
                return self._commit([item])[0]
        except STORAGE_ERRORS:
            raise
        except DatabaseError as error:  # refused by the database (a constraint...): that caller retries
            log.warning("an item was not stored: %s", type(error).__name__)
            return StorageUnavailable(str(error))
        except Exception as error:  # a bug hits this item only (500)
            log.exception("an item was not stored")
            return error

    def _commit(self, items: list) -> list:
        raise NotImplementedError

    def _after_commit(self, results: list) -> None:
        pass


class JobWriter(GroupCommitWriter):
    def __init__(self, db, max_batch: int):
        super().__init__(db, max_batch)
        self.committed_listeners: list[Callable[[list[str]], None]] = []

    def _commit(self, jobs: list[NewJob]) -> list[AcceptedJob]:
        return self._insert(jobs)

    def _after_commit(self, results: list[AcceptedJob]) -> None:
        fresh = [r.job_id for r in results if not r.duplicate]
        if fresh:
            for listener in self.committed_listeners:
                listener(fresh)

    def _insert(self, jobs: list[NewJob]) -> list[AcceptedJob]:
        now = utcnow()
        known = self._existing_keys(jobs, now)
        results, rows = [], []
        for job in jobs:
            key = (job.integration_id, job.idempotency_key)
            if job.idempotency_key is not None and key in known:
                results.append(AcceptedJob(known[key], duplicate=True))
                continue
            job_id = new_id("job")
            if job.idempotency_key is not None:
                known[key] = job_id
            rows.append(_row(job, job_id, now))
            results.append(AcceptedJob(job_id, duplicate=False))
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start:start + ROWS_PER_STATEMENT]
            self._db.execute_sql(insert_sql(self._db.param, len(chunk)), [value for row in chunk for value in row])
        return results

    def _existing_keys(self, jobs: list[NewJob], now) -> dict:
        keyed = [(j.integration_id, j.idempotency_key) for j in jobs if j.idempotency_key is not None]
        if not keyed:
            return {}
        query = (IngestionJob
                 .select(IngestionJob.id, IngestionJob.integration, IngestionJob.idempotency_key)
                 .where(IngestionJob.idempotency_key.in_([key for _, key in keyed]),
                        IngestionJob.received_at > now - IDEMPOTENCY_WINDOW)
                 .order_by(IngestionJob.received_at))
        wanted = set(keyed)
        found = {}
        for row in query.tuples():
            key = (row[1], row[2])
            if key in wanted:
                found.setdefault(key, row[0])
        return found


_INSERT_COLUMNS = ("id", "project_id", "integration_id", "body", "content_type", "idempotency_key",
                   "status", "attempts", "person_ids", "received_at", "next_attempt_at")


# One multi-row statement per chunk: sqlite3 releases the GIL once per statement step, so
# per-row statements would hand the GIL back and forth with the event loop for every job.
ROWS_PER_STATEMENT = 500


@functools.lru_cache(maxsize=64)
def insert_sql(param: str, row_count: int) -> str:
    row = "(" + ", ".join([param] * len(_INSERT_COLUMNS)) + ")"
    return f"INSERT INTO ingestion_job ({', '.join(_INSERT_COLUMNS)}) VALUES " + ", ".join([row] * row_count)


def _row(job: NewJob, job_id: str, now) -> tuple:
    return (job_id, job.project_id, job.integration_id, job.body, job.content_type, job.idempotency_key,
            "queued", 0, "[]", now, now)


def setup_job_writer(app) -> None:
    """The accept path's writer starts after the database opens and stops (committing what is
    queued) before it closes."""

    @app.before_server_start
    async def start_job_writer(app):
        app.ctx.writer = JobWriter(app.ctx.db, app.ctx.settings.writer_batch_max)
        app.ctx.writer.start()

    @app.after_server_stop
    async def stop_job_writer(app):
        await app.ctx.writer.stop()

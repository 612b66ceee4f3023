"""The group-commit writer: one bad item fails alone, a storage failure fails its batch."""
import asyncio

from svit_appliance.pipeline.writer import JobWriter, NewJob, StorageUnavailable
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import IngestionJob
from tests.conftest import provision


def open_store(tmp_path):
    _, _, integrations = provision(tmp_path / "data")
    db = open_database(Settings.load({}, data_dir=str(tmp_path / "data")))
    return db, integrations["webhook"]


def new_job(integration: dict, body: bytes, key: str | None = None) -> NewJob:
    return NewJob(integration["projectId"], integration["id"], body, "application/json", key)


async def submit_together(writer, jobs):
    """Queued before the writer runs again: they are committed as one batch."""
    return await asyncio.gather(*(writer.submit(job) for job in jobs), return_exceptions=True)


def test_it_fails_only_the_item_that_cannot_be_written(tmp_path):
    db, integration = open_store(tmp_path)
    # the reproduction: an Idempotency-Key holding a byte that was not UTF-8 (Sanic hands it on
    # as a lone surrogate) used to fail every request of its batch with 503
    jobs = [new_job(integration, b'{"n": 1}', "key-1"), new_job(integration, b'{"n": 2}', "bad-\udcff"),
            new_job(integration, b'{"n": 3}'), new_job(integration, b'{"n": 4}', "key-1")]

    async def scenario():
        writer = JobWriter(db, max_batch=100)
        writer.start()
        results = await submit_together(writer, jobs)
        await writer.stop()
        return results, writer.committed_batches

    (first, poisoned, third, repeat), batches = asyncio.run(scenario())
    assert batches == 1
    assert isinstance(poisoned, UnicodeEncodeError)
    assert not isinstance(first, Exception) and not isinstance(third, Exception)
    assert repeat.job_id == first.job_id and repeat.duplicate
    stored = sorted(j.id for j in IngestionJob.select(IngestionJob.id))
    assert stored == sorted([first.job_id, third.job_id])
    db.close()


def test_it_fails_the_whole_batch_when_the_disk_is_full(tmp_path):
    db, integration = open_store(tmp_path)
    big = b'"' + b"x" * 200_000 + b'"'

    async def scenario():
        writer = JobWriter(db, max_batch=100)
        writer.start()
        pages = await writer.run(lambda: db.execute_sql("PRAGMA page_count").fetchone()[0])
        # the writer's connection may not grow the file: SQLite answers "database or disk is full"
        await writer.run(lambda: db.execute_sql(f"PRAGMA max_page_count = {pages}"))
        doomed = await submit_together(writer, [new_job(integration, big), new_job(integration, b"1")])
        await writer.run(lambda: db.execute_sql("PRAGMA max_page_count = 1073741823"))
        survivor = await writer.submit(new_job(integration, b"2"))
        await writer.stop()
        return doomed, survivor

    doomed, survivor = asyncio.run(scenario())
    assert all(isinstance(result, StorageUnavailable) for result in doomed)
    assert [j.id for j in IngestionJob.select(IngestionJob.id)] == [survivor.job_id]
    db.close()

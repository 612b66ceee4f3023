"""The accept path's group-commit writer on a real SQLite file, in-process: what it stores, how it
answers, idempotency keys, batches and failures (one bad item fails alone, a storage failure fails
its batch)."""
import asyncio
import sqlite3
import threading
import time
from datetime import timedelta

import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.operations.integrations import create_integration
from svit_appliance.operations.projects import create_project
from svit_appliance.pipeline.writer import (
    IDEMPOTENCY_WINDOW,
    AcceptedJob,
    GroupCommitWriter,
    JobWriter,
    NewJob,
    StorageUnavailable,
)
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.db import ROWS_PER_STATEMENT
from svit_appliance.store.jobs import insert_sql
from svit_appliance.store.models import IngestionJob, utcnow
from tests.conftest import provision


@pytest.fixture
def setup(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    project = create_project(Actor.cli(), "Acme", "GB")
    first, second = (create_integration(Actor.cli(), project.id, "WEBHOOK", name) for name in ("one", "two"))
    yield db, project.id, first.id, second.id, tmp_path / "svit.db"
    db.close()


def job(project_id, integration_id, body=b'{"a":1}', key=None, content_type="application/json") -> NewJob:
    return NewJob(project_id, integration_id, body, content_type, key)


def run(db, scenario, max_batch=100):
    """Start a writer, run ``scenario(writer)`` on a fresh loop, stop the writer (committing what is queued)."""
    async def main():
        writer = JobWriter(db, max_batch)
        writer.start()
        try:
            return writer, await scenario(writer)
        finally:
            await writer.stop()
    return asyncio.run(main())


def stored(path) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute(
            "SELECT id, project_id, integration_id, CAST(body AS TEXT), content_type, idempotency_key, status, "
            "attempts, person_ids, received_at IS NOT NULL, next_attempt_at = received_at FROM ingestion_job "
            "ORDER BY id").fetchall()


def test_it_stores_each_job_as_a_queued_row_and_answers_with_its_id(setup):
    db, project_id, first, _, path = setup

    async def scenario(writer):
        return await asyncio.gather(writer.submit(job(project_id, first, b'"x"', content_type="text/x")),
                                    writer.submit(job(project_id, first, b"[1]", "k1")))

    writer, answers = run(db, scenario)
    assert [type(a) for a in answers] == [AcceptedJob, AcceptedJob]
    assert [a.duplicate for a in answers] == [False, False]
    assert all(a.job_id.startswith("job_") for a in answers) and answers[0].job_id != answers[1].job_id
    rows = {row[0]: row[1:] for row in stored(path)}
    assert rows == {answers[0].job_id: (project_id, first, '"x"', "text/x", None, "queued", 0, "[]", 1, 1),
                    answers[1].job_id: (project_id, first, "[1]", "application/json", "k1", "queued", 0, "[]", 1, 1)}
    assert writer.committed_batches == 1


def test_it_makes_one_job_of_a_key_repeated_within_a_batch_per_integration(setup):
    db, project_id, first, second, path = setup

    async def scenario(writer):
        return await asyncio.gather(*(writer.submit(job(project_id, integration, key=key))
                                      for integration, key in ((first, "k"), (first, "k"), (second, "k"),
                                                               (first, None), (first, None), (second, "k"))))

    _, answers = run(db, scenario)
    ids = [a.job_id for a in answers]
    assert [a.duplicate for a in answers] == [False, True, False, False, False, True]
    assert ids[0] == ids[1] and ids[2] == ids[5] and len(set(ids)) == 4
    assert len(stored(path)) == 4


def test_it_answers_a_key_seen_within_24_hours_with_the_first_job_and_forgets_it_after(setup):
    db, project_id, first, second, path = setup

    async def once(writer):
        return await writer.submit(job(project_id, first, key="k"))

    _, original = run(db, once)
    _, repeat = run(db, once)
    assert (repeat.job_id, repeat.duplicate) == (original.job_id, True)
    IngestionJob.update(received_at=utcnow() - IDEMPOTENCY_WINDOW + timedelta(minutes=1)).execute()
    assert run(db, once)[1] == AcceptedJob(original.job_id, True)
    IngestionJob.update(received_at=utcnow() - IDEMPOTENCY_WINDOW - timedelta(seconds=1)).execute()
    _, fresh = run(db, once)
    assert fresh.duplicate is False and fresh.job_id != original.job_id
    _, again = run(db, once)
    assert again == AcceptedJob(fresh.job_id, True)
    assert len(stored(path)) == 2


def test_it_answers_the_oldest_job_of_a_key_within_the_window(setup):
    db, project_id, first, _, path = setup
    now = utcnow()
    for n, age in enumerate((timedelta(hours=1), timedelta(hours=3), timedelta(hours=2))):
        IngestionJob.create(id=f"job_{n}", project=project_id, integration=first, body=b"{}",
                            content_type="application/json", idempotency_key="k", received_at=now - age,
                            next_attempt_at=now)

    async def once(writer):
        return await writer.submit(job(project_id, first, key="k"))

    assert run(db, once)[1] == AcceptedJob("job_1", True)


def test_it_stores_batches_bigger_than_one_statement(setup):
    db, project_id, first, _, path = setup
    count = 2 * ROWS_PER_STATEMENT + 7

    async def scenario(writer):
        return await asyncio.gather(*(writer.submit(job(project_id, first, f'{{"n":{n}}}'.encode()))
                                      for n in range(count)))

    writer, answers = run(db, scenario, max_batch=count)
    assert writer.committed_batches == 1
    bodies = {row[0]: row[3] for row in stored(path)}
    assert [bodies[a.job_id] for a in answers] == [f'{{"n":{n}}}' for n in range(count)]


def test_it_commits_at_most_max_batch_items_at_a_time(setup):
    db, project_id, first, _, path = setup

    async def scenario(writer):
        return await asyncio.gather(*(writer.submit(job(project_id, first)) for _ in range(5)))

    writer, answers = run(db, scenario, max_batch=2)
    assert writer.committed_batches == 3 and len(stored(path)) == 5


def test_it_writes_one_multi_row_insert_per_chunk():
    assert insert_sql("?", 2) == (
        "INSERT INTO ingestion_job (id, project_id, integration_id, body, content_type, idempotency_key, status, "
        "attempts, person_ids, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    assert insert_sql("%s", 1).endswith("VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")


def test_it_tells_listeners_the_new_jobs_once_they_are_committed(setup):
    db, project_id, first, _, path = setup
    heard = []

    def listener(job_ids):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:  # another connection sees them
            visible = {row[0] for row in connection.execute("SELECT id FROM ingestion_job")}
        heard.append((sorted(job_ids), set(job_ids) <= visible))

    async def scenario(writer):
        writer.committed_listeners.append(listener)
        new = await asyncio.gather(writer.submit(job(project_id, first, key="k")), writer.submit(job(project_id, first)))
        again = await writer.submit(job(project_id, first, key="k"))
        return new, again

    _, (new, again) = run(db, scenario)
    assert again.duplicate is True
    assert heard == [(sorted(a.job_id for a in new), True)]  # the repeat rang nothing


def test_it_refuses_work_when_not_running(setup):
    db, project_id, first, _, _ = setup

    async def scenario():
        writer = JobWriter(db, 10)
        assert writer.running is False
        with pytest.raises(StorageUnavailable):
            await writer.submit(job(project_id, first))
        writer.start()
        assert writer.running is True
        await writer.stop()
        assert writer.running is False
        with pytest.raises(StorageUnavailable):
            await writer.submit(job(project_id, first))
        await writer.stop()  # a second stop is harmless

    asyncio.run(scenario())


def test_it_commits_what_is_queued_when_it_stops(setup):
    db, project_id, first, _, path = setup

    async def scenario():
        writer = JobWriter(db, 10)
        writer.start()
        pending = [asyncio.ensure_future(writer.submit(job(project_id, first))) for _ in range(3)]
        await asyncio.sleep(0)
        await writer.stop()
        return [p.result() for p in pending]

    answers = asyncio.run(scenario())
    assert sorted(a.job_id for a in answers) == [row[0] for row in stored(path)]


def refuse_inserts_of(path, marker: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(f"CREATE TRIGGER refuse_{marker} BEFORE INSERT ON ingestion_job "
                           f"WHEN instr(CAST(NEW.body AS TEXT), '{marker}') > 0 "
                           "BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END")


def test_an_item_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored(setup):
    db, project_id, first, _, path = setup
    refuse_inserts_of(path, "poison")

    async def scenario(writer):
        return await asyncio.gather(*(writer.submit(job(project_id, first, t.encode()))
                                      for t in ('"a"', '"poison"', '"b"')), return_exceptions=True)

    _, (a, poison, b) = run(db, scenario)
    assert isinstance(poison, Exception) and "simulated disk full" in str(poison)
    assert sorted(row[0] for row in stored(path)) == sorted([a.job_id, b.job_id])


def test_it_runs_other_work_in_one_transaction_on_its_thread(setup):
    db, project_id, first, _, path = setup

    def write_then_fail():
        IngestionJob.create(id="job_rolled_back", project=project_id, integration=first, body=b"{}",
                            content_type="application/json")
        raise RuntimeError("half way")

    async def scenario(writer):
        assert await writer.run(lambda: 42) == 42
        with pytest.raises(RuntimeError):
            await writer.run(write_then_fail)
        return await writer.run(lambda: IngestionJob.select().count())

    _, count = run(db, scenario)
    assert count == 0 and stored(path) == []


# --- what mutation testing found untested (tests/mutation/run.py writer) ---

def test_it_does_all_its_work_on_one_thread_of_its_own(setup):
    db, project_id, first, _, _ = setup
    threads = []

    async def scenario(writer):
        writer.committed_listeners.append(lambda ids: threads.append(threading.current_thread().name))
        await writer.submit(job(project_id, first))

        def work():
            time.sleep(0.01)
            return threading.current_thread().name
        return await asyncio.gather(*(writer.run(work) for _ in range(3))), writer._task.get_name()

    _, (names, task_name) = run(db, scenario)
    assert task_name == "svit-writer"
    assert len(set(names + threads)) == 1 and names[0].startswith("svit-writer")


def test_it_says_why_it_refuses_work(setup):
    db, project_id, first, _, _ = setup

    async def scenario():
        with pytest.raises(StorageUnavailable, match=r"^the writer is not running$"):
            await JobWriter(db, 10).submit(job(project_id, first))

    asyncio.run(scenario())


def test_a_caller_that_gave_up_does_not_stop_the_others_answers(setup):
    db, project_id, first, _, path = setup

    async def scenario(writer):
        callers = [asyncio.ensure_future(writer.submit(job(project_id, first, f'"{n}"'.encode()))) for n in range(3)]
        await asyncio.sleep(0)
        callers[0].cancel()
        return await asyncio.wait_for(asyncio.gather(*callers[1:]), 30)

    _, answers = run(db, scenario)
    assert len({a.job_id for a in answers}) == 2
    assert {a.job_id for a in answers} <= {row[0] for row in stored(path)}


class OneRefusal(GroupCommitWriter):
    """A writer whose commit answers one item with an error of its own (as the form's writer does)."""

    def _commit(self, items):
        return [ValueError(f"refused {item}") if item == "bad" else f"stored {item}" for item in items]


def test_an_item_answered_with_an_error_fails_only_its_caller(setup):
    db = setup[0]

    async def scenario():
        writer = OneRefusal(db, 10)
        writer.start()
        answers = await asyncio.gather(*(writer.submit(item) for item in ("a", "bad", "b")), return_exceptions=True)
        await writer.stop()
        return answers

    good, bad, other = asyncio.run(scenario())
    assert (good, other) == ("stored a", "stored b")
    assert isinstance(bad, ValueError) and str(bad) == "refused bad"


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


def test_it_rings_the_doorbell_on_its_thread_without_holding_back_the_answers(setup):
    db, project_id, first, _, _ = setup
    answered = threading.Event()
    heard = []

    def waits_for_the_answer(*_):
        # were the listeners run before the callers are answered, this would wait in vain
        heard.append((answered.wait(10), threading.current_thread().name))

    async def scenario(writer):
        writer.committed_listeners.append(waits_for_the_answer)
        accepted = await writer.submit(job(project_id, first))
        answered.set()
        await writer.run(lambda: None)  # the writer's thread takes work in order: the listeners are done
        return accepted

    run(db, scenario)
    assert len(heard) == 1
    assert all(in_time and thread.startswith("svit-writer") for in_time, thread in heard)


def test_a_failing_listener_fails_no_caller(setup):
    db, project_id, first, _, path = setup

    def broken(job_ids):
        raise RuntimeError("doorbell broken")

    async def scenario(writer):
        writer.committed_listeners.append(broken)
        return [await writer.submit(job(project_id, first)) for _ in range(2)]

    _, accepted = run(db, scenario)
    assert {row[0] for row in stored(path)} == {a.job_id for a in accepted}

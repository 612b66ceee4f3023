"""The group-commit writer on PostgreSQL: a failing item rolls back to its savepoint and fails alone."""
import asyncio

from svit_appliance.core.audit import Actor
from svit_appliance.operations import integrations, projects
from svit_appliance.pipeline.writer import JobWriter, NewJob
from svit_appliance.store.models import IngestionJob


def test_it_fails_only_the_item_that_cannot_be_written_on_postgresql(pg_db):
    project = projects.create_project(Actor.cli(), "Acme", "US")
    integration = integrations.create_integration(Actor.cli(), project.id, "WEBHOOK", "hook")
    jobs = [NewJob(project.id, integration.id, b"1", "application/json", key)
            for key in ("pg-key-1", "bad-\udcff", None)]

    async def scenario():
        writer = JobWriter(pg_db, max_batch=100)
        writer.start()
        results = await asyncio.gather(*(writer.submit(job) for job in jobs), return_exceptions=True)
        await writer.stop()
        return results

    first, poisoned, third = asyncio.run(scenario())
    assert isinstance(poisoned, UnicodeEncodeError)
    stored = {job.id for job in IngestionJob.select(IngestionJob.id).where(IngestionJob.project == project.id)}
    assert stored == {first.job_id, third.job_id}

"""The database, the API's access cache and the job writer: opened before the server
starts, closed after it stops (so in-flight requests finish first)."""
import asyncio
import contextlib

from sanic import Sanic

from .access.cache import AccessCache
from .store.db import open_database
from .pipeline.writer import JobWriter
from .access.tokens import record_last_used

LAST_USED_FLUSH_SECONDS = 30


async def flush_token_use(app: Sanic) -> None:
    uses = app.ctx.access.take_last_used()
    if uses:
        await app.ctx.writer.run(lambda: record_last_used(uses))


async def flush_token_use_periodically(app: Sanic) -> None:
    while True:
        await asyncio.sleep(LAST_USED_FLUSH_SECONDS)
        await flush_token_use(app)


def setup_storage(app: Sanic) -> None:
    @app.before_server_start
    async def open_storage(app):
        app.ctx.db = open_database(app.ctx.settings)
        app.ctx.access = AccessCache(app.ctx.db)
        app.ctx.writer = JobWriter(app.ctx.db, app.ctx.settings.writer_batch_max)
        app.ctx.writer.start()
        app.ctx.token_use_task = asyncio.get_running_loop().create_task(flush_token_use_periodically(app))

    @app.before_server_stop
    async def stop_token_use_flushes(app):
        app.ctx.token_use_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app.ctx.token_use_task

    @app.after_server_stop
    async def close_storage(app):
        await flush_token_use(app)
        await app.ctx.writer.stop()
        app.ctx.db.close()

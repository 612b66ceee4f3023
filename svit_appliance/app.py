"""``create_app(settings)``: wiring only. Each feature registers itself with one ``setup_*`` call."""
from sanic import Sanic

from .access import AccessCache
from .api import setup_api
from .console import setup_console
from .db import open_database
from .health import setup_health
from .intake import JobWriter
from .openapi import setup_openapi
from .problems import setup_problems
from .requestlog import setup_request_log
from .settings import Settings


def create_app(settings: Settings, name: str = "svit") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.NOISY_EXCEPTIONS = False
    app.config.MOTD = False
    app.ctx.settings = settings
    app.ctx.readiness_checks = {}
    setup_storage(app)
    setup_request_log(app)
    setup_problems(app)
    setup_health(app)
    setup_openapi(app)
    setup_api(app)
    setup_console(app)
    return app


def setup_storage(app: Sanic) -> None:
    @app.before_server_start
    async def open_storage(app):
        app.ctx.db = open_database(app.ctx.settings)
        app.ctx.access = AccessCache(app.ctx.db)
        app.ctx.writer = JobWriter(app.ctx.db, app.ctx.settings.writer_batch_max)
        app.ctx.writer.start()

    @app.after_server_stop
    async def close_storage(app):
        await app.ctx.writer.stop()
        app.ctx.db.close()

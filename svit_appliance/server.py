"""``svit serve``: one Sanic process with its lifecycle and logging."""
import logging

from .app import create_app
from .http.requestlog import JsonFormatter
from .settings import Settings


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)
    if settings.log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    # peewee's DEBUG lines are every query with its parameters: bodies, emails, phones, names
    for noisy in ("sanic.access", "sanic.server", "huey", "peewee"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def serve(settings: Settings) -> int:
    configure_logging(settings)
    app = create_app(settings)
    scheme = "https" if app.ctx.tls else "http"
    logging.getLogger("svit").info("svit listening on %s://%s:%d (data: %s)", scheme, settings.host, settings.port,
                                   settings.database_url and "SVIT_DATABASE_URL" or settings.data_path)
    # single_process: Sanic's multi-worker manager re-spawns processes (endless in a frozen binary)
    app.run(host=settings.host, port=settings.port, single_process=True, access_log=False, motd=False,
            ssl=app.ctx.tls)
    return 0

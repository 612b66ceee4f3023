"""``svit serve``: one Sanic process with its lifecycle and logging."""
import logging

from sanic.server.socket import bind_socket

from .app import create_app
from .http.limits import GuardedHttpProtocol
from .http.requestlog import JsonFormatter
from .settings import Settings
from .store.connect import close_database, open_database
from .store.datadir import StartupError, warn_if_exposed
from .store.db import data_home, sqlite_file

log = logging.getLogger("svit")


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)
    if settings.log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    # peewee's DEBUG lines are every query with its parameters: bodies, emails, phones, names
    for noisy in ("sanic.access", "sanic.server", "huey", "peewee"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def listen(settings: Settings):
    """The bound listening socket; a port in use (or not ours to take) is a start-up mistake, said in one line."""
    try:
        return bind_socket(settings.host, settings.port)
    except OSError as error:
        raise StartupError(f"cannot listen on {settings.host}:{settings.port} ({error.strerror or error}): stop "
                           "whatever uses it, or choose another --port (SVIT_PORT) or --host (SVIT_HOST)") from None


def serve(settings: Settings) -> int:
    configure_logging(settings)
    # mistakes about the port, the data directory or the database stop here, before Sanic starts, with
    # one line (the cli exits 2); the server opens the database again in its own start-up
    sock = listen(settings)
    try:
        open_database(settings)
        close_database()
        if sqlite_file(settings) is not None:
            warn_if_exposed(settings.data_path)
        app = create_app(settings)
    except BaseException:
        sock.close()
        raise
    scheme = "https" if app.ctx.services.tls else "http"

    @app.after_server_start
    async def say_where(app):
        log.info("svit listening on %s://%s:%d (data: %s)", scheme, settings.host, settings.port,
                 data_home(settings))

    # single_process: Sanic's multi-worker manager re-spawns processes (endless in a frozen binary)
    app.run(sock=sock, single_process=True, access_log=False, motd=False, ssl=app.ctx.services.tls,
            protocol=GuardedHttpProtocol)
    return 0

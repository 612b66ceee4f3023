"""``svit serve``: one Sanic process with its lifecycle and logging."""
import logging

from .app import create_app
from .http.limits import GuardedHttpProtocol
from .settings import Settings


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        force=True)
    for noisy in ("sanic.access", "sanic.server", "huey"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def serve(settings: Settings) -> int:
    configure_logging(settings)
    app = create_app(settings)
    logging.getLogger("svit").info("svit listening on http://%s:%d (data: %s)", settings.host, settings.port,
                                   settings.database_url and "SVIT_DATABASE_URL" or settings.data_path)
    # single_process: Sanic's multi-worker manager re-spawns processes (endless in a frozen binary)
    app.run(host=settings.host, port=settings.port, single_process=True, access_log=False, motd=False,
            protocol=GuardedHttpProtocol)
    return 0

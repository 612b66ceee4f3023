"""``create_app(settings)``: wiring only. Each feature registers itself with one ``setup_*`` call."""
from sanic import Sanic

from .api import setup_api
from .contact_form.route import setup_contact_form
from .contact_form.embed import setup_embed
from .console import setup_console
from .http.health import setup_health
from .http.openapi import setup_openapi
from .http.error_handler import setup_problems
from .pipeline.queue import setup_queue
from .http.requestlog import setup_request_log
from .settings import Settings
from .lifecycle import setup_storage


def create_app(settings: Settings, name: str = "svit") -> Sanic:
    # svit configures logging itself (server.py): one format, no duplicate lines from Sanic's handlers
    app = Sanic(name, configure_logging=False)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.NOISY_EXCEPTIONS = False
    app.config.MOTD = False
    app.ctx.settings = settings
    app.ctx.readiness_checks = {}
    setup_storage(app)
    setup_queue(app)
    setup_request_log(app)
    setup_problems(app)
    setup_health(app)
    setup_openapi(app)
    setup_api(app)
    setup_contact_form(app)
    setup_embed(app)
    setup_console(app)
    return app

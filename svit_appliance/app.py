"""``create_app(settings)``: wiring only. Each feature registers itself with one ``setup_*`` call.

Sanic runs start-up listeners in the order they were registered and shut-down listeners in
reverse: the database opens first and closes last, the job writer outlives the access cache
(whose last token-use flush goes through it), and every writer stops before the database.
"""
from sanic import Sanic

from .access.cache import setup_access
from .api import setup_api
from .console import setup_console
from .contact_form.embed import setup_embed
from .contact_form.route import setup_contact_form
from .destinations.delivery import setup_delivery
from .http.error_handler import setup_problems
from .http.headers import setup_header_checks
from .http.health import setup_health
from .http.limits import LimitedRequest, setup_limits
from .http.metrics import setup_metrics
from .http.openapi import setup_openapi
from .http.requestlog import setup_request_log
from .http.tls import setup_tls
from .inspector.recorder import setup_inspector
from .pipeline.queue import setup_queue
from .pipeline.writer import setup_job_writer
from .settings import Settings
from .store.connect import setup_database
from .upkeep.backups import setup_backups
from .upkeep.retention import setup_retention


def create_app(settings: Settings, name: str = "svit") -> Sanic:
    # svit configures logging itself (server.py): one format, no duplicate lines from Sanic's handlers
    app = Sanic(name, configure_logging=False, request_class=LimitedRequest)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.NOISY_EXCEPTIONS = False
    app.config.MOTD = False
    app.ctx.settings = settings
    app.ctx.readiness_checks = {}
    setup_tls(app)
    setup_limits(app)
    setup_database(app)
    setup_job_writer(app)
    setup_access(app)
    setup_inspector(app)
    setup_queue(app)
    setup_delivery(app)
    setup_backups(app)
    setup_retention(app)
    setup_metrics(app)
    setup_request_log(app)
    setup_problems(app)
    setup_header_checks(app)
    setup_health(app)
    setup_openapi(app)
    setup_api(app)
    setup_contact_form(app)
    setup_embed(app)
    setup_console(app)
    return app

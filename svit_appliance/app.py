"""``create_app(settings)``: wiring only. The appliance's parts are one typed ``Services`` object
(``services.py``: built here, started and stopped in one order); each feature registers its routes
and middleware with one ``setup_*`` call.
"""
from sanic import Sanic

from .api import setup_api
from .console import setup_console
from .contact_form.embed import setup_embed
from .http.error_handler import setup_problems
from .http.headers import setup_header_checks
from .http.health import setup_health
from .http.limits import LimitedRequest, setup_limits
from .http.metrics import setup_metrics
from .http.openapi import setup_openapi
from .http.requestlog import setup_request_log
from .inspector.recorder import setup_inspector
from .services import Services
from .settings import Settings


def create_app(settings: Settings, name: str = "svit") -> Sanic:
    # svit configures logging itself (server.py): one format, no duplicate lines from Sanic's handlers
    app = Sanic(name, configure_logging=False, request_class=LimitedRequest)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.NOISY_EXCEPTIONS = False
    app.config.MOTD = False
    services = app.ctx.services = Services.for_server(settings)
    setup_limits(app)
    setup_inspector(app)
    setup_metrics(app)
    setup_request_log(app)
    setup_problems(app)
    setup_header_checks(app)
    setup_health(app)
    setup_openapi(app)
    setup_api(app)
    setup_embed(app)
    setup_console(app)

    @app.before_server_start
    async def start(app):
        await services.start()

    @app.after_server_start
    async def serving(app):
        await services.serving(app)

    @app.before_server_stop
    async def stop_work(app):
        await services.stop_work()

    @app.after_server_stop
    async def close(app):
        await services.close()

    return app

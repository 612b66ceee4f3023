"""``/healthz`` (the process answers) and ``/readyz`` (it can store and queue work)."""
import logging

from sanic.response import json

from ..store.health import answers
from .errors import ApiError

log = logging.getLogger("svit.health")


async def healthz(request):
    # Sanic answers requests a moment before it installs its SIGTERM handler; a 200 only after
    # start-up means whoever saw it can rely on a graceful stop.
    if not request.app.ctx.started:
        raise ApiError("SERVICE_UNAVAILABLE", "Starting up")
    return json({"status": "ok"})


def _database_ready() -> bool:
    try:
        answers()
        return True
    except Exception as error:  # any driver error means not ready
        log.warning("readiness: database check failed: %s", type(error).__name__)
        return False


async def readyz(request):
    app = request.app
    checks = {"database": _database_ready(), "writer": app.ctx.writer.running}
    for name, check in app.ctx.readiness_checks.items():
        checks[name] = check()
    if not all(checks.values()):
        failing = ", ".join(name for name, ok in checks.items() if not ok)
        raise ApiError("SERVICE_UNAVAILABLE", f"Not ready: {failing} unavailable")
    # warnings (an overdue backup) need an operator, not a load balancer: still ready
    warnings = [f"{name}: {text}" for name, warn in app.ctx.readiness_warnings.items() if (text := warn())]
    return json({"status": "ready", "checks": checks, "warnings": warnings})


def setup_health(app) -> None:
    app.ctx.started = False
    app.ctx.readiness_warnings = {}

    @app.after_server_start
    async def mark_started(app):
        app.ctx.started = True

    app.add_route(healthz, "/healthz", methods=["GET"], name="healthz")
    app.add_route(readyz, "/readyz", methods=["GET"], name="readyz")

"""``/healthz`` (the process answers) and ``/readyz`` (it can store and queue work)."""
import logging

from sanic.response import json

from ..store.health import answers
from .errors import ApiError

log = logging.getLogger("svit.health")


async def healthz(request):
    # Sanic answers requests a moment before it installs its SIGTERM handler; a 200 only after
    # start-up means whoever saw it can rely on a graceful stop.
    if not request.app.ctx.services.started:
        raise ApiError("SERVICE_UNAVAILABLE", "Starting up")
    return json({"status": "ok"})


def _database_ready() -> bool:
    try:
        answers()
        return True
    except Exception as error:  # any driver error means not ready
        log.warning("readiness: database check failed: %s", type(error).__name__)
        return False


def readiness(services) -> tuple[dict[str, bool], list[str]]:
    """Every check and warning (a query, the backup folder's files): run off the event loop."""
    checks = {"database": _database_ready(), "writer": services.writer.running}
    for name, check in services.readiness_checks.items():
        checks[name] = check()
    warnings = [f"{name}: {text}" for name, warn in services.readiness_warnings.items() if (text := warn())]
    return checks, warnings


async def readyz(request):
    services = request.app.ctx.services
    checks, warnings = await services.work.run(readiness, services)
    if not all(checks.values()):
        failing = ", ".join(name for name, ok in checks.items() if not ok)
        raise ApiError("SERVICE_UNAVAILABLE", f"Not ready: {failing} unavailable")
    # warnings (an overdue backup) need an operator, not a load balancer: still ready
    return json({"status": "ready", "checks": checks, "warnings": warnings})


def setup_health(app) -> None:
    app.add_route(healthz, "/healthz", methods=["GET"], name="healthz")
    app.add_route(readyz, "/readyz", methods=["GET"], name="readyz")

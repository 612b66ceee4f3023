"""Request ids and the one access-log line per request (tokens never appear in it)."""
import itertools
import logging
import os
import re
import time

log = logging.getLogger("svit.access")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# unique per process start plus a counter: as unique as a uuid4, without a syscall per request
_PROCESS_TAG = os.urandom(6).hex()
_counter = itertools.count(1)


def new_request_id() -> str:
    return f"{_PROCESS_TAG}{next(_counter):010x}"


def request_id_for(request) -> str:
    offered = request.headers.get("x-request-id")
    if offered and _SAFE_REQUEST_ID.match(offered):
        return offered
    return new_request_id()


def _start(request):
    request.ctx.request_id = request_id_for(request)
    request.ctx.started = time.perf_counter()


def _finish(request, response):
    request_id = getattr(request.ctx, "request_id", None) or request_id_for(request)
    request.ctx.request_id = request_id
    response.headers["X-Request-ID"] = request_id
    if request.app.ctx.settings.access_log:
        started = getattr(request.ctx, "started", None)
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        log.info("%s %s %s %.1fms %s", request.method, request.path, response.status, duration, request_id)


def setup_request_log(app) -> None:
    app.register_middleware(_start, "request")
    app.register_middleware(_finish, "response")

"""Request ids and the one access-log line per request (tokens never appear in it: the path
is logged without its query string), as text or as JSON."""
import itertools
import json
import logging
import os
import re
import time
from datetime import datetime, timezone

from .proxy import client_address

log = logging.getLogger("svit.access")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# unique per process start plus a counter: as unique as a uuid4, without a syscall per request
_PROCESS_TAG = os.urandom(6).hex()
_counter = itertools.count(1)


def new_request_id() -> str:
    return f"{_PROCESS_TAG}{next(_counter):010x}"


def request_id_of(request) -> str:
    """The request's id: the caller's X-Request-ID when it is a safe token, else a new one."""
    request_id = getattr(request.ctx, "request_id", None)
    if request_id is None:
        offered = request.headers.get("x-request-id")
        request_id = offered if offered and _SAFE_REQUEST_ID.match(offered) else new_request_id()
        request.ctx.request_id = request_id
    return request_id


def _finish(request, response):
    request_id = request_id_of(request)
    response.headers["X-Request-ID"] = request_id
    if request.app.ctx.services.settings.access_log:
        # Sanic stamps each request's start on its stream; no request middleware needed
        started = getattr(request.stream, "perft0", None)
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        fields = {"method": request.method, "path": request.path, "status": response.status,
                  "durationMs": round(duration, 1), "requestId": request_id, "client": client_address(request)}
        log.info("%s %s %s %.1fms %s %s", request.method, request.path, response.status, duration, request_id,
                 fields["client"], extra={"access": fields})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and an access line's own fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
                 .replace("+00:00", "Z"), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        entry.update(getattr(record, "access", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_request_log(app) -> None:
    app.register_middleware(_finish, "response")

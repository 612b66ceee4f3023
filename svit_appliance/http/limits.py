"""Slow and hostile clients cannot hold the server: read deadlines, a connection cap and a cap on
the bytes of request bodies held in memory.

Sanic restarts its timers at every byte received, so a client trickling one byte every few
seconds was never cut, and each held its buffers for as long as it liked. Here:

- the headers of a request must arrive within ``header_timeout`` of its first byte;
- its body within ``body_timeout`` of the end of the headers, and, after a few seconds of grace,
  at ``body_min_rate`` bytes per second at least on average;
- an idle keep-alive connection is closed after ``keep_alive_timeout``;
- beyond ``max_connections`` open connections a new one is answered ``503`` at once and closed;
- bodies are read into memory only while the bytes being received by all requests together stay
  under ``max_buffered_bytes``; past that a request gets ``503`` instead of the memory.

Routes that take a body are streamed (``stream=True``): their handler checks the token, origin or
signature header first and only then reads the body (``read_body``) under its own size limit.
"""
import json
import logging
import resource
from dataclasses import dataclass
from time import monotonic, perf_counter

from sanic.exceptions import ServiceUnavailable
from sanic.http import Http, Stage
from sanic.request import Request
from sanic.server.protocols.http_protocol import HttpProtocol

from .errors import ApiError, problem_body

log = logging.getLogger("svit.http")

RATE_GRACE_SECONDS = 5.0  # a body may start slowly (a TCP window opening) before its rate counts
CHECK_INTERVAL_SECONDS = 0.5
ABORT_AFTER_SECONDS = 5.0
SPARE_FILE_DESCRIPTORS = 64  # for the databases, the queue, logs and the odd file


class ClientTooSlow(ServiceUnavailable):
    """A client missed a read deadline: answered ``400``. A ServiceUnavailable only so that Sanic
    answers it without running the request middleware (a CSRF check on half a body would
    answer for it)."""

    status_code = 400
    quiet = True


@dataclass(frozen=True)
class Limits:
    header_timeout: float
    body_timeout: float
    body_min_rate: int
    keep_alive_timeout: float
    response_timeout: float
    max_connections: int
    max_buffered_bytes: int

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(settings.header_timeout_seconds, settings.body_timeout_seconds, settings.body_min_rate,
                   settings.keep_alive_timeout_seconds, settings.response_timeout_seconds,
                   connection_cap(settings.max_connections), settings.max_buffered_bytes)


def connection_cap(wanted: int) -> int:
    """The connection cap the process can honour: past the open-files limit, accept() itself fails
    and nobody (not even /healthz) gets an answer. Raises the soft limit when the hard one allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + SPARE_FILE_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY and soft < needed:
        capped = max(1, soft - SPARE_FILE_DESCRIPTORS)
        log.warning("open files are limited to %d (ulimit -n): at most %d connections instead of %d",
                    soft, capped, wanted)
        return capped
    return wanted


class BodyBudget:
    """Bytes of request bodies being received by all requests together, against a cap."""

    def __init__(self, cap: int):
        self.cap = cap
        self.used = 0

    def take(self, size: int) -> bool:
        if self.used + size > self.cap:
            return False
        self.used += size
        return True

    def give_back(self, size: int) -> None:
        self.used -= size


def _too_busy() -> ApiError:
    return ApiError("SERVICE_UNAVAILABLE", "The server is receiving too much data right now: retry in a moment")


def _too_large(limit: int) -> ApiError:
    return ApiError("PAYLOAD_TOO_LARGE", f"Request body exceeds the limit of {limit} bytes")


async def read_body(request, limit: int) -> bytes:
    """The whole body, refused with 413 past ``limit`` (before reading, when Content-Length says
    so) and with 503 when the server already holds too many bodies in memory."""
    stream = request.stream
    if stream is None or not stream.request_body:
        return request.body or b""
    if stream.request_body is True and stream.request_bytes > limit:
        raise _refuse(stream, _too_large(limit))
    budget: BodyBudget = request.app.ctx.services.body_budget
    chunks, held = [], 0
    try:
        async for chunk in stream:
            if held + len(chunk) > limit:
                raise _refuse(stream, _too_large(limit))
            if not budget.take(len(chunk)):
                log.warning("%s %s answered 503: %d bytes of bodies already in memory", request.method,
                            request.path, budget.used)
                raise _refuse(stream, _too_busy())
            held += len(chunk)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        budget.give_back(held)


def _refuse(stream, error: ApiError) -> ApiError:
    # the rest of the body is not wanted: the answer says the connection closes (else a client
    # would send its next request on a connection that Sanic drops while skipping the body)
    stream.keep_alive = False
    return error


class LimitedRequest(Request):
    """Bodies that Sanic reads before the handler (routes that do not stream) obey the same rules."""

    async def receive_body(self):
        if not self.body:
            self.body = await read_body(self, self.app.ctx.services.settings.max_body_bytes)


class GuardedHttp(Http):
    __slots__ = ()

    def init_for_request(self):
        super().init_for_request()
        # a pipelined request is already here: its header deadline starts now
        self.protocol.head_started = perf_counter() if self.recv_buffer else None


def _refusal(status_line: bytes) -> bytes:
    body = json.dumps(problem_body("SERVICE_UNAVAILABLE", "The server has too many open connections: retry "
                                                           "in a moment")).encode()
    return (status_line + b"\r\nContent-Type: application/problem+json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body)


class GuardedHttpProtocol(HttpProtocol):
    """Sanic's HTTP/1.1 protocol with the deadlines and caps above (``Limits``: ``services.connection_limits``)."""

    HTTP_CLASS = GuardedHttp
    __slots__ = ("head_started", "refused")

    def connection_made(self, transport):
        self.head_started = None
        self.refused = len(self.connections) >= self.app.ctx.services.connection_limits.max_connections
        if not self.refused:
            return super().connection_made(transport)
        # answer before reading anything, half-close so the answer arrives, drop whatever follows
        self.transport = transport
        transport.write(_refusal(b"HTTP/1.1 503 Service Unavailable"))
        if transport.can_write_eof():
            transport.write_eof()
        self.loop.call_later(1.0, transport.close)
        log.warning("connection refused with 503: %d connections are open", len(self.connections))

    def connection_lost(self, exc):
        if not self.refused:
            super().connection_lost(exc)

    def data_received(self, data: bytes):
        if self.refused:
            return
        if self.head_started is None and (self.http is None or self.http.stage is Stage.IDLE):
            self.head_started = perf_counter()  # the first byte of a request
        super().data_received(data)

    def check_timeouts(self):
        """Replaces Sanic's check (which restarts every timer at each byte received) while the
        connection lives: every ``CHECK_INTERVAL_SECONDS``."""
        try:
            if not self._task or self._http is None:
                return
            expired = self._expired()
            if expired is not False:
                self._close_for(expired)
                return
        except Exception:
            log.exception("checking read deadlines failed")
        self._callback_check_timeouts = self.loop.call_later(CHECK_INTERVAL_SECONDS, self.check_timeouts)

    def _close_for(self, error: Exception | None) -> None:
        http = self._http
        if error is not None:
            log.debug("closing a connection: %s", error)
            http.exception = error  # answered by the error handler, then the connection closes
            http.keep_alive = False
            # the rest of the body is not read: Sanic would drain it as slowly as the client sends it
            http.request_body = None
        self._task.cancel("svit connection deadline")
        # should the answer itself stall (a client that reads nothing), the connection still ends
        self.loop.call_later(ABORT_AFTER_SECONDS, self._abort_if_open)

    def _abort_if_open(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()

    def _expired(self) -> Exception | None | bool:
        """The error to answer when a deadline passed (None for a silent close), else False."""
        limits: Limits = self.app.ctx.services.connection_limits
        http, stage = self._http, self._http.stage
        if stage is Stage.IDLE and not getattr(http, "request_body", None):
            return None if monotonic() - self._time > limits.keep_alive_timeout else False
        late = self._late(limits)
        if late:
            return ClientTooSlow(late)
        if stage in (Stage.HANDLER, Stage.RESPONSE, Stage.FAILED) and not self._body_arriving():
            if monotonic() - self._time > limits.response_timeout:
                return ServiceUnavailable("Response Timeout")
        return False

    def _body_arriving(self) -> bool:
        http = self._http
        if not getattr(http, "request_body", None) or getattr(http, "perft0", None) is None:
            return False
        # a body whose every byte is here waits for the handler to read it: the client is done
        return not (http.request_body is True and http.request_bytes_left <= len(self.recv_buffer))

    def _late(self, limits: Limits) -> str | None:
        """Why the client is too slow, or None."""
        http, now = self._http, perf_counter()
        if http.stage is Stage.REQUEST:
            waited = now - self.head_started if self.head_started else monotonic() - self._time
            return f"headers not received within {limits.header_timeout:g} s" if waited > limits.header_timeout else None
        if not self._body_arriving():
            return None
        elapsed = now - http.perft0
        if elapsed > limits.body_timeout:
            return f"body not received within {limits.body_timeout:g} s"
        received = (http.request_bytes or 0) - (http.request_bytes_left or 0) + len(self.recv_buffer)
        if elapsed > RATE_GRACE_SECONDS and received < limits.body_min_rate * elapsed:
            return f"body arriving slower than {limits.body_min_rate} bytes/s"
        return None


def setup_limits(app) -> None:
    settings = app.ctx.services.settings
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.REQUEST_TIMEOUT = settings.header_timeout_seconds
    app.config.KEEP_ALIVE_TIMEOUT = settings.keep_alive_timeout_seconds
    app.config.RESPONSE_TIMEOUT = settings.response_timeout_seconds

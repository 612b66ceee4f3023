"""Turns every exception, from every route, into the contract's problem+json response (the one renderer)."""
import json
import logging

from sanic.exceptions import (
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RequestTimeout,
    SanicException,
    ServiceUnavailable,
)
from sanic.response import HTTPResponse

from .errors import INTERNAL_ERROR_DETAIL, PROBLEM_CONTENT_TYPE, PROBLEMS, ApiError, problem_body
from .limits import ClientTooSlow
from .requestlog import request_id_of

log = logging.getLogger("svit.errors")

_CODE_FOR_STATUS = {p.status: p.code for p in reversed(PROBLEMS.values())}


def as_api_error(request, exception: Exception) -> ApiError:
    if isinstance(exception, ApiError):
        return exception
    if isinstance(exception, NotFound):
        return ApiError("NOT_FOUND", f"No route for {request.method} {request.path}")
    if isinstance(exception, MethodNotAllowed):
        allowed = ", ".join(sorted(getattr(exception, "allowed_methods", None) or []))
        return ApiError("METHOD_NOT_ALLOWED", f"Method {request.method} is not allowed for {request.path}",
                        headers={"Allow": allowed} if allowed else None)
    if isinstance(exception, PayloadTooLarge):
        limit = request.app.ctx.services.settings.max_body_bytes
        return ApiError("PAYLOAD_TOO_LARGE", f"Request body exceeds the limit of {limit} bytes")
    if isinstance(exception, (RequestTimeout, ClientTooSlow)):
        log.warning("%s %s: the request was not received in time (%s)", request.method, request.path, exception)
        return ApiError("INVALID_REQUEST", f"The request was not received in time ({exception}): send the "
                                           "headers and body without pausing")
    if isinstance(exception, ServiceUnavailable):
        # the response timeout: nothing went wrong with the request, the client retries
        log.warning("%s %s answered 503: %s", request.method, request.path, exception)
        return ApiError("SERVICE_UNAVAILABLE", "The server could not answer in time: retry later")
    if isinstance(exception, SanicException) and exception.status_code < 500:
        code = _CODE_FOR_STATUS.get(exception.status_code, "INVALID_REQUEST")
        return ApiError(code, "The request could not be read: check its headers and body")
    log.error("unhandled error on %s %s (request %s)", request.method, request.path,
              request_id_of(request), exc_info=exception)
    return ApiError("INTERNAL_SERVER_ERROR", INTERNAL_ERROR_DETAIL)


def problem_response(error: ApiError, request_id: str | None = None) -> HTTPResponse:
    body = problem_body(error.problem.code, error.detail, error.errors, request_id, error.hint)
    return HTTPResponse(
        # a detail quoting what the client sent must not break the error page itself
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace"),
        status=error.problem.status,
        headers=error.headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def wants_html(request) -> bool:
    """A browser navigating: its Accept names text/html (API clients send JSON or */*)."""
    return "text/html" in (request.headers.get("accept") or "")


def render_problem(request, exception: Exception):
    error = as_api_error(request, exception)
    request.ctx.problem_code = error.problem.code  # counted by /metrics as the refusal's reason
    page = _html_page_for(request)
    if page is not None and wants_html(request):
        response = page(request, error, request_id_of(request))
    else:
        response = problem_response(error, request_id_of(request))
    for listener in request.app.ctx.services.problem_listeners:
        listener(request, response)
    return response



def _html_page_for(request):
    return next((render for prefix, render in request.app.ctx.services.html_error_pages
                 if request.path == prefix or request.path.startswith(prefix + "/")), None)


def add_html_error_page(app, prefix: str, render) -> None:
    """Errors under ``prefix`` answer browsers with ``render(request, error, request_id)`` (an
    HTML page) instead of problem+json; every other client still gets the problem body."""
    app.ctx.services.html_error_pages.append((prefix, render))


def setup_problems(app) -> None:
    app.error_handler.add(Exception, render_problem)

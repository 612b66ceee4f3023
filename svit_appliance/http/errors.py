"""The contract's problem types (API.md's error table), the error that carries one, its body, and
who hears each problem answered."""
from dataclasses import dataclass
from datetime import datetime, timezone

TYPE_BASE = "https://api-errors.svit.one/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    status: int
    code: str
    type_path: str
    title: str

    @property
    def type_uri(self) -> str:
        return TYPE_BASE + self.type_path


PROBLEMS: dict[str, ProblemType] = {
    p.code: p
    for p in (
        ProblemType(400, "INVALID_REQUEST", "validation/invalid-request", "Validation Failed"),
        ProblemType(400, "INTEGRATION_TYPE_NOT_SUPPORTED", "validation/integration-type-not-supported",
                    "Integration Type Not Supported"),
        ProblemType(401, "INVALID_SERVER_TOKEN", "auth/invalid-server-token", "Invalid Server Token"),
        ProblemType(401, "INVALID_CLIENT_TOKEN", "external-client/invalid-token", "Invalid Client Token"),
        ProblemType(403, "INVALID_CLIENT_ORIGIN", "external-client/invalid-origin", "Origin Not Allowed"),
        ProblemType(404, "INTEGRATION_NOT_FOUND", "not-found/integration", "Integration Not Found"),
        ProblemType(404, "JOB_NOT_FOUND", "not-found/job", "Job Not Found"),
        ProblemType(404, "NOT_FOUND", "not-found/route", "Not Found"),
        ProblemType(405, "METHOD_NOT_ALLOWED", "validation/method-not-allowed", "Method Not Allowed"),
        ProblemType(409, "INTEGRATION_DISABLED", "conflict/integration-disabled", "Integration Disabled"),
        ProblemType(413, "PAYLOAD_TOO_LARGE", "validation/payload-too-large", "Payload Too Large"),
        ProblemType(415, "UNSUPPORTED_MEDIA_TYPE", "validation/unsupported-media-type", "Unsupported Media Type"),
        ProblemType(429, "RATE_LIMITED", "rate-limit/too-many-requests", "Too Many Requests"),
        ProblemType(500, "INTERNAL_SERVER_ERROR", "internal/server-error", "Internal Server Error"),
        ProblemType(503, "SERVICE_UNAVAILABLE", "internal/service-unavailable", "Service Unavailable"),
    )
}

INTERNAL_ERROR_DETAIL = "An unexpected error occurred"


class ApiError(Exception):
    """An error with a contract code; raised anywhere, rendered once at the edge."""

    def __init__(self, code: str, detail: str, *, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None, hint: str | None = None):
        super().__init__(detail)
        self.problem = PROBLEMS[code]
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.hint = hint  # an extra member, where the contract pins ``detail`` to the reference's sentence


def timestamp_now() -> str:
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def problem_body(code: str, detail: str, errors: list[dict] | None = None,
                 request_id: str | None = None, hint: str | None = None) -> dict:
    problem = PROBLEMS[code]
    body = {
        "type": problem.type_uri,
        "title": problem.title,
        "status": problem.status,
        "detail": detail,
        "code": problem.code,
        "timestamp": timestamp_now(),
    }
    if errors is not None:
        body["errors"] = errors
    if hint:
        body["hint"] = hint
    if request_id:
        body["requestId"] = request_id
    return body


def add_problem_listener(app, listener) -> None:
    """``listener(request, response)`` hears every problem the error handler answers, as it answers
    it: a hook on refusals only, where a response middleware would cost every accepted request a
    call too."""
    app.ctx.services.problem_listeners.append(listener)

"""``POST /data-ingestion/{integrationId}``: authorise, check the integration, store, answer 202."""
import time

from sanic.response import json

from ..core.errors import Refused
from ..http.bodies import parse_request_body
from ..http.errors import ApiError
from ..http.limits import read_body
from ..http.proxy import original_scheme
from ..pipeline.dryrun import dry_run
from ..pipeline.writer import NewJob, StorageUnavailable
from ..processors import get_integration_type
from ..processors.signatures import (
    RequestLine,
    SignatureError,
    replay_key,
    signature_header,
    signature_header_present,
    verify_signature,
)
from ..store.models import Integration
from .auth import require_server_token

MAX_IDEMPOTENCY_KEY = 255


def find_integration(request, project_id: str, integration_id: str) -> Integration:
    integration = request.app.ctx.services.access.integration(integration_id)
    if integration is None or integration.project_id != project_id:
        raise ApiError("INTEGRATION_NOT_FOUND", f"Integration with ID {integration_id} not found")
    return integration


def check_accepts_ingestion(integration: Integration) -> None:
    integration_type = get_integration_type(integration.type)
    if integration_type is None or not integration_type.supported:
        raise ApiError("INTEGRATION_TYPE_NOT_SUPPORTED", f"Integration type '{integration.type}' is not supported")
    if not integration.enabled:
        raise ApiError("INTEGRATION_DISABLED",
                       f"Integration with ID {integration.id} is disabled: enable it to accept data")


def idempotency_key(request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY:
        raise ApiError("INVALID_REQUEST",
                       f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} characters")
    return key


def public_url(request) -> str:
    """The URL the provider called (HubSpot signs it): behind a trusted TLS proxy the scheme is
    the visitor's, and the Host header is the public host a proxy passes on."""
    query = f"?{request.query_string}" if request.query_string else ""
    return f"{original_scheme(request)}://{request.host}{request.path}{query}"


def signing_scheme(integration: Integration | None) -> tuple[str, str] | None:
    """(scheme, secret) when the integration holds a signing secret for its provider's scheme."""
    integration_type = integration and get_integration_type(integration.type)
    scheme = integration_type.signature_scheme if integration_type else None
    secret = (integration.config or {}).get("signing_secret") if integration else None
    return (scheme, secret) if scheme and secret else None


def signed_integration(request, integration_id: str) -> Integration | None:
    """The integration, when the request has no Authorization header and the integration holds a
    signing secret: then its signature header must be there (checked before the body is read)."""
    if request.headers.get("authorization"):
        return None
    request.app.ctx.services.access.refresh()
    integration = request.app.ctx.services.access.integration(integration_id)
    signing = signing_scheme(integration)
    if signing is None:
        return None
    if not signature_header_present(signing[0], request.headers):
        raise ApiError("INVALID_SERVER_TOKEN",
                       f"Missing {signature_header(signing[0])} header: sign the request as {integration.type} does")
    return integration


def verify_signed_body(request, integration: Integration) -> None:
    scheme, secret = signing_scheme(integration)
    try:
        request_line = RequestLine(request.method, public_url(request))
        verify_signature(scheme, secret, request.headers, request.body, time.time(), request_line)
    except SignatureError as error:
        header = signature_header(scheme)
        detail = (f"{header} does not match the integration's signing secret"
                  if str(error) == "Signature does not match" else f"{error}: sign the request as {integration.type} does")
        raise ApiError("INVALID_SERVER_TOKEN", detail) from None
    # a provider's retry of a delivery we stored is answered like a repeated Idempotency-Key
    request.ctx.replay_key = replay_key(scheme, request.headers, request.body)


def authorised_integration(request, integration_id: str) -> tuple[Integration, bool]:
    """The integration of a server token of its project, or of a provider signature header
    (whether the body must then be verified)."""
    integration = signed_integration(request, integration_id)
    if integration is not None:
        return integration, True
    token = require_server_token(request)
    return find_integration(request, token.project_id, integration_id), False


def is_dry_run(request) -> bool:
    if not request.query_string:
        return False
    value = request.args.get("dryRun")
    if value is None or value.lower() == "false":
        return False
    if value.lower() == "true":
        return True
    raise ApiError("INVALID_REQUEST", f"dryRun must be true or false, not {value[:40]!r}")


def answer_dry_run(request, integration: Integration):
    """Every check of a real request has passed: report what the job would write, write nothing.
    Run on ``services.work``: parsing the body, processing it and matching every person it names
    grow with the body and the project."""
    body = parse_request_body(request, request.app.ctx.services.settings.max_json_depth)
    try:
        return json(dry_run(integration, body.value).view())
    except Refused as error:  # only a type without processor, which check_accepts_ingestion already refused
        raise ApiError("INTEGRATION_TYPE_NOT_SUPPORTED", str(error)) from None


async def ingest(request, integration_id: str):
    dry = is_dry_run(request)
    # everything the headers can tell is checked before a byte of the body is read
    integration, signed = authorised_integration(request, integration_id)
    check_accepts_ingestion(integration)
    key = idempotency_key(request)
    settings = request.app.ctx.services.settings
    request.body = await read_body(request, settings.max_body_bytes)
    if signed:
        verify_signed_body(request, integration)
    if dry:
        return await request.app.ctx.services.work.run(answer_dry_run, request, integration)
    body = parse_request_body(request, settings.max_json_depth)
    key = key or getattr(request.ctx, "replay_key", None)
    job = NewJob(integration.project_id, integration.id, body.stored_bytes, body.stored_content_type, key)
    try:
        accepted = await request.app.ctx.services.writer.submit(job)
    except StorageUnavailable:
        raise ApiError("SERVICE_UNAVAILABLE",
                       "The payload could not be stored right now and was not accepted: retry later") from None
    return json({"message": "Ingestion job accepted", "jobId": accepted.job_id,
                 "duplicate": accepted.duplicate}, status=202)

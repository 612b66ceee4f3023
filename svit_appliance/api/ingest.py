"""``POST /data-ingestion/{integrationId}``: authorise, check the integration, store, answer 202."""
from sanic.response import json

from ..bodies import parse_request_body
from ..errors import ApiError
from ..intake import NewJob, StorageUnavailable
from ..models import Integration
from ..processors import get_integration_type
from .auth import require_server_token

MAX_IDEMPOTENCY_KEY = 255


def find_integration(request, project_id: str, integration_id: str) -> Integration:
    integration = request.app.ctx.access.integration(integration_id)
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


async def ingest(request, integration_id: str):
    token = require_server_token(request)
    integration = find_integration(request, token.project_id, integration_id)
    check_accepts_ingestion(integration)
    settings = request.app.ctx.settings
    body = parse_request_body(request, settings.max_json_depth)
    job = NewJob(token.project_id, integration.id, body.stored_bytes, body.stored_content_type,
                 idempotency_key(request))
    try:
        accepted = await request.app.ctx.writer.submit(job)
    except StorageUnavailable:
        raise ApiError("SERVICE_UNAVAILABLE",
                       "The payload could not be stored right now and was not accepted: retry later") from None
    return json({"message": "Ingestion job accepted", "jobId": accepted.job_id,
                 "duplicate": accepted.duplicate}, status=202)

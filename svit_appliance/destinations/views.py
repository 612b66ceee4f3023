"""Destinations, deliveries and attempts as the CLI prints them (secrets never included)."""
from ..store.models import Delivery, DeliveryAttempt, Destination, iso_utc
from .kinds import KINDS


def destination_view(destination: Destination, secret: str | None = None) -> dict:
    config = destination.config or {}
    view = {"id": destination.id, "projectId": destination.project_id, "name": destination.name,
            "kind": destination.kind, "events": destination.events, "enabled": destination.enabled,
            "config": {k: config[k] for k in KINDS[destination.kind].shown_config if k in config},
            "passwordSet": bool(config.get("password")), "failingSince": iso_utc(destination.failing_since),
            "disabledReason": destination.disabled_reason, "createdAt": iso_utc(destination.created_at)}
    if secret is not None:
        view["signingSecret"] = secret
    return view


def delivery_view(delivery: Delivery) -> dict:
    return {"id": delivery.id, "destinationId": delivery.destination_id, "event": delivery.event,
            "status": delivery.status, "attempts": delivery.attempts, "nextAttemptAt": iso_utc(delivery.next_attempt_at),
            "lastError": delivery.last_error, "createdAt": iso_utc(delivery.created_at),
            "deliveredAt": iso_utc(delivery.delivered_at)}


def attempt_view(attempt: DeliveryAttempt) -> dict:
    return {"deliveryId": attempt.delivery_id, "attempt": attempt.attempt, "startedAt": iso_utc(attempt.started_at),
            "statusCode": attempt.status_code, "latencyMs": attempt.latency_ms, "response": attempt.response,
            "error": attempt.error}

"""Keeping refused API requests without slowing anything down.

The error handler hands each refusal to the recorder, which only appends to memory; its own
thread writes what gathered once a second, in one small transaction of its own (never the accept
path's batch), then trims. Under a flood each (route, reason) keeps a few samples per second and
the rest are counted on the last sample (``count``), so a storm of bad tokens costs a handful of
rows. Which project a refusal belongs to is worked out by that thread too: from the integration
in the path, else the client token, else the server token the request carried (active or not);
the secrets themselves stay in memory until then and are never written.
"""
import json
import logging
import threading
from dataclasses import dataclass, field

from ..access.tokens import CLIENT, SERVER, bearer_token, find
from ..core.ids import new_id
from ..http.errors import add_problem_listener
from ..http.paths import API_BASE
from ..http.proxy import client_address
from ..processors.signatures import SCHEMES, signature_header
from ..store import rejections as rejection_store
from ..store.access import find_integration
from ..store.db import write_transaction
from ..store.models import utcnow
from .masking import body_excerpt, mask_secrets

log = logging.getLogger("svit.inspector")

SAMPLES_PER_SECOND = 20  # per route and reason; the rest only counted
KEEP_PER_PROJECT = 1000  # and as many appliance-wide
FLUSH_SECONDS = 1.0
MAX_TEXT = 300
SIGNATURE_HEADERS = tuple(signature_header(scheme) for scheme in SCHEMES)


@dataclass
class Rejection:
    method: str
    route: str
    status: int
    code: str
    detail: str
    client_address: str | None
    origin: str | None
    user_agent: str | None
    signature: str | None
    body_excerpt: str | None
    integration_id: str | None = None
    server_secret: str | None = field(default=None, repr=False)
    client_secret: str | None = field(default=None, repr=False)
    created_at: object = field(default_factory=utcnow)
    count: int = 1


def storable(value: str | None) -> str | None:
    """Text as it can be stored: header bytes that were not UTF-8 reach us as lone surrogates,
    which no database encoding takes, so they are kept as backslash escapes."""
    if value is None or value.isascii():
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _text(value: str | None, limit: int = MAX_TEXT) -> str | None:
    return storable(value[:limit]) if value else None


def _detail(response) -> str:
    try:
        return str(json.loads(response.body).get("detail", ""))[:1000]
    except (ValueError, AttributeError, TypeError):
        return ""


def _signature(headers) -> str | None:
    for name in SIGNATURE_HEADERS:
        value = headers.get(name)
        if value is not None:
            return storable(f"{name}: {value[:200]}")
    return None


def rejection_from(request, response, code: str) -> Rejection:
    """What is kept of one refused request (secrets kept only in memory, to find the project)."""
    headers = request.headers
    return Rejection(
        method=request.method, route=_text(request.path), status=response.status, code=code,
        detail=storable(mask_secrets(_detail(response))), client_address=_text(client_address(request)),
        origin=_text(headers.get("origin")), user_agent=_text(headers.get("user-agent")),
        signature=_signature(headers), body_excerpt=storable(body_excerpt(getattr(request, "body", None))),
        integration_id=_text((request.match_info or {}).get("integration_id"), 100),
        server_secret=bearer_token(headers.get("authorization")),
        client_secret=(headers.get("x-client-token") or "").strip() or None)


class RejectionRecorder:
    def __init__(self, samples_per_window: int = SAMPLES_PER_SECOND, flush_seconds: float = FLUSH_SECONDS):
        self.samples_per_window = samples_per_window
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._pending: list[Rejection] = []
        self._last: dict[tuple[str, str], Rejection] = {}
        self._sampled: dict[tuple[str, str], int] = {}

    def observe(self, request, response) -> None:
        """Hears every problem answered; keeps the external API's (not the console's pages)."""
        code = request.ctx.problem_code
        if not request.path.startswith(API_BASE + "/"):
            return
        key = (request.path, code)
        with self._lock:
            if self._sampled.get(key, 0) >= self.samples_per_window:
                self._last[key].count += 1
                return
        rejection = rejection_from(request, response, code)
        with self._lock:
            self._pending.append(rejection)
            self._last[key] = rejection
            self._sampled[key] = self._sampled.get(key, 0) + 1

    def flush(self) -> int:
        """Write what gathered since the last flush; returns the number of rows written."""
        with self._lock:
            batch, self._pending, self._last, self._sampled = self._pending, [], {}, {}
        if not batch:
            return 0
        try:
            store_rejections(batch)
        except Exception:  # the inspector must never take anything else down with it
            log.exception("could not store %d rejected requests", len(batch))
            return 0
        return len(batch)


def _owner(rejection: Rejection) -> tuple[str | None, str | None]:
    """(project id, subject id): the integration named in the path, else the client token, else the server token."""
    if rejection.integration_id:
        integration = find_integration(rejection.integration_id)
        if integration is not None:
            return integration.project_id, integration.id
    client = find(CLIENT, rejection.client_secret)
    if client is not None:
        return client.project_id, client.id
    server = find(SERVER, rejection.server_secret)
    return (server.project_id, None) if server is not None else (None, None)


def _row(rejection: Rejection) -> dict:
    project_id, subject_id = _owner(rejection)
    return {"id": new_id("rej"), "project": project_id, "subject_id": subject_id,
            "created_at": rejection.created_at, "method": rejection.method, "route": rejection.route,
            "status": rejection.status, "code": rejection.code, "detail": rejection.detail,
            "client_address": rejection.client_address, "origin": rejection.origin,
            "user_agent": rejection.user_agent, "signature": rejection.signature,
            "body_excerpt": rejection.body_excerpt, "count": rejection.count}


def store_rejections(batch: list[Rejection]) -> None:
    rows = [_row(r) for r in batch]
    with write_transaction():
        rejection_store.insert_rejections(rows)
        trim({row["project"] for row in rows})


def trim(project_ids: set[str | None]) -> None:
    """Keep the newest KEEP_PER_PROJECT rows of each project (and appliance-wide): a flood of
    refusals stays bounded between two retention runs, which delete the old ones."""
    for project_id in project_ids:
        rejection_store.keep_newest_rejections(project_id, KEEP_PER_PROJECT)


def setup_inspector(app) -> None:
    """The recorder hears every problem answered; the scheduler's ``inspector`` job writes what it kept."""
    add_problem_listener(app, app.ctx.services.rejections.observe)

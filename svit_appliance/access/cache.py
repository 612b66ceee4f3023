"""The rows every API request needs (tokens, integrations), cached in memory.

Triggers bump ``config_version`` whenever a project, token or integration changes in any
process (CLI, console, another server), so one tiny query tells whether the cache still
holds; under load it runs at most once per ``RECHECK_SECONDS``, so a revocation takes effect
within a couple of milliseconds.
"""
import threading
import time

from ..store import access as access_store
from ..store.db import write_transaction
from .tokens import TokenKind, find, hash_token, is_active, record_last_used

MAX_ENTRIES = 10_000
# Under load the counter is read at most once per interval: a change made elsewhere is seen
# within a millisecond or two, and the hot path skips most of those queries.
RECHECK_SECONDS = 0.002
_MISSING = object()


class AccessCache:
    def __init__(self, db):
        self._db = db
        self._version = None
        self._checked_at = float("-inf")
        self._tokens: dict[tuple[str, str], object] = {}
        self._integrations: dict[str, object] = {}
        self._projects: dict[str, object] = {}
        self._client_origins: frozenset[str] | None = None
        self._last_used: dict[tuple[type, str], float] = {}
        self._last_used_lock = threading.Lock()  # the loop notes uses, the scheduler's thread takes them

    def _current_version(self) -> int:
        return access_store.config_version(self._db)

    def refresh(self) -> None:
        """Forget everything if the configuration changed since the last look."""
        now = time.monotonic()
        if now - self._checked_at < RECHECK_SECONDS:
            return
        self._checked_at = now
        version = self._current_version()
        if version != self._version:
            self._tokens.clear()
            self._integrations.clear()
            self._projects.clear()
            self._client_origins = None
            self._version = version

    def active_token(self, kind: TokenKind, secret: str | None):
        """The active token record for ``secret``, or None; call ``refresh`` once per request first."""
        if not secret:
            return None
        key = (kind.marker, hash_token(secret))
        record = self._tokens.get(key, _MISSING)
        if record is _MISSING:
            record = find(kind, secret)
            self._remember(self._tokens, key, record)
        if record is None or not is_active(record):
            return None
        with self._last_used_lock:
            self._last_used[(kind.model, record.id)] = time.time()
        return record

    def take_last_used(self) -> dict[tuple[type, str], float]:
        """Token uses seen since the last call, for ``tokens.record_last_used``."""
        with self._last_used_lock:
            used, self._last_used = self._last_used, {}
        return used

    def integration(self, integration_id: str):
        return self._cached(self._integrations, integration_id, access_store.find_integration)

    def project(self, project_id: str):
        return self._cached(self._projects, project_id, access_store.find_project)

    def _cached(self, cache: dict, record_id: str, find_record):
        record = cache.get(record_id, _MISSING)
        if record is _MISSING:
            record = find_record(record_id)
            self._remember(cache, record_id, record)
        return record

    def client_origins(self) -> frozenset[str]:
        """Every origin pattern some active client token allows (a CORS preflight carries no token)."""
        if self._client_origins is None:
            tokens = access_store.enabled_client_tokens()
            self._client_origins = frozenset(o for t in tokens if is_active(t) for o in t.allowed_origins)
        return self._client_origins

    @staticmethod
    def _remember(cache: dict, key, record) -> None:
        if len(cache) >= MAX_ENTRIES:
            cache.clear()  # bounded: a flood of made-up tokens cannot grow memory
        cache[key] = record


def flush_token_use(access: AccessCache | None) -> int:
    """Store the token uses seen since the last flush (the scheduler's ``token-use`` job, and once
    more at shutdown); returns how many tokens were noted."""
    uses = access.take_last_used() if access is not None else {}
    if uses:
        with write_transaction():
            record_last_used(uses)
    return len(uses)

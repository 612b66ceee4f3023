"""The rows every API request needs (tokens, integrations), cached in memory.

Triggers bump ``config_version`` whenever a project, token or integration changes in any
process (CLI, console, another server), so one tiny query per request tells whether the
cache still holds: revocations take effect on the very next request.
"""
from .models import ClientToken, Integration, Project
from .tokens import TokenKind, find, hash_token, is_active

MAX_ENTRIES = 10_000
_MISSING = object()


class AccessCache:
    def __init__(self, db):
        self._db = db
        self._version = None
        self._tokens: dict[tuple[str, str], object] = {}
        self._integrations: dict[str, object] = {}
        self._projects: dict[str, object] = {}
        self._client_origins: frozenset[str] | None = None

    def _current_version(self) -> int:
        return self._db.execute_sql("SELECT version FROM config_version WHERE id = 1").fetchone()[0]

    def refresh(self) -> None:
        """Forget everything if the configuration changed since the last look."""
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
        return record if record is not None and is_active(record) else None

    def integration(self, integration_id: str):
        record = self._integrations.get(integration_id, _MISSING)
        if record is _MISSING:
            record = Integration.get_or_none(Integration.id == integration_id)
            self._remember(self._integrations, integration_id, record)
        return record

    def project(self, project_id: str):
        record = self._projects.get(project_id, _MISSING)
        if record is _MISSING:
            record = Project.get_or_none(Project.id == project_id)
            self._remember(self._projects, project_id, record)
        return record

    def client_origins(self) -> frozenset[str]:
        """Every origin pattern some active client token allows (a CORS preflight carries no token)."""
        if self._client_origins is None:
            tokens = ClientToken.select().where(ClientToken.revoked_at.is_null(), ClientToken.enabled == True)  # noqa: E712
            self._client_origins = frozenset(o for t in tokens if is_active(t) for o in t.allowed_origins)
        return self._client_origins

    @staticmethod
    def _remember(cache: dict, key, record) -> None:
        if len(cache) >= MAX_ENTRIES:
            cache.clear()  # bounded: a flood of made-up tokens cannot grow memory
        cache[key] = record

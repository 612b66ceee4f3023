"""Server and client tokens: minted with ``secrets``, shown once, stored as a SHA-256 hash,
looked up by a short prefix and compared in constant time.

Tokens carry 190+ bits of randomness, so a fast hash is enough: there is nothing to brute-force.
"""
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timezone

from ..core.ids import new_id
from ..store import access as access_store
from ..store.models import ClientToken, Project, ServerToken, utcnow

_ALPHABET = string.ascii_letters + string.digits
LOOKUP_CHARS = 8


@dataclass(frozen=True)
class TokenKind:
    marker: str
    random_chars: int
    model: type
    id_prefix: str
    audit_name: str
    label: str


SERVER = TokenKind("svit_pat_", 40, ServerToken, "tok", "server_token", "server token")
CLIENT = TokenKind("svit_ct_", 32, ClientToken, "ctk", "client_token", "client token")


def kind_of(token_id: str) -> TokenKind:
    """Which kind of token a record id names (``ctk_...`` client, else server)."""
    return CLIENT if token_id.startswith(CLIENT.id_prefix + "_") else SERVER


@dataclass(frozen=True)
class MintedToken:
    record: object
    secret: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def lookup_prefix(kind: TokenKind, token: str) -> str | None:
    if not token.startswith(kind.marker) or len(token) != len(kind.marker) + kind.random_chars:
        return None
    return token[: len(kind.marker) + LOOKUP_CHARS]


def mint(kind: TokenKind, project: Project, name: str, **fields) -> MintedToken:
    """Create and store a token; the returned secret is the only copy that will ever exist."""
    secret = kind.marker + "".join(secrets.choice(_ALPHABET) for _ in range(kind.random_chars))
    record = access_store.insert_token(kind.model, new_id(kind.id_prefix), project, name,
                                       lookup_prefix(kind, secret), hash_token(secret), **fields)
    return MintedToken(record, secret)


def is_active(record, now=None) -> bool:
    if record.revoked_at is not None:
        return False
    if record.expires_at is not None and record.expires_at <= (now or utcnow()):
        return False
    return getattr(record, "enabled", True)


def find(kind: TokenKind, token: str | None):
    """The stored record matching ``token`` (active or not), or None."""
    if not token:
        return None
    prefix = lookup_prefix(kind, token)
    if prefix is None:
        return None
    wanted = hash_token(token)
    match = None
    for record in access_store.tokens_with_prefix(kind.model, prefix):
        if hmac.compare_digest(record.token_hash, wanted):
            match = record
    return match


def record_last_used(uses: dict[tuple[type, str], float]) -> None:
    """Store when tokens were last used; written in batches, never once per request."""
    for (model, token_id), used_at in uses.items():
        moment = datetime.fromtimestamp(used_at, timezone.utc).replace(tzinfo=None)
        access_store.set_last_used(model, token_id, moment)


def revoke(kind: TokenKind, token_id: str) -> bool:
    return access_store.revoke_token(kind.model, token_id)


def bearer_token(header_value: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; the scheme word is case-insensitive."""
    if not header_value:
        return None
    scheme, _, token = header_value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None

"""Server tokens and client tokens: create (the secret is returned once), configure, revoke."""
from datetime import timedelta

from ..access.tokens import CLIENT, SERVER, MintedToken, TokenKind, kind_of, mint, revoke
from ..contact_form import cors
from ..contact_form.submission import FORM_FIELDS
from ..core.audit import Actor
from ..core.errors import Missing, Refused
from ..settings import parse_rate_limit
from ..store import access as access_store
from ..store.models import ClientToken, utcnow
from .checks import clean_name, in_project
from .op import Op, operation
from .projects import get_project

MAX_EXPIRY_DAYS = 3650
DEFAULT_RATE_LIMIT = "default"  # a client token without a limit of its own follows SVIT_FORM_TOKEN_RATE_LIMIT


@operation("server_token.create")
def create_server_token(op: Op, project_id: str, name: str, expires_in_days: int | None = None) -> MintedToken:
    project = get_project(project_id)
    if expires_in_days is not None and not 0 < expires_in_days <= MAX_EXPIRY_DAYS:
        raise Refused(f"A token expires in 1 to {MAX_EXPIRY_DAYS} days, not {expires_in_days}", "expires_in_days")
    expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    name = clean_name(name, "token")
    with op.writing():
        minted = mint(SERVER, project, name, expires_at=expires_at)
        op.audit(minted.record.id, {"name": minted.record.name})
    return minted


def get_token(kind: TokenKind, token_id: str, project_id: str | None = None):
    """The token of that kind; an id of the other kind is named as such, not looked up."""
    if kind_of(token_id) is not kind:
        raise Refused(f"{token_id} is a {kind_of(token_id).label}, not a {kind.label}")
    token = access_store.find_token(kind.model, token_id)
    if not in_project(token, project_id):
        raise Missing(f"{kind.label.capitalize()} {token_id} not found")
    return token


@operation("token.revoke")
def revoke_token(op: Op, kind: TokenKind, token_id: str, project_id: str | None = None):
    """Revoke a token: it is refused from the next request on (audited as ``server_token.revoke``
    or ``client_token.revoke``)."""
    token = get_token(kind, token_id, project_id)
    with op.writing():
        if not revoke(kind, token.id):
            raise Refused(f"{kind.label.capitalize()} {token_id} is already revoked")
        op.audit(token.id, {"name": token.name}, action=f"{kind.audit_name}.revoke")
    return token


def normalise_origin(origin: str) -> str:
    """An allow-list entry in canonical form: ``https://site.example[:port]`` or ``https://*.site.example``."""
    try:
        return cors.normalise_origin(origin, allow_wildcard=True)
    except ValueError as error:
        raise Refused(f"Origin {origin.strip()!r}: {error}", "origins") from None


def check_required_fields(fields: list[str]) -> list[str]:
    unknown = [f for f in fields if f not in FORM_FIELDS]
    if unknown:
        raise Refused(f"Unknown required field(s) {', '.join(unknown)}: choose from {', '.join(FORM_FIELDS)}",
                      "required")
    return list(dict.fromkeys(fields))


def _origins(origins: list[str]) -> list[str]:
    return list(dict.fromkeys(normalise_origin(o) for o in origins))


def token_rate_limit(text: str) -> str | None:
    """A client token's own limit in the settings' syntax (``30/minute``, ``off``), or None for
    ``default`` (SVIT_FORM_TOKEN_RATE_LIMIT applies)."""
    if text.strip().lower() == DEFAULT_RATE_LIMIT:
        return None
    try:
        return parse_rate_limit(text)
    except ValueError as error:
        raise Refused(f"Rate limit {text!r}: {error}, or default", "rate_limit") from None


@operation("client_token.create")
def create_client_token(op: Op, project_id: str, name: str, origins: list[str],
                        required_fields: list[str] | None = None) -> MintedToken:
    project = get_project(project_id)
    name, allowed_origins = clean_name(name, "token"), _origins(origins)
    required_fields = check_required_fields(["phone"] if required_fields is None else required_fields)
    with op.writing():
        minted = mint(CLIENT, project, name, allowed_origins=allowed_origins, required_fields=required_fields)
        op.audit(minted.record.id, {"name": minted.record.name, "allowedOrigins": minted.record.allowed_origins})
    return minted


@operation("client_token.configure")
def configure_client_token(op: Op, token_id: str, origins: list[str] | None = None,
                           required_fields: list[str] | None = None, allow_no_origin: bool | None = None,
                           rate_limit: str | None = None, project_id: str | None = None) -> ClientToken:
    """Change what is given (None leaves a setting alone); ``origins`` replaces the allow-list."""
    token = get_token(CLIENT, token_id, project_id)
    allowed = token.allowed_origins if origins is None else _origins(origins)
    required = token.required_fields if required_fields is None else check_required_fields(required_fields)
    no_origin = token.allow_no_origin if allow_no_origin is None else allow_no_origin
    limit = token.rate_limit if rate_limit is None else token_rate_limit(rate_limit)
    with op.writing():
        access_store.set_client_token_rules(token.id, allowed, required, no_origin, limit)
        op.audit(token.id, {"allowedOrigins": allowed, "requiredFields": required, "allowNoOrigin": no_origin,
                            "rateLimit": limit})
    return get_token(CLIENT, token.id)


def allow_origin(actor: Actor, token_id: str, origin: str, project_id: str | None = None) -> ClientToken:
    """Add one origin to a client token's allow-list (the inspector's "allow it"): the
    ``client_token.configure`` operation with that one origin more."""
    token = get_token(CLIENT, token_id, project_id)
    return configure_client_token(actor, token.id, origins=[*token.allowed_origins, origin], project_id=project_id)

"""Administrative operations shared by the CLI and the console: projects, tokens, integrations.

Each raises ``ManageError`` with a sentence meant for the person who asked.
"""
from datetime import timedelta

from peewee import fn

from ..contact_form import cors
from ..contact_form.submission import FORM_FIELDS
from ..core.ids import new_id
from ..store.models import ClientToken, FormSpam, Integration, Project, ServerToken, iso_utc, utcnow
from ..processors import INTEGRATION_TYPES
from ..processors.common import PERSON_FIELDS
from ..settings import parse_region
from ..access.tokens import CLIENT, SERVER, MintedToken, kind_of, mint, revoke

class ManageError(ValueError):
    """An administrative request that cannot be carried out, with the reason."""


def _clean_name(name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ManageError(f"{what} name must not be empty")
    if len(name) > 200:
        raise ManageError(f"{what} name must be at most 200 characters")
    return name


def create_project(name: str, default_region: str) -> Project:
    try:
        region = parse_region(default_region)
    except ValueError as error:
        raise ManageError(f"Default region {default_region!r}: {error}") from None
    return Project.create(id=new_id("prj"), name=_clean_name(name, "Project"), default_region=region)


def get_project(project_id: str) -> Project:
    project = Project.get_or_none(Project.id == project_id)
    if project is None:
        raise ManageError(f"Project {project_id} not found")
    return project


def create_server_token(project_id: str, name: str, expires_in_days: int | None = None) -> MintedToken:
    project = get_project(project_id)
    expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    return mint(SERVER, project, _clean_name(name, "Token"), expires_at=expires_at)


def normalise_origin(origin: str) -> str:
    """An allow-list entry in canonical form: ``https://site.example[:port]`` or ``https://*.site.example``."""
    try:
        return cors.normalise_origin(origin, allow_wildcard=True)
    except ValueError as error:
        raise ManageError(f"Origin {origin.strip()!r}: {error}") from None


def check_required_fields(fields: list[str]) -> list[str]:
    unknown = [f for f in fields if f not in FORM_FIELDS]
    if unknown:
        raise ManageError(f"Unknown required field(s) {', '.join(unknown)}: choose from {', '.join(FORM_FIELDS)}")
    return list(dict.fromkeys(fields))


def create_client_token(project_id: str, name: str, origins: list[str],
                        required_fields: list[str] | None = None) -> MintedToken:
    project = get_project(project_id)
    return mint(CLIENT, project, _clean_name(name, "Token"),
                allowed_origins=list(dict.fromkeys(normalise_origin(o) for o in origins)),
                required_fields=check_required_fields(required_fields if required_fields is not None else ["phone"]))


def parse_rate_limit(text: str) -> int:
    """``N/min`` (or ``N/minute``, ``N``) as posts per minute; ``off`` (0) uses SVIT_FORM_TOKEN_RATE_LIMIT."""
    amount, _, unit = text.strip().lower().partition("/")
    if amount == "off" and not unit:
        return 0
    if not amount.isdigit() or unit not in ("", "min", "minute") or not 0 < int(amount) <= 1_000_000:
        raise ManageError(f"Rate limit {text!r} must look like 30/min (1 to 1000000 posts per minute) or off")
    return int(amount)


def get_client_token(token_id: str) -> ClientToken:
    token = ClientToken.get_or_none(ClientToken.id == token_id)
    if token is None:
        raise ManageError(f"Client token {token_id} not found")
    return token


def configure_client_token(token_id: str, origins: list[str] | None = None, required_fields: list[str] | None = None,
                           allow_no_origin: bool | None = None, rate_limit: str | None = None) -> ClientToken:
    """Change what is given (None leaves a setting alone); ``origins`` replaces the allow-list."""
    token = get_client_token(token_id)
    if origins is not None:
        token.allowed_origins = list(dict.fromkeys(normalise_origin(o) for o in origins))
    if required_fields is not None:
        token.required_fields = check_required_fields(required_fields)
    if allow_no_origin is not None:
        token.allow_no_origin = allow_no_origin
    if rate_limit is not None:
        token.rate_limit_per_minute = parse_rate_limit(rate_limit) or None
    token.save()
    return token


def spam_counts(project_id: str) -> dict[str, int]:
    query = (FormSpam.select(FormSpam.client_token, fn.COUNT(FormSpam.id))
             .where(FormSpam.project == project_id).group_by(FormSpam.client_token))
    return {token_id: count for token_id, count in query.tuples()}


def spam_view(spam: FormSpam) -> dict:
    return {"id": spam.id, "clientTokenId": spam.client_token_id, "ip": spam.ip, "reason": spam.reason,
            "fields": spam.fields, "createdAt": iso_utc(spam.created_at)}


def revoke_token(token_id: str) -> None:
    kind = kind_of(token_id)
    if kind.model.get_or_none(kind.model.id == token_id) is None:
        raise ManageError(f"Token {token_id} not found")
    if not revoke(kind, token_id):
        raise ManageError(f"Token {token_id} is already revoked")


def create_integration(project_id: str, type_name: str, name: str, config: dict | None = None) -> Integration:
    project = get_project(project_id)
    type_name = (type_name or "").strip().upper()
    if type_name not in INTEGRATION_TYPES:
        raise ManageError(f"Unknown integration type {type_name!r}: choose from {', '.join(INTEGRATION_TYPES)}")
    return Integration.create(id=new_id("int"), project=project, name=_clean_name(name, "Integration"),
                              type=type_name, config=config or {})


def set_integration_enabled(integration_id: str, enabled: bool) -> Integration:
    integration = Integration.get_or_none(Integration.id == integration_id)
    if integration is None:
        raise ManageError(f"Integration {integration_id} not found")
    integration.enabled = enabled
    integration.save()
    return integration


MAX_SECRET = 500


def check_mapping(mapping) -> dict:
    """A WEBHOOK mapping: an object of person field to a non-empty dotted path."""
    if not isinstance(mapping, dict):
        raise ManageError('The mapping must be a JSON object such as {"email": "contact.email"}')
    for field, path in mapping.items():
        if field not in PERSON_FIELDS:
            raise ManageError(f"The mapping names {field!r}, which is not one of {', '.join(PERSON_FIELDS)}")
        if not isinstance(path, str) or not path.strip() or path != path.strip():
            raise ManageError(f"The mapping for {field!r} must be a dotted path such as \"contact.email\"")
    return mapping


def configure_integration(integration_id: str, signing_secret: str | None = None,
                          mapping: dict | None = None) -> Integration:
    """Set (or clear, with ``""``) the signing secret and set the mapping (``{}`` clears it)."""
    integration = Integration.get_or_none(Integration.id == integration_id)
    if integration is None:
        raise ManageError(f"Integration {integration_id} not found")
    config = dict(integration.config or {})
    if signing_secret is not None:
        scheme = INTEGRATION_TYPES[integration.type].signature_scheme
        if signing_secret and scheme is None:
            raise ManageError(f"{integration.type} does not sign its webhooks: use a server token")
        if len(signing_secret) > MAX_SECRET or signing_secret != signing_secret.strip():
            raise ManageError(f"The signing secret must be at most {MAX_SECRET} characters, without surrounding spaces")
        config.pop("signing_secret", None)
        if signing_secret:
            config["signing_secret"] = signing_secret
    if mapping is not None:
        if integration.type != "WEBHOOK":
            raise ManageError(f"Only WEBHOOK integrations take a mapping; {integration.type} follows its provider's body")
        config.pop("mapping", None)
        if check_mapping(mapping):
            config["mapping"] = mapping
    integration.config = config
    integration.save()
    return integration


def project_view(project: Project) -> dict:
    return {"id": project.id, "name": project.name, "defaultRegion": project.default_region,
            "createdAt": iso_utc(project.created_at)}


def server_token_view(token: ServerToken, secret: str | None = None) -> dict:
    view = {"id": token.id, "projectId": token.project_id, "name": token.name, "prefix": token.prefix,
            "createdAt": iso_utc(token.created_at), "lastUsedAt": iso_utc(token.last_used_at),
            "expiresAt": iso_utc(token.expires_at), "revokedAt": iso_utc(token.revoked_at)}
    if secret is not None:
        view["token"] = secret
    return view


def client_token_view(token: ClientToken, secret: str | None = None, spam_caught: int | None = None) -> dict:
    view = server_token_view(token, secret)
    view.update(allowedOrigins=token.allowed_origins, requiredFields=token.required_fields,
                enabled=token.enabled, allowNoOrigin=token.allow_no_origin,
                rateLimitPerMinute=token.rate_limit_per_minute)
    if spam_caught is not None:
        view["spamCaught"] = spam_caught
    return view


def integration_view(integration: Integration) -> dict:
    return {"id": integration.id, "projectId": integration.project_id, "name": integration.name,
            "type": integration.type, "enabled": integration.enabled,
            "ingestionPath": f"/api/v1/external/data-ingestion/{integration.id}",
            "createdAt": iso_utc(integration.created_at),
            "signingSecretSet": bool((integration.config or {}).get("signing_secret")),
            "mapping": (integration.config or {}).get("mapping") or {}}

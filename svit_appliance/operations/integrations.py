"""Integrations: create, configure (signing secret, WEBHOOK mapping), enable and disable."""
import json

from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..pipeline.dryrun import DryRun, dry_run
from ..processors import INTEGRATION_TYPES
from ..processors.common import PERSON_FIELDS
from ..store import integrations as integration_store
from ..store.access import find_integration
from ..store.models import Integration
from .checks import clean_name, in_project
from .op import Op, operation
from .projects import get_project

MAX_SECRET = 500
MAPPING_EXAMPLE = '{"email": "contact.email"}'


def get_integration(integration_id: str, project_id: str | None = None) -> Integration:
    integration = find_integration(integration_id)
    if not in_project(integration, project_id):
        raise Missing(f"Integration {integration_id} not found")
    return integration


@operation("integration.create")
def create_integration(op: Op, project_id: str, type_name: str, name: str) -> Integration:
    project = get_project(project_id)
    type_name = (type_name or "").strip().upper()
    if type_name not in INTEGRATION_TYPES:
        raise Refused(f"Unknown integration type {type_name!r}: pick one of the types {', '.join(INTEGRATION_TYPES)}",
                      "type")
    name = clean_name(name, "integration", ", e.g. the site or tool that sends the data")
    with op.writing():
        integration = integration_store.insert_integration(new_id("int"), project.id, type_name, name)
        op.audit(integration.id, {"type": integration.type, "name": integration.name})
    return integration


@operation("integration.set_enabled")
def set_integration_enabled(op: Op, integration_id: str, enabled: bool,
                            project_id: str | None = None) -> Integration:
    """Audited as ``integration.enable`` or ``integration.disable`` (nothing when it already was)."""
    integration = get_integration(integration_id, project_id)
    if integration.enabled != enabled:
        with op.writing():
            integration_store.set_integration_enabled(integration.id, enabled)
            op.audit(integration.id, action="integration.enable" if enabled else "integration.disable")
        integration.enabled = enabled
    return integration


@operation("integration.change_type")
def change_integration_type(op: Op, integration_id: str, type_name: str,
                            project_id: str | None = None) -> Integration:
    """Give an integration another type (e.g. OTHER, which has no processor, to the real source's).
    Settings the new type cannot use (a mapping off WEBHOOK, a secret for a type that does not sign) go."""
    integration = get_integration(integration_id, project_id)
    type_name = (type_name or "").strip().upper()
    kind = INTEGRATION_TYPES.get(type_name)
    if kind is None or not kind.supported:
        supported = ", ".join(name for name, t in INTEGRATION_TYPES.items() if t.supported)
        raise Refused(f"Pick a type with a processor: one of {supported}", "type")
    if type_name == integration.type:
        return integration
    config = dict(integration.config or {})
    if type_name != "WEBHOOK":
        config.pop("mapping", None)
    if kind.signature_scheme is None:
        config.pop("signing_secret", None)
    with op.writing():
        integration_store.set_integration_type(integration.id, type_name, config)
        op.audit(integration.id, {"from": integration.type, "to": type_name})
    return get_integration(integration.id)


def parse_mapping(text: str) -> dict:
    """A mapping typed as JSON text (the console's box, the CLI's ``--mapping``)."""
    try:
        return json.loads(text)
    except ValueError as error:
        raise Refused(f"The mapping is not valid JSON ({error}): write an object such as {MAPPING_EXAMPLE}",
                      "mapping") from None


def check_mapping(mapping) -> dict:
    """A WEBHOOK mapping: an object of person field to a dotted path without surrounding spaces."""
    if not isinstance(mapping, dict):
        raise Refused(f"The mapping must be a JSON object such as {MAPPING_EXAMPLE}", "mapping")
    for field, path in mapping.items():
        if field not in PERSON_FIELDS:
            raise Refused(f"The mapping names {field!r}, which is not one of {', '.join(PERSON_FIELDS)}", "mapping")
        if not isinstance(path, str) or not path.strip() or path != path.strip():
            raise Refused(f"The mapping for {field!r} must be a dotted path such as \"contact.email\"", "mapping")
    return mapping


def _check_secret(integration: Integration, secret: str) -> None:
    if secret and INTEGRATION_TYPES[integration.type].signature_scheme is None:
        raise Refused(f"{integration.type} does not sign its webhooks: use a server token", "signing_secret")
    if len(secret) > MAX_SECRET or secret != secret.strip():
        raise Refused(f"The signing secret must be at most {MAX_SECRET} characters, without surrounding spaces",
                      "signing_secret")


@operation("integration.configure")
def configure_integration(op: Op, integration_id: str, signing_secret: str | None = None,
                          mapping: dict | None = None, project_id: str | None = None) -> list[str]:
    """Set (or clear, with ``""``) the signing secret and set the mapping (``{}`` clears it);
    None leaves a value alone. Returns the names of the settings that changed."""
    integration = get_integration(integration_id, project_id)
    config = dict(integration.config or {})
    if signing_secret is not None:
        _check_secret(integration, signing_secret)
        config.pop("signing_secret", None)
        if signing_secret:
            config["signing_secret"] = signing_secret
    if mapping is not None:
        if integration.type != "WEBHOOK":
            raise Refused(f"Only WEBHOOK integrations take a mapping; {integration.type} follows its provider's body",
                          "mapping")
        config.pop("mapping", None)
        if check_mapping(mapping):
            config["mapping"] = mapping
    before = integration.config or {}
    changed = [key for key in ("signing_secret", "mapping") if before.get(key) != config.get(key)]
    if changed:
        with op.writing():
            integration_store.set_integration_config(integration.id, config)
            op.audit(integration.id, {"changed": changed, "signingSecretSet": bool(config.get("signing_secret")),
                                      "mapping": config.get("mapping") or {}})
    return changed


def try_payload(integration_id: str, payload, project_id: str | None = None) -> DryRun:
    """A dry-run of a JSON body (already parsed) typed in the console or piped to the CLI: nothing is written.

    A disabled integration is still tried (to check a mapping before enabling it); the warning says so.
    """
    integration = get_integration(integration_id, project_id)
    result = dry_run(integration, payload)
    if integration.enabled:
        return result
    disabled = "the integration is disabled: real requests are refused with 409 until you enable it"
    return DryRun(result.persons, f"{disabled}; {result.warning}" if result.warning else disabled)

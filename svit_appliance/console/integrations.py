"""Integrations: list, create from the type registry, detail with the ingestion URL and a curl
example, mapping and signing secret settings, enable/disable, recent jobs."""
import json

from ..core import audit
from ..operations import manage
from ..http.errors import ApiError
from ..store.models import IngestionJob, Integration
from ..processors import INTEGRATION_TYPES
from ..processors.common import PERSON_FIELDS
from .web import actor, form_value, go, render

RECENT_JOBS = 20


def base_url(request) -> str:
    return f"{request.scheme}://{request.host}"


def curl_example(request, integration: Integration) -> str:
    return (f"curl -X POST '{base_url(request)}/api/v1/external/data-ingestion/{integration.id}' \\\n"
            "  -H 'Authorization: Bearer YOUR_SERVER_TOKEN' \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -d '{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\", \"phone\": \"+44 20 7946 0958\"}'")


async def list_integrations(request):
    rows = []
    if request.ctx.project is not None:
        rows = list(Integration.select().where(Integration.project == request.ctx.project)
                    .order_by(Integration.created_at.desc(), Integration.id.desc()))
    return render(request, "integrations.html", integrations=rows, types=INTEGRATION_TYPES)


async def new_integration_form(request):
    return render(request, "integration_new.html", types=INTEGRATION_TYPES, values={"type": "WEBHOOK", "name": ""},
                  errors={})


async def create_integration(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    values = {"type": form_value(request, "type", 40), "name": form_value(request, "name", 500)}
    errors = {}
    if values["type"] not in INTEGRATION_TYPES:
        errors["type"] = "Pick one of the types listed"
    if not values["name"].strip():
        errors["name"] = "Give the integration a name, e.g. the site or tool that sends the data"
    elif len(values["name"].strip()) > 200:
        errors["name"] = "At most 200 characters"
    if errors:
        return render(request, "integration_new.html", types=INTEGRATION_TYPES, values=values, errors=errors)
    integration = manage.create_integration(request.ctx.project.id, values["type"], values["name"])
    audit.record(actor(request), "integration.create", integration.id,
                 {"type": integration.type, "name": integration.name})
    return go(request, f"/console/integrations/{integration.id}", "Integration created: send it data with the curl below.")


def get_integration(request, integration_id: str) -> Integration:
    integration = Integration.get_or_none(Integration.id == integration_id, Integration.project == request.ctx.project)
    if integration is None:
        raise ApiError("INTEGRATION_NOT_FOUND", f"Integration with ID {integration_id} not found")
    return integration


def _detail(request, integration: Integration, errors: dict | None = None, mapping_text: str | None = None):
    jobs = list(IngestionJob.select(IngestionJob.id, IngestionJob.status, IngestionJob.attempts,
                                    IngestionJob.received_at, IngestionJob.last_error)
                .where(IngestionJob.integration == integration)
                .order_by(IngestionJob.received_at.desc(), IngestionJob.id.desc()).limit(RECENT_JOBS))
    config = integration.config or {}
    if mapping_text is None:
        mapping_text = json.dumps(config.get("mapping") or {}, indent=2, ensure_ascii=False)
    return render(request, "integration.html", integration=integration, kind=INTEGRATION_TYPES.get(integration.type),
                  curl=curl_example(request, integration), jobs=jobs, mapping_text=mapping_text,
                  has_secret=bool(config.get("signing_secret")), person_fields=PERSON_FIELDS,
                  ingestion_url=f"{base_url(request)}/api/v1/external/data-ingestion/{integration.id}",
                  errors=errors or {})


async def show_integration(request, integration_id: str):
    return _detail(request, get_integration(request, integration_id))


def parse_mapping(text: str) -> dict:
    """The field mapping typed by the admin: a JSON object of person field to dotted path."""
    try:
        mapping = json.loads(text or "{}")
    except ValueError:
        raise ValueError('Write a JSON object such as {"email": "contact.email"}') from None
    if not isinstance(mapping, dict):
        raise ValueError('Write a JSON object such as {"email": "contact.email"}')
    for field, path in mapping.items():
        if field not in PERSON_FIELDS:
            raise ValueError(f"{field!r} is not a person field: use {', '.join(PERSON_FIELDS)}")
        if not isinstance(path, str) or not path.strip():
            raise ValueError(f"The path for {field!r} must be a dotted path such as \"contact.email\"")
    return mapping


async def save_settings(request, integration_id: str):
    integration = get_integration(request, integration_id)
    config = dict(integration.config or {})
    changed = []
    mapping_text = form_value(request, "mapping", 20_000)
    if integration.type == "WEBHOOK":
        try:
            mapping = parse_mapping(mapping_text)
        except ValueError as error:
            return _detail(request, integration, {"mapping": str(error)}, mapping_text)
        if mapping != (config.get("mapping") or {}):
            config["mapping"], changed = mapping, changed + ["mapping"]
    kind = INTEGRATION_TYPES.get(integration.type)
    secret = form_value(request, "signing_secret", 500).strip()
    if kind and kind.signature_scheme and (secret or form_value(request, "clear_secret")):
        config["signing_secret"] = secret or None
        changed.append("signing_secret")
    if changed:
        Integration.update(config=config).where(Integration.id == integration.id).execute()
        audit.record(actor(request), "integration.settings", integration.id, {"changed": changed})
    return go(request, f"/console/integrations/{integration.id}", "Settings saved." if changed else "Nothing changed.")


async def toggle_integration(request, integration_id: str):
    integration = get_integration(request, integration_id)
    enabled = not integration.enabled
    manage.set_integration_enabled(integration.id, enabled)
    audit.record(actor(request), "integration.enable" if enabled else "integration.disable", integration.id)
    return go(request, f"/console/integrations/{integration.id}",
              "Integration enabled." if enabled else "Integration disabled: ingestion answers 409 until enabled.")

"""Integrations: list, create from the type registry, detail with the ingestion URL and a curl
example, mapping and signing secret settings, enable/disable, recent jobs."""
import json

from ..core.errors import Refused
from ..http.bodies import parse_json
from ..http.errors import ApiError
from ..http.paths import api_path
from ..http.proxy import original_scheme
from ..operations import integrations
from ..pipeline.dryrun import describe
from ..processors import INTEGRATION_TYPES
from ..processors.common import PERSON_FIELDS
from ..store.details import latest_jobs_of
from ..store.lists import integrations_newest_first
from ..store.models import Integration
from . import reprocess
from .web import actor, form_value, go, project_id, render

RECENT_JOBS = 20
MAX_PAYLOAD_CHARS = 200_000


def base_url(request) -> str:
    return f"{original_scheme(request)}://{request.host}"


def ingestion_url(request, integration: Integration) -> str:
    return base_url(request) + api_path("ingest", integrationId=integration.id)


def curl_example(request, integration: Integration) -> str:
    return (f"curl -X POST '{ingestion_url(request, integration)}' \\\n"
            "  -H 'Authorization: Bearer YOUR_SERVER_TOKEN' \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -d '{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\", \"phone\": \"+44 20 7946 0958\"}'")


def list_integrations(request):
    rows = integrations_newest_first(request.ctx.project.id) if request.ctx.project is not None else []
    return render(request, "integrations.html", integrations=rows, types=INTEGRATION_TYPES)


def new_integration_form(request):
    return render(request, "integration_new.html", types=INTEGRATION_TYPES, values={"type": "WEBHOOK", "name": ""},
                  errors={})


def create_integration(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    values = {"type": form_value(request, "type", 40), "name": form_value(request, "name", 500)}
    try:
        integration = integrations.create_integration(actor(request), request.ctx.project.id, values["type"],
                                                      values["name"])
    except Refused as error:
        return render(request, "integration_new.html", types=INTEGRATION_TYPES, values=values,
                      errors={error.field: str(error)})
    return go(request, f"/console/integrations/{integration.id}", "Integration created: send it data with the curl below.")


def _detail(request, integration: Integration, errors: dict | None = None, mapping_text: str | None = None,
            **trial):
    jobs = latest_jobs_of(integration.id, RECENT_JOBS)
    config = integration.config or {}
    if mapping_text is None:
        mapping_text = json.dumps(config.get("mapping") or {}, indent=2, ensure_ascii=False)
    return render(request, "integration.html", integration=integration, kind=INTEGRATION_TYPES.get(integration.type),
                  curl=curl_example(request, integration), jobs=jobs, mapping_text=mapping_text,
                  has_secret=bool(config.get("signing_secret")), person_fields=PERSON_FIELDS,
                  ingestion_url=ingestion_url(request, integration), errors=errors or {},
                  payload_text=trial.get("payload_text", ""), trial=trial.get("result"), describe=describe,
                  run=reprocess.run_of(request, integration.id), preview=trial.get("preview"))


def show_integration(request, integration_id: str):
    return _detail(request, integrations.get_integration(integration_id, project_id(request)))


def _settings_form(request, integration: Integration) -> dict:
    """What the settings form changes: the mapping (WEBHOOK), the secret when one is typed or cleared."""
    wanted = {}
    if integration.type == "WEBHOOK":
        wanted["mapping"] = integrations.parse_mapping(form_value(request, "mapping", 20_000) or "{}")
    kind = INTEGRATION_TYPES.get(integration.type)
    secret = form_value(request, "signing_secret", 500)
    if kind and kind.signature_scheme and (secret or form_value(request, "clear_secret")):
        wanted["signing_secret"] = secret
    return wanted


def save_settings(request, integration_id: str):
    integration = integrations.get_integration(integration_id, project_id(request))
    try:
        changed = integrations.configure_integration(actor(request), integration.id, project_id=project_id(request),
                                                     **_settings_form(request, integration))
    except Refused as error:
        return _detail(request, integration, {error.field: str(error)}, form_value(request, "mapping", 20_000))
    return go(request, f"/console/integrations/{integration.id}", "Settings saved." if changed else "Nothing changed.")


def toggle_integration(request, integration_id: str):
    integration = integrations.get_integration(integration_id, project_id(request))
    enabled = not integration.enabled
    integrations.set_integration_enabled(actor(request), integration.id, enabled, project_id(request))
    return go(request, f"/console/integrations/{integration.id}",
              "Integration enabled." if enabled else "Integration disabled: ingestion answers 409 until enabled.")


def try_payload(request, integration_id: str):
    integration = integrations.get_integration(integration_id, project_id(request))
    text = form_value(request, "payload", MAX_PAYLOAD_CHARS) or ""
    try:
        payload = parse_json(text.encode("utf-8"), request.app.ctx.services.settings.max_json_depth)
        result = integrations.try_payload(integration.id, payload, project_id(request))
    except ApiError as error:
        return _detail(request, integration, {"payload": error.detail}, payload_text=text)
    except Refused as error:
        return _detail(request, integration, {error.field: str(error)}, payload_text=text)
    return _detail(request, integration, payload_text=text, result=result)


def reprocess_start(request, integration_id: str):
    """Preview (a dry run, shown at once) or start a reprocessing run that the page follows."""
    if form_value(request, "preview"):
        integration = integrations.get_integration(integration_id, project_id(request))
        try:
            return _detail(request, integration, preview=reprocess.preview(request, integration.id))
        except Refused as error:
            return _detail(request, integration, {error.field or "reprocess": str(error)})
    return reprocess.start(request, integration_id)

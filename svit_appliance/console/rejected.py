"""Rejected requests: grouped by reason with counts, and the fix where one exists."""
from ..inspector.views import group_rejections
from ..operations import integrations, tokens
from ..processors import INTEGRATION_TYPES
from ..store.lists import unrevoked_client_tokens
from .web import actor, form_value, go, project_id, render

PAGE = "/console/rejected"


def list_rejected(request):
    project, days = request.ctx.project, request.app.ctx.services.settings.inspector_retention_days
    client_tokens = unrevoked_client_tokens(project.id) if project else []
    return render(request, "rejected.html", groups=group_rejections(project.id, days) if project else [],
                  appliance_groups=group_rejections(None, days), client_tokens=client_tokens,
                  types=[name for name, kind in INTEGRATION_TYPES.items() if kind.supported])


def allow_origin(request):
    origin = form_value(request, "origin", 300)
    token = tokens.allow_origin(actor(request), form_value(request, "token_id", 100), origin, project_id(request))
    return go(request, PAGE, f"{origin} is now allowed for {token.name}: the form posts from there are accepted.")


def enable_integration(request):
    integration = integrations.set_integration_enabled(actor(request), form_value(request, "integration_id", 100),
                                                       True, project_id(request))
    return go(request, PAGE, f"Integration {integration.name} enabled: it accepts data again.")


def change_type(request):
    integration = integrations.change_integration_type(actor(request), form_value(request, "integration_id", 100),
                                                       form_value(request, "type", 40), project_id(request))
    return go(request, PAGE, f"Integration {integration.name} is now {integration.type}.")

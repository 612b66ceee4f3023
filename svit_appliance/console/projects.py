"""Projects: create, rename, default phone region, and which project the console shows."""
from ..core.errors import Missing, Refused
from ..operations import projects
from ..store.access import find_project
from .session import cookie_options
from .web import PROJECT_COOKIE, actor, form_value, go, render


def list_projects(request, errors=None, values=None):
    return render(request, "projects.html", errors=errors or {}, values=values or {},
                  default_region=request.app.ctx.services.settings.default_phone_region)


def create_project(request):
    name = form_value(request, "name", 500)
    region = form_value(request, "region", 10) or request.app.ctx.services.settings.default_phone_region
    try:
        project = projects.create_project(actor(request), name, region)
    except Refused as error:
        return list_projects(request, {error.field: str(error)}, {"name": name, "region": region})
    response = go(request, "/console/projects", f"Project {project.name} created and selected.")
    response.add_cookie(PROJECT_COOKIE, project.id, **cookie_options(request, None))
    return response


def update_project(request, project_id: str):
    name, region = form_value(request, "name", 500), form_value(request, "region", 10)
    try:
        changes = projects.update_project(actor(request), project_id, name, region)
    except Missing:
        raise
    except Refused as error:
        return list_projects(request, {f"{error.field}_{project_id}": str(error)})
    return go(request, "/console/projects", "Project saved." if changes else "Nothing changed.")


def use_project(request):
    project = find_project(form_value(request, "project", 100))
    if project is None:
        raise Missing("That project does not exist")
    target = form_value(request, "back", 500)
    response = go(request, target if target.startswith("/console/") and "//" not in target else "/console/")
    response.add_cookie(PROJECT_COOKIE, project.id, **cookie_options(request, None))
    return response

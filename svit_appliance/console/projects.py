"""Projects: create, rename, default phone region, and which project the console shows."""
from ..core import audit
from ..operations import manage
from ..http.errors import ApiError
from ..store.models import Project
from ..settings import parse_region
from .session import cookie_options
from .web import PROJECT_COOKIE, actor, form_value, go, render


async def list_projects(request, errors=None, values=None):
    return render(request, "projects.html", errors=errors or {}, values=values or {},
                  default_region=request.app.ctx.settings.default_phone_region)


async def create_project(request):
    name = form_value(request, "name", 500)
    region = form_value(request, "region", 10) or request.app.ctx.settings.default_phone_region
    try:
        project = manage.create_project(name, region)
    except manage.ManageError as error:
        field = "region" if "region" in str(error).lower() else "name"
        return await list_projects(request, {field: str(error)}, {"name": name, "region": region})
    audit.record(actor(request), "project.create", project.id, {"name": project.name, "region": project.default_region})
    response = go(request, "/console/projects", f"Project {project.name} created and selected.")
    response.add_cookie(PROJECT_COOKIE, project.id, **cookie_options(request, None))
    return response


async def update_project(request, project_id: str):
    project = Project.get_or_none(Project.id == project_id)
    if project is None:
        raise ApiError("NOT_FOUND", f"Project {project_id} not found")
    name, region = form_value(request, "name", 500).strip(), form_value(request, "region", 10)
    errors = {}
    if not name or len(name) > 200:
        errors[f"name_{project.id}"] = "Project name must be 1 to 200 characters"
    try:
        region = parse_region(region)
    except ValueError as error:
        errors[f"region_{project.id}"] = str(error)
    if errors:
        return await list_projects(request, errors)
    changes = {k: v for k, v in (("name", name), ("default_region", region)) if getattr(project, k) != v}
    if changes:
        Project.update(**changes).where(Project.id == project.id).execute()
        audit.record(actor(request), "project.update", project.id, changes)
    return go(request, "/console/projects", "Project saved." if changes else "Nothing changed.")


async def use_project(request):
    project = Project.get_or_none(Project.id == form_value(request, "project", 100))
    if project is None:
        raise ApiError("NOT_FOUND", "That project does not exist")
    target = form_value(request, "back", 500)
    response = go(request, target if target.startswith("/console/") and "//" not in target else "/console/")
    response.add_cookie(PROJECT_COOKIE, project.id, **cookie_options(request, None))
    return response

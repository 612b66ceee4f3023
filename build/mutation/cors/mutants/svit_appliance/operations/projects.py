"""Projects: create, rename, change the default phone region."""
from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..settings import parse_region
from ..store.models import Project
from .checks import clean_name


def get_project(project_id: str) -> Project:
    project = Project.get_or_none(Project.id == project_id)
    if project is None:
        raise Missing(f"Project {project_id} not found")
    return project


def _region(text: str) -> str:
    try:
        return parse_region(text or "")
    except ValueError as error:
        raise Refused(f"Default region {text!r}: {error}", "region") from None


def create_project(actor: Actor, name: str, region: str) -> Project:
    project = Project.create(id=new_id("prj"), name=clean_name(name, "project"), default_region=_region(region))
    record(actor, "project.create", project.id, {"name": project.name, "region": project.default_region})
    return project


def update_project(actor: Actor, project_id: str, name: str | None = None, region: str | None = None) -> dict:
    """Rename a project or change its region (None leaves a value alone); returns what changed."""
    project = get_project(project_id)
    wanted = {"name": clean_name(name, "project") if name is not None else project.name,
              "default_region": _region(region) if region is not None else project.default_region}
    changes = {k: v for k, v in wanted.items() if getattr(project, k) != v}
    if changes:
        Project.update(**changes).where(Project.id == project.id).execute()
        record(actor, "project.update", project.id, changes)
    return changes

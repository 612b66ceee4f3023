"""Projects: create, rename, change the default phone region."""
from ..core.errors import Missing, Refused
from ..core.ids import new_id
from ..settings import parse_region
from ..store import projects as project_store
from ..store.access import find_project
from ..store.models import Project
from .checks import clean_name
from .op import Op, operation


def get_project(project_id: str) -> Project:
    project = find_project(project_id)
    if project is None:
        raise Missing(f"Project {project_id} not found")
    return project


def _region(text: str) -> str:
    try:
        return parse_region(text or "")
    except ValueError as error:
        raise Refused(f"Default region {text!r}: {error}", "region") from None


@operation("project.create")
def create_project(op: Op, name: str, region: str) -> Project:
    name, region = clean_name(name, "project"), _region(region)
    with op.writing():
        project = project_store.insert_project(new_id("prj"), name, region)
        op.audit(project.id, {"name": project.name, "region": project.default_region})
    return project


@operation("project.update")
def update_project(op: Op, project_id: str, name: str | None = None, region: str | None = None) -> dict:
    """Rename a project or change its region (None leaves a value alone); returns what changed."""
    project = get_project(project_id)
    wanted = {"name": clean_name(name, "project") if name is not None else project.name,
              "default_region": _region(region) if region is not None else project.default_region}
    changes = {k: v for k, v in wanted.items() if getattr(project, k) != v}
    if changes:
        with op.writing():
            project_store.set_project_fields(project.id, changes)
            op.audit(project.id, changes)
    return changes

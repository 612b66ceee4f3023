"""``svit project create|list|update``."""
from ..core.views import project_view
from ..operations import projects
from ..settings import option_help
from ..store import lists
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data


def register(commands) -> None:
    group = add_group(commands, "project", "manage projects")
    create = add_command(group, "create", cmd_create, "create a project", json_output=True)
    create.add_argument("name")
    create.add_argument("--region", help=option_help("default_phone_region", "default phone region, e.g. US, GB, DE"))
    add_command(group, "list", cmd_list, "list projects", json_output=True)
    update = add_command(group, "update", cmd_update, "rename a project or change its default phone region",
                         json_output=True)
    update.add_argument("project_id")
    update.add_argument("--name")
    update.add_argument("--region")


def cmd_create(args) -> int:
    settings = open_data(args)
    project = projects.create_project(cli_actor(), args.name, args.region or settings.default_phone_region)
    emit(args, project_view(project),
         f"created project {project.id} ({project.name}, phone region {project.default_region})")
    return 0


def cmd_list(args) -> int:
    open_existing_data(args)
    views = [project_view(p) for p in lists.projects_by_id()]
    emit(args, views, "\n".join(f"{v['id']}  {v['name']}  {v['defaultRegion']}" for v in views) or "no projects yet")
    return 0


def cmd_update(args) -> int:
    open_data(args)
    changes = projects.update_project(cli_actor(), args.project_id, args.name, args.region)
    view = project_view(projects.get_project(args.project_id))
    emit(args, view, f"{view['id']}: {view['name']}, phone region {view['defaultRegion']}"
                     + ("" if changes else " (nothing changed)"))
    return 0

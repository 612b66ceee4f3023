"""``svit rejected list``: the refused API requests the inspector kept, newest first."""
from ..inspector.views import ANY_PROJECT, recent, rejection_view
from ..operations import projects
from .output import add_command, add_group, emit, open_existing_data, positive_int


def register(commands) -> None:
    group = add_group(commands, "rejected", "refused API requests (the inspector)")
    listing = add_command(group, "list", cmd_list, "refused requests, newest first: every project's and the "
                                                   "appliance-wide ones, or one project's", json_output=True)
    listing.add_argument("--project", help="only this project's")
    listing.add_argument("--limit", type=positive_int, default=100, help="at most this many (default 100)")


def _line(view: dict) -> str:
    times = f" x{view['count']}" if view["count"] > 1 else ""
    where = view["projectId"] or "appliance"
    return (f"{view['at']}  {view['status']} {view['code']}{times}  {view['method']} {view['route']}  "
            f"{where}  {view['clientAddress'] or '-'}  {view['origin'] or '-'}  {view['detail']}")


def cmd_list(args) -> int:
    settings = open_existing_data(args)
    if args.project:
        projects.get_project(args.project)
    views = [rejection_view(row) for row in recent(args.project or ANY_PROJECT, settings.inspector_retention_days, args.limit)]
    emit(args, views, "\n".join(_line(v) for v in views) or "no refused requests kept")
    return 0

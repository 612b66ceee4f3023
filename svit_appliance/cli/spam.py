"""``svit spam list``: contact form posts caught as spam."""
import json

from ..core.views import spam_view
from ..operations import projects
from ..store.models import FormSpam
from .output import add_command, add_group, emit, open_existing_data, positive_int


def register(commands) -> None:
    group = add_group(commands, "spam", "contact form spam caught")
    listing = add_command(group, "list", cmd_list, "list the latest spam caught for a project", json_output=True)
    listing.add_argument("--project", required=True)
    listing.add_argument("--limit", type=positive_int, default=50)


def cmd_list(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    rows = (FormSpam.select().where(FormSpam.project == args.project)
            .order_by(FormSpam.created_at.desc()).limit(args.limit))
    views = [spam_view(s) for s in rows]
    total = FormSpam.select().where(FormSpam.project == args.project).count()
    human = "\n".join(f"{v['createdAt']}  {v['clientTokenId']}  {v['reason']:<12} {v['ip'] or '-'}  "
                      f"{json.dumps(v['fields'], ensure_ascii=False)[:120]}" for v in views)
    emit(args, {"total": total, "spam": views}, f"{total} caught in all" + ("\n" + human if human else ""))
    return 0

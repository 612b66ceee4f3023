"""``svit spam list|release``: the contact form's spam inbox."""
import json

from ..core.views import spam_view
from ..operations import projects
from ..operations import spam as operations
from ..store import lists
from .output import add_command, add_group, cli_actor, emit, open_existing_data, positive_int


def register(commands) -> None:
    group = add_group(commands, "spam", "contact form posts quarantined as spam")
    listing = add_command(group, "list", cmd_list, "list the latest quarantined posts of a project, with their reason",
                          json_output=True)
    listing.add_argument("--project", required=True)
    listing.add_argument("--limit", type=positive_int, default=50)
    release = add_command(group, "release", cmd_release,
                          "not spam: create or merge the post's person as the form would have", json_output=True)
    release.add_argument("spam_id", help="the quarantined post (spm_...) from `svit spam list`")


def cmd_list(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    views = [spam_view(s) for s in lists.spam_newest_first(args.project, args.limit, 0)]
    total = lists.spam_count(args.project)
    human = "\n".join(f"{v['id']}  {v['createdAt']}  {v['clientTokenId']}  {v['reason']:<12} {v['ip'] or '-'}  "
                      f"{json.dumps(v['fields'], ensure_ascii=False)[:120]}" for v in views)
    emit(args, {"total": total, "spam": views}, f"{total} caught in all" + ("\n" + human if human else ""))
    return 0


def cmd_release(args) -> int:
    open_existing_data(args)
    result = operations.release_spam(cli_actor(), args.spam_id)
    emit(args, {"released": args.spam_id, "personId": result.person_id, "created": result.created},
         f"released {args.spam_id}: person {result.person_id} " + ("created" if result.created else "merged"))
    return 0

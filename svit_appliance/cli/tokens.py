"""``svit token create|list|revoke``: server tokens."""
from ..access.tokens import SERVER
from ..core.views import server_token_view
from ..operations import projects, tokens
from ..store import lists
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data, positive_int


def register(commands) -> None:
    group = add_group(commands, "token", "manage server tokens")
    create = add_command(group, "create", cmd_create, "create a server token (shown once)", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--expires-in-days", type=positive_int)
    listing = add_command(group, "list", cmd_list, "list server tokens of a project", json_output=True)
    listing.add_argument("--project", required=True)
    revoke = add_command(group, "revoke", cmd_revoke, "revoke a server token", json_output=True)
    revoke.add_argument("token_id")


def token_lines(views: list[dict]) -> list[str]:
    return [f"{v['id']}  {v['name']}  {v['prefix']}...  {'revoked' if v['revokedAt'] else 'active'}" for v in views]


def cmd_create(args) -> int:
    open_data(args)
    minted = tokens.create_server_token(cli_actor(), args.project, args.name, args.expires_in_days)
    emit(args, server_token_view(minted.record, minted.secret),
         f"created server token {minted.record.id}; copy it now, it is not shown again:\n{minted.secret}")
    return 0


def cmd_list(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    views = [server_token_view(t) for t in
             lists.server_tokens_by_id(args.project)]
    emit(args, views, "\n".join(token_lines(views)) or "no tokens yet")
    return 0


def revoke_command(kind):
    def cmd_revoke(args) -> int:
        open_data(args)
        tokens.revoke_token(cli_actor(), kind, args.token_id)
        emit(args, {"id": args.token_id, "revoked": True}, f"revoked {args.token_id}")
        return 0
    return cmd_revoke


cmd_revoke = revoke_command(SERVER)

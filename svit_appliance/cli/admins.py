"""``svit admin create|list``: console admins."""
import getpass
import sys

from ..core.errors import Refused
from ..operations import admins
from ..store import lists
from ..store.models import iso_utc, utcnow
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data


def register(commands) -> None:
    group = add_group(commands, "admin", "manage console admins")
    create = add_command(group, "create", cmd_create,
                         "create a console admin (password from a prompt, or the first line of stdin)", json_output=True)
    create.add_argument("--email", required=True)
    add_command(group, "list", cmd_list, "list console admins", json_output=True)


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise Refused("The two passwords differ")
    return password


def cmd_create(args) -> int:
    open_data(args)
    admin = admins.create_admin(cli_actor(), args.email, read_password())
    emit(args, {"id": admin.id, "email": admin.email}, f"created admin {admin.email}: sign in at /console/login")
    return 0


def cmd_list(args) -> int:
    open_existing_data(args)
    now = utcnow()
    views = [{"id": a.id, "email": a.email, "lastLoginAt": iso_utc(a.last_login_at),
              "locked": bool(a.locked_until and a.locked_until > now)}
             for a in lists.admins_oldest_first()]
    emit(args, views, "\n".join(f"{v['id']}  {v['email']}" + ("  (locked)" if v["locked"] else "") for v in views)
         or "no admins yet")
    return 0

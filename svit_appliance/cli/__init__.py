"""The ``svit`` command: serve the appliance and manage projects, tokens and integrations."""
import argparse
import getpass
import json
import logging
import os
import sys
from typing import Callable

from ..access import admins
from ..core import audit
from ..operations import manage
from . import pipeline as pipeline_cli
from ..store.db import close_database, open_database
from ..contact_form.embed import TOKEN_PLACEHOLDER, embed_snippet
from ..store.models import AdminUser, ClientToken, FormSpam, Integration, Project, ServerToken, iso_utc, utcnow
from ..processors import INTEGRATION_TYPES
from ..settings import SETTINGS_TABLE, Settings, SettingsError
from ..access.tokens import kind_of


def settings_epilog() -> str:
    lines = ["settings (environment variables; command-line options win):"]
    for setting in SETTINGS_TABLE:
        lines.append(f"  {setting.env:<30} default {setting.default!r}")
        lines.append(f"      {setting.help}")
    return "\n".join(lines)


def _common(parser: argparse.ArgumentParser, json_output: bool = False) -> argparse.ArgumentParser:
    parser.add_argument("--data-dir", help="data directory (env SVIT_DATA_DIR, default ./svit-data)")
    if json_output:
        parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _command(subparsers, name: str, handler: Callable, help_text: str, json_output: bool = False, **kwargs):
    parser = subparsers.add_parser(name, help=help_text, description=help_text, **kwargs)
    _common(parser, json_output)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svit", description="Self-hosted CRM intake appliance (Svit.One API).")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = _command(commands, "serve", cmd_serve, "run the appliance (API, worker)",
                     epilog=settings_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", help="listen address (env SVIT_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (env SVIT_PORT, default 8000)")
    serve.add_argument("--no-worker", action="store_true", help="run the API only; `svit worker` processes jobs")
    _command(commands, "migrate", cmd_migrate, "apply pending database migrations and exit")
    _command(commands, "version", cmd_version, "print the version and the commit it was built from", json_output=True)

    project = commands.add_parser("project", help="manage projects").add_subparsers(dest="action", metavar="ACTION", required=True)
    create = _command(project, "create", cmd_project_create, "create a project", json_output=True)
    create.add_argument("name")
    create.add_argument("--region", help="default phone region, e.g. US, GB, DE (default: SVIT_DEFAULT_PHONE_REGION)")
    _command(project, "list", cmd_project_list, "list projects", json_output=True)

    token = commands.add_parser("token", help="manage server tokens").add_subparsers(dest="action", metavar="ACTION", required=True)
    create = _command(token, "create", cmd_token_create, "create a server token (shown once)", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--expires-in-days", type=int)
    listing = _command(token, "list", cmd_token_list, "list server tokens of a project", json_output=True)
    listing.add_argument("--project", required=True)
    revoke = _command(token, "revoke", cmd_token_revoke, "revoke a server token", json_output=True)
    revoke.add_argument("token_id")

    client = commands.add_parser("client-token", help="manage client (form) tokens").add_subparsers(dest="action", metavar="ACTION", required=True)
    create = _command(client, "create", cmd_client_token_create, "create a client token (shown once)", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--name", default="website")
    create.add_argument("--origin", action="append", default=[], help="allowed origin, repeatable")
    create.add_argument("--require", help=f"comma-separated required fields from {','.join(manage.FORM_FIELDS)} (default phone)")
    create.add_argument("--base-url", help="this appliance's public URL, for the printed snippet (default http://SVIT_HOST:SVIT_PORT)")
    listing = _command(client, "list", cmd_client_token_list, "list client tokens of a project (with spam caught)", json_output=True)
    listing.add_argument("--project", required=True)
    revoke = _command(client, "revoke", cmd_token_revoke, "revoke a client token", json_output=True)
    revoke.add_argument("token_id")
    configure = _command(client, "configure", cmd_client_token_configure,
                         "change a client token's origins, required fields, no-Origin posts and rate limit", json_output=True)
    configure.add_argument("token_id")
    configure.add_argument("--origin", action="append", help="allowed origin, repeatable, replaces the list; https://*.site.example allows subdomains")
    configure.add_argument("--require", help=f"comma-separated required fields from {','.join(manage.FORM_FIELDS)}")
    no_origin = configure.add_mutually_exclusive_group()
    no_origin.add_argument("--refuse-no-origin", dest="allow_no_origin", action="store_false", default=None,
                           help="refuse posts without an Origin header (server-side posts)")
    no_origin.add_argument("--allow-no-origin", dest="allow_no_origin", action="store_true", default=None,
                           help="accept posts without an Origin header (the default)")
    configure.add_argument("--rate-limit", help="posts per minute for this token, e.g. 30/min; off uses SVIT_FORM_TOKEN_RATE_LIMIT")
    snippet = _command(client, "snippet", cmd_client_token_snippet, "print the HTML snippet that embeds the contact form")
    snippet.add_argument("token_id")
    snippet.add_argument("--base-url", help="this appliance's public URL (default http://SVIT_HOST:SVIT_PORT)")

    spam = commands.add_parser("spam", help="contact form spam caught").add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = _command(spam, "list", cmd_spam_list, "list the latest spam caught for a project", json_output=True)
    listing.add_argument("--project", required=True)
    listing.add_argument("--limit", type=int, default=50)

    integration = commands.add_parser("integration", help="manage integrations").add_subparsers(dest="action", metavar="ACTION", required=True)
    create = _command(integration, "create", cmd_integration_create, "create an integration", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--type", required=True, help=f"one of {', '.join(INTEGRATION_TYPES)}")
    create.add_argument("--name", required=True)
    listing = _command(integration, "list", cmd_integration_list, "list integrations of a project", json_output=True)
    listing.add_argument("--project", required=True)
    for action, enabled in (("enable", True), ("disable", False)):
        toggle = _command(integration, action, cmd_integration_toggle, f"{action} an integration", json_output=True)
        toggle.add_argument("integration_id")
        toggle.set_defaults(enabled=enabled)
    _command(integration, "types", cmd_integration_types, "list integration types", json_output=True)
    pipeline_cli.register(commands, _command, integration)

    admin = commands.add_parser("admin", help="manage console admins").add_subparsers(dest="action", metavar="ACTION", required=True)
    create = _command(admin, "create", cmd_admin_create,
                      "create a console admin (password from a prompt, or the first line of stdin)", json_output=True)
    create.add_argument("--email", required=True)
    _command(admin, "list", cmd_admin_list, "list console admins", json_output=True)
    return parser


def load_settings(args, **overrides) -> Settings:
    return Settings.load(os.environ, data_dir=args.data_dir, **overrides)


def _open(args) -> Settings:
    settings = load_settings(args)
    open_database(settings)
    return settings


def emit(args, value, human: str) -> None:
    print(json.dumps(value, ensure_ascii=False) if getattr(args, "json", False) else human)


def cmd_serve(args) -> int:
    from ..server import serve

    return serve(load_settings(args, host=args.host, port=args.port, serve_worker=False if args.no_worker else None))


def cmd_migrate(args) -> int:
    from ..store.upgrade import upgrade_schema

    settings = load_settings(args)
    result = upgrade_schema(open_database(settings, upgrade=False), settings.data_path)
    print(f"database at {settings.data_path if not settings.database_url else 'SVIT_DATABASE_URL'} is up to date"
          + (f" ({', '.join(result.applied)} applied)" if result.applied else "")
          + (f"; backup of the previous version: {result.backup}" if result.backup else ""))
    return 0


def cmd_version(args) -> int:
    from ..buildinfo import build_info

    info = build_info()
    built = f", built {info['builtAt']}" if info["builtAt"] else ""
    emit(args, info, f"svit {info['version']} (commit {info['commit'] or 'unknown'}{built})")
    return 0


def cmd_project_create(args) -> int:
    settings = _open(args)
    project = manage.create_project(args.name, args.region or settings.default_phone_region)
    audit.record(audit.cli_actor(), "project.create", project.id, {"name": project.name, "region": project.default_region})
    view = manage.project_view(project)
    emit(args, view, f"created project {project.id} ({project.name}, phone region {project.default_region})")
    return 0


def cmd_project_list(args) -> int:
    _open(args)
    views = [manage.project_view(p) for p in Project.select().order_by(Project.id)]
    emit(args, views, "\n".join(f"{v['id']}  {v['name']}  {v['defaultRegion']}" for v in views) or "no projects yet")
    return 0


def cmd_token_create(args) -> int:
    _open(args)
    minted = manage.create_server_token(args.project, args.name, args.expires_in_days)
    audit.record(audit.cli_actor(), "server_token.create", minted.record.id, {"name": minted.record.name})
    view = manage.server_token_view(minted.record, minted.secret)
    emit(args, view, f"created server token {minted.record.id}; copy it now, it is not shown again:\n{minted.secret}")
    return 0


def _token_lines(views: list[dict]) -> str:
    lines = [f"{v['id']}  {v['name']}  {v['prefix']}...  {'revoked' if v['revokedAt'] else 'active'}" for v in views]
    return "\n".join(lines) or "no tokens yet"


def cmd_token_list(args) -> int:
    _open(args)
    manage.get_project(args.project)
    views = [manage.server_token_view(t) for t in ServerToken.select().where(ServerToken.project == args.project).order_by(ServerToken.id)]
    emit(args, views, _token_lines(views))
    return 0


def cmd_token_revoke(args) -> int:
    _open(args)
    manage.revoke_token(args.token_id)
    audit.record(audit.cli_actor(), f"{kind_of(args.token_id).audit_name}.revoke", args.token_id)
    emit(args, {"id": args.token_id, "revoked": True}, f"revoked {args.token_id}")
    return 0


def _field_list(text: str | None) -> list[str] | None:
    return [f.strip() for f in text.split(",") if f.strip()] if text is not None else None


def _base_url(args, settings: Settings) -> str:
    return args.base_url or f"http://{settings.host}:{settings.port}"


def _snippet(args, settings: Settings, token: ClientToken, secret: str | None = None) -> str:
    return embed_snippet(_base_url(args, settings), secret or TOKEN_PLACEHOLDER, required=token.required_fields)


def cmd_client_token_create(args) -> int:
    settings = _open(args)
    minted = manage.create_client_token(args.project, args.name, args.origin, _field_list(args.require))
    audit.record(audit.cli_actor(), "client_token.create", minted.record.id,
                 {"name": minted.record.name, "allowedOrigins": minted.record.allowed_origins})
    view = manage.client_token_view(minted.record, minted.secret)
    view["snippet"] = _snippet(args, settings, minted.record, minted.secret)
    emit(args, view, f"created client token {minted.record.id} for {', '.join(view['allowedOrigins']) or 'no origin'}; "
                     f"copy it now, it is not shown again:\n{minted.secret}\n\n"
                     f"paste this where the form should appear:\n{view['snippet']}")
    return 0


def cmd_client_token_list(args) -> int:
    _open(args)
    manage.get_project(args.project)
    spam = manage.spam_counts(args.project)
    tokens = ClientToken.select().where(ClientToken.project == args.project).order_by(ClientToken.id)
    views = [manage.client_token_view(t, spam_caught=spam.get(t.id, 0)) for t in tokens]
    lines = [f"{line}  origins {', '.join(v['allowedOrigins']) or '-'}  spam caught {v['spamCaught']}"
             for line, v in zip(_token_lines(views).splitlines(), views)]
    emit(args, views, "\n".join(lines) or "no tokens yet")
    return 0


def cmd_client_token_configure(args) -> int:
    _open(args)
    token = manage.configure_client_token(args.token_id, args.origin, _field_list(args.require),
                                          args.allow_no_origin, args.rate_limit)
    view = manage.client_token_view(token)
    audit.record(audit.cli_actor(), "client_token.configure", token.id,
                 {k: view[k] for k in ("allowedOrigins", "requiredFields")})
    emit(args, view, f"{token.id}: origins {', '.join(view['allowedOrigins']) or '-'}; required "
                     f"{', '.join(view['requiredFields']) or '-'}; posts without Origin "
                     f"{'accepted' if token.allow_no_origin else 'refused'}; rate limit "
                     f"{f'{token.rate_limit_per_minute}/min' if token.rate_limit_per_minute else 'default'}")
    return 0


def cmd_client_token_snippet(args) -> int:
    settings = _open(args)
    token = manage.get_client_token(args.token_id)
    print(f"<!-- svit contact form ({token.id}). Replace {TOKEN_PLACEHOLDER} with the client token printed when\n"
          f"     it was created (it starts with {token.prefix}); svit keeps only its hash, so if it is lost,\n"
          f"     create a new one with `svit client-token create` and revoke this one. -->\n"
          + _snippet(args, settings, token))
    return 0


def cmd_spam_list(args) -> int:
    _open(args)
    manage.get_project(args.project)
    rows = (FormSpam.select().where(FormSpam.project == args.project)
            .order_by(FormSpam.created_at.desc()).limit(max(1, args.limit)))
    views = [manage.spam_view(s) for s in rows]
    total = FormSpam.select().where(FormSpam.project == args.project).count()
    human = "\n".join(f"{v['createdAt']}  {v['clientTokenId']}  {v['reason']:<12} {v['ip'] or '-'}  "
                      f"{json.dumps(v['fields'], ensure_ascii=False)[:120]}" for v in views)
    emit(args, {"total": total, "spam": views}, f"{total} caught in all" + ("\n" + human if human else ""))
    return 0


def cmd_integration_create(args) -> int:
    _open(args)
    integration = manage.create_integration(args.project, args.type, args.name)
    audit.record(audit.cli_actor(), "integration.create", integration.id, {"type": integration.type, "name": integration.name})
    view = manage.integration_view(integration)
    emit(args, view, f"created integration {integration.id} ({integration.type}); POST to {view['ingestionPath']}")
    return 0


def cmd_integration_list(args) -> int:
    _open(args)
    manage.get_project(args.project)
    views = [manage.integration_view(i) for i in Integration.select().where(Integration.project == args.project).order_by(Integration.id)]
    emit(args, views, "\n".join(f"{v['id']}  {v['type']:<9} {v['name']}  {'enabled' if v['enabled'] else 'disabled'}" for v in views) or "no integrations yet")
    return 0


def cmd_integration_toggle(args) -> int:
    _open(args)
    integration = manage.set_integration_enabled(args.integration_id, args.enabled)
    audit.record(audit.cli_actor(), "integration.enable" if args.enabled else "integration.disable", integration.id)
    emit(args, manage.integration_view(integration), f"{integration.id} {'enabled' if integration.enabled else 'disabled'}")
    return 0


def cmd_integration_types(args) -> int:
    views = [{"type": t.name, "supported": t.supported, "description": t.description,
              "signatureScheme": t.signature_scheme} for t in INTEGRATION_TYPES.values()]
    human = "\n".join(f"{v['type']:<9} {'' if v['supported'] else '(unsupported) '}{v['description']}" for v in views)
    emit(args, {"types": views}, human)
    return 0


def read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise manage.ManageError("The two passwords differ")
    return password


def cmd_admin_create(args) -> int:
    _open(args)
    admin = admins.create_admin(args.email, read_password())
    audit.record(audit.cli_actor(), "admin.create", admin.id, {"email": admin.email})
    emit(args, {"id": admin.id, "email": admin.email}, f"created admin {admin.email}: sign in at /console/login")
    return 0


def cmd_admin_list(args) -> int:
    _open(args)
    views = [{"id": a.id, "email": a.email, "lastLoginAt": iso_utc(a.last_login_at), "locked": bool(a.locked_until and a.locked_until > utcnow())}
             for a in AdminUser.select().order_by(AdminUser.created_at)]
    emit(args, views, "\n".join(f"{v['id']}  {v['email']}" + ("  (locked)" if v["locked"] else "") for v in views) or "no admins yet")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.handler(args)
    except (manage.ManageError, SettingsError) as error:
        print(f"svit: error: {error}", file=sys.stderr)
        return 1
    finally:
        close_database()

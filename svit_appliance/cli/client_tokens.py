"""``svit client-token create|list|revoke|configure|allow-origin|check|snippet``: the contact form's tokens."""
from ..access.tokens import CLIENT
from ..contact_form.embed import TOKEN_PLACEHOLDER, embed_snippet
from ..contact_form.origin_check import check_page, token_state
from ..contact_form.submission import FORM_FIELDS
from ..core.views import client_token_view
from ..operations import projects, tokens
from ..settings import Settings
from ..store import lists
from ..store.models import ClientToken, utcnow
from .output import add_command, add_group, cli_actor, emit, field_list, open_data, open_existing_data
from .tokens import revoke_command, token_lines

RATE_LIMIT_HELP = ("posts this token accepts, e.g. 30/minute or 500/hour; off for no limit; default to follow "
                   "SVIT_FORM_TOKEN_RATE_LIMIT")


def register(commands) -> None:
    group = add_group(commands, "client-token", "manage client (form) tokens")
    create = add_command(group, "create", cmd_create, "create a client token (shown once)", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--name", default="website")
    create.add_argument("--origin", action="append", default=[], help="allowed origin, repeatable")
    create.add_argument("--require", help=f"comma-separated required fields from {','.join(FORM_FIELDS)} (default phone)")
    create.add_argument("--base-url", help="this appliance's public URL, for the printed snippet "
                                           "(default http://SVIT_HOST:SVIT_PORT)")
    listing = add_command(group, "list", cmd_list, "list client tokens of a project (with spam caught)",
                          json_output=True)
    listing.add_argument("--project", required=True)
    revoke = add_command(group, "revoke", revoke_command(CLIENT), "revoke a client token", json_output=True)
    revoke.add_argument("token_id")
    allow = add_command(group, "allow-origin", cmd_allow_origin, "add one origin to a client token's allow-list",
                        json_output=True)
    allow.add_argument("token_id")
    allow.add_argument("origin", help="e.g. https://shop.example")
    check = add_command(group, "check", cmd_check, "explain whether a page may post the form with this token: "
                                                   "origin (scheme, port, subdomain wildcard, path), mixed content, "
                                                   "token status", json_output=True)
    check.add_argument("token_id")
    check.add_argument("--origin", required=True, metavar="PAGE_URL", help="the page's URL or origin, "
                                                                           "e.g. https://site.example/contact")
    check.add_argument("--base-url", help="this appliance's public URL, as in the snippet "
                                          "(default http://SVIT_HOST:SVIT_PORT)")
    configure = add_command(group, "configure", cmd_configure,
                            "change a client token's origins, required fields, no-Origin posts and rate limit",
                            json_output=True)
    configure.add_argument("token_id")
    configure.add_argument("--origin", action="append", help="allowed origin, repeatable, replaces the list; "
                                                              "https://*.site.example allows subdomains")
    configure.add_argument("--require", help=f"comma-separated required fields from {','.join(FORM_FIELDS)}")
    no_origin = configure.add_mutually_exclusive_group()
    no_origin.add_argument("--refuse-no-origin", dest="allow_no_origin", action="store_false", default=None,
                           help="refuse posts without an Origin header (server-side posts)")
    no_origin.add_argument("--allow-no-origin", dest="allow_no_origin", action="store_true", default=None,
                           help="accept posts without an Origin header (the default)")
    configure.add_argument("--rate-limit", help=RATE_LIMIT_HELP)
    snippet = add_command(group, "snippet", cmd_snippet, "print the HTML snippet that embeds the contact form")
    snippet.add_argument("token_id")
    snippet.add_argument("--base-url", help="this appliance's public URL (default http://SVIT_HOST:SVIT_PORT)")


def _base_url(args, settings: Settings) -> str:
    return args.base_url or f"http://{settings.host}:{settings.port}"


def _snippet(args, settings: Settings, token: ClientToken, secret: str | None = None) -> str:
    return embed_snippet(_base_url(args, settings), secret or TOKEN_PLACEHOLDER, required=token.required_fields)


def cmd_create(args) -> int:
    settings = open_data(args)
    minted = tokens.create_client_token(cli_actor(), args.project, args.name, args.origin, field_list(args.require))
    view = client_token_view(minted.record, minted.secret)
    view["snippet"] = _snippet(args, settings, minted.record, minted.secret)
    emit(args, view, f"created client token {minted.record.id} for {', '.join(view['allowedOrigins']) or 'no origin'}; "
                     f"copy it now, it is not shown again:\n{minted.secret}\n\n"
                     f"paste this where the form should appear:\n{view['snippet']}")
    return 0


def cmd_list(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    spam = lists.spam_caught_per_token(args.project)
    rows = lists.client_tokens_by_id(args.project)
    views = [client_token_view(t, spam_caught=spam.get(t.id, 0)) for t in rows]
    lines = [f"{line}  origins {', '.join(v['allowedOrigins']) or '-'}  spam caught {v['spamCaught']}"
             for line, v in zip(token_lines(views), views)]
    emit(args, views, "\n".join(lines) or "no tokens yet")
    return 0


def cmd_configure(args) -> int:
    open_data(args)
    token = tokens.configure_client_token(cli_actor(), args.token_id, args.origin, field_list(args.require),
                                          args.allow_no_origin, args.rate_limit)
    view = client_token_view(token)
    emit(args, view, f"{token.id}: origins {', '.join(view['allowedOrigins']) or '-'}; required "
                     f"{', '.join(view['requiredFields']) or '-'}; posts without Origin "
                     f"{'accepted' if token.allow_no_origin else 'refused'}; rate limit "
                     f"{token.rate_limit or 'default (SVIT_FORM_TOKEN_RATE_LIMIT)'}")
    return 0


def cmd_allow_origin(args) -> int:
    open_data(args)
    token = tokens.allow_origin(cli_actor(), args.token_id, args.origin)
    emit(args, client_token_view(token), f"{token.id}: origins {', '.join(token.allowed_origins)}")
    return 0


def cmd_check(args) -> int:
    settings = open_existing_data(args)
    token = tokens.get_token(CLIENT, args.token_id)
    state = token_state(token.revoked_at, token.expires_at, token.enabled, utcnow())
    check = check_page(args.origin, token.allowed_origins, state, _base_url(args, settings))
    lines = [f"{'allowed' if check.allowed else 'refused'}: {check.page_url}"]
    lines += [f"  {'ok ' if f.ok else 'NO '} {f.text}" for f in check.findings]
    emit(args, check.view(), "\n".join(lines))
    return 0


def cmd_snippet(args) -> int:
    settings = open_existing_data(args)
    token = tokens.get_token(CLIENT, args.token_id)
    print(f"<!-- svit contact form ({token.id}). Replace {TOKEN_PLACEHOLDER} with the client token printed when\n"
          f"     it was created (it starts with {token.prefix}); svit keeps only its hash, so if it is lost,\n"
          f"     create a new one with `svit client-token create` and revoke this one. -->\n"
          + _snippet(args, settings, token))
    return 0

"""``svit integration create|list|enable|disable|types|configure|change-type|try``."""
import json
import sys

from ..core.errors import Refused
from ..core.views import integration_view
from ..http.bodies import parse_json
from ..http.errors import ApiError
from ..http.paths import api_path
from ..operations import integrations, projects
from ..pipeline.dryrun import describe
from ..processors import INTEGRATION_TYPES
from ..store import lists
from ..store.models import Integration
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data


def register(commands) -> None:
    group = add_group(commands, "integration", "manage integrations")
    create = add_command(group, "create", cmd_create, "create an integration", json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--type", required=True, help=f"one of {', '.join(INTEGRATION_TYPES)}")
    create.add_argument("--name", required=True)
    listing = add_command(group, "list", cmd_list, "list integrations of a project", json_output=True)
    listing.add_argument("--project", required=True)
    for action, enabled in (("enable", True), ("disable", False)):
        toggle = add_command(group, action, cmd_toggle, f"{action} an integration", json_output=True)
        toggle.add_argument("integration_id")
        toggle.set_defaults(enabled=enabled)
    add_command(group, "types", cmd_types, "list integration types", json_output=True)
    configure = add_command(group, "configure", cmd_configure,
                            "set an integration's signing secret or field mapping", json_output=True)
    configure.add_argument("integration_id")
    secret = configure.add_mutually_exclusive_group()
    secret.add_argument("--signing-secret", help="the provider's webhook signing secret")
    secret.add_argument("--clear-signing-secret", action="store_true", help="forget the signing secret")
    configure.add_argument("--mapping", help='WEBHOOK only: JSON object of person field to dotted path, e.g. '
                                             '\'{"email": "contact.email"}\'; \'{}\' clears it')
    change = add_command(group, "change-type", cmd_change_type, "give an integration another type (one with a "
                                                                "processor)", json_output=True)
    change.add_argument("integration_id")
    change.add_argument("type", help=f"one of {', '.join(n for n, t in INTEGRATION_TYPES.items() if t.supported)}")
    trying = add_command(group, "try", cmd_try, "dry-run a JSON body read from stdin: the persons it would "
                                                "become, new or updating which person; nothing is written",
                         json_output=True)
    trying.add_argument("integration_id")


def _integration_view(integration: Integration) -> dict:
    return integration_view(integration, api_path("ingest", integrationId=integration.id))


def cmd_create(args) -> int:
    open_data(args)
    integration = integrations.create_integration(cli_actor(), args.project, args.type, args.name)
    view = _integration_view(integration)
    emit(args, view, f"created integration {integration.id} ({integration.type}); POST to {view['ingestionPath']}")
    return 0


def cmd_list(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    rows = lists.integrations_by_id(args.project)
    views = [_integration_view(i) for i in rows]
    emit(args, views, "\n".join(f"{v['id']}  {v['type']:<9} {v['name']}  {'enabled' if v['enabled'] else 'disabled'}"
                                for v in views) or "no integrations yet")
    return 0


def cmd_toggle(args) -> int:
    open_data(args)
    integration = integrations.set_integration_enabled(cli_actor(), args.integration_id, args.enabled)
    emit(args, _integration_view(integration), f"{integration.id} {'enabled' if integration.enabled else 'disabled'}")
    return 0


def cmd_types(args) -> int:
    views = [{"type": t.name, "supported": t.supported, "description": t.description,
              "signatureScheme": t.signature_scheme} for t in INTEGRATION_TYPES.values()]
    human = "\n".join(f"{v['type']:<9} {'' if v['supported'] else '(unsupported) '}{v['description']}" for v in views)
    emit(args, {"types": views}, human)
    return 0


def cmd_configure(args) -> int:
    open_data(args)
    mapping = integrations.parse_mapping(args.mapping) if args.mapping is not None else None
    secret = "" if args.clear_signing_secret else args.signing_secret
    integrations.configure_integration(cli_actor(), args.integration_id, signing_secret=secret, mapping=mapping)
    view = _integration_view(integrations.get_integration(args.integration_id))
    emit(args, view, f"{view['id']} configured: signing secret {'set' if view['signingSecretSet'] else 'not set'}, "
                     f"mapping {json.dumps(view['mapping']) if view['mapping'] else 'none'}")
    return 0


def cmd_change_type(args) -> int:
    open_data(args)
    integration = integrations.change_integration_type(cli_actor(), args.integration_id, args.type)
    emit(args, _integration_view(integration), f"{integration.id} is now {integration.type}")
    return 0


def cmd_try(args) -> int:
    settings = open_data(args)
    try:
        payload = parse_json(sys.stdin.buffer.read(), settings.max_json_depth)
    except ApiError as error:
        raise Refused(error.detail, "payload") from None
    result = integrations.try_payload(args.integration_id, payload)
    lines = [describe(person) for person in result.persons]
    if result.warning:
        lines.append(f"warning: {result.warning}")
    emit(args, result.view(), "\n".join(["dry run, nothing written:", *lines]))
    return 0

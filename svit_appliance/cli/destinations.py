"""``svit destination create|list|show|test|enable|disable|delete|redeliver``."""
import sys
from dataclasses import replace

from ..destinations.delivery import DeliveryPolicy, deliver_now
from ..destinations.events import EVENTS
from ..destinations.kinds import KINDS
from ..destinations.kinds.base import CliOption
from ..destinations.outbound import Limits
from ..destinations.views import attempt_view, delivery_view, destination_view
from ..operations import destinations, projects
from ..store import lists
from ..store.deliveries import find_delivery
from ..store.details import latest_deliveries_of
from .output import add_command, add_group, cli_actor, emit, field_list, open_data

SHOWN_DELIVERIES = 20


def register(commands) -> None:
    group = add_group(commands, "destination", "where a project's events go: email, webhooks, Slack")
    create = add_command(group, "create", cmd_create, "create a destination (a webhook's signing secret is shown once)",
                         json_output=True)
    create.add_argument("--project", required=True)
    create.add_argument("--kind", required=True, choices=list(KINDS))
    create.add_argument("--name", required=True)
    create.add_argument("--events", help=f"comma-separated, any of {','.join(EVENTS)} (default: all)")
    for option in kind_options():
        _add_option(create, option)
    listing = add_command(group, "list", cmd_list, "list a project's destinations", json_output=True)
    listing.add_argument("--project", required=True)
    for action, handler, help_text in (
            ("show", cmd_show, "a destination and its latest deliveries with their attempts"),
            ("test", cmd_test, "send a test event now and print what the receiver answered"),
            ("enable", cmd_toggle, "enable a destination (forgets its failing streak)"),
            ("disable", cmd_toggle, "disable a destination (deliveries wait until it is enabled)"),
            ("delete", cmd_delete, "delete a destination and its delivery log")):
        command = add_command(group, action, handler, help_text, json_output=True)
        command.add_argument("destination_id")
        command.set_defaults(enabled=action == "enable")
    again = add_command(group, "redeliver", cmd_redeliver, "send one delivery again (same webhook-id)",
                        json_output=True)
    again.add_argument("delivery_id")


def kind_options() -> list[CliOption]:
    """Every kind's options of ``create``, those shared by more kinds first; an option several kinds
    take (webhook and Slack: ``--url``) is one, whose help says what it is for each of them."""
    declared: dict[str, list[CliOption]] = {}
    for kind in KINDS.values():
        for option in kind.cli_options:
            declared.setdefault(option.flag, []).append(option)
    shared_first = sorted(declared.values(), key=lambda options: -len(options))
    return [replace(options[0], help=" or ".join(dict.fromkeys(option.help for option in options)))
            for options in shared_first]


def _add_option(parser, option: CliOption) -> None:
    if option.switch:
        parser.add_argument(option.flag, dest=option.dest, action="store_true", help=option.help)
    else:
        parser.add_argument(option.flag, dest=option.dest, action="append" if option.repeat else "store",
                            choices=option.choices or None, metavar=option.metavar, help=option.help)


def _options(args) -> dict:
    options = {}
    for option in kind_options():
        value = getattr(args, option.dest)
        options[option.key] = (value or []) if option.repeat else value
        if option.secret_from_stdin and value:
            options[option.secret_from_stdin] = sys.stdin.readline().rstrip("\n")
    return options


def cmd_create(args) -> int:
    settings = open_data(args)
    destination, secret = destinations.create_destination(
        cli_actor(), args.project, args.kind, args.name, _options(args), field_list(args.events),
        Limits.from_settings(settings))
    human = f"created destination {destination.id} ({destination.kind}) for {', '.join(destination.events)}"
    if secret:
        human += f"\nsigning secret (shown once): {secret}"
    emit(args, destination_view(destination, secret), human)
    return 0


def _line(view: dict) -> str:
    state = "enabled" if view["enabled"] else f"disabled{' (' + view['disabledReason'] + ')' if view['disabledReason'] else ''}"
    return f"{view['id']}  {view['kind']:<7} {view['name']}  {state}  {','.join(view['events'])}"


def cmd_list(args) -> int:
    open_data(args)
    projects.get_project(args.project)
    rows = lists.destinations_by_id(args.project)
    views = [destination_view(d) for d in rows]
    emit(args, views, "\n".join(_line(v) for v in views) or "no destinations yet")
    return 0


def cmd_show(args) -> int:
    open_data(args)
    destination = destinations.get_destination(args.destination_id)
    deliveries, attempts = latest_deliveries_of(destination.id, SHOWN_DELIVERIES)
    view = {**destination_view(destination),  # each log in the order its attempts were made
            "deliveries": [{**delivery_view(d), "log": [attempt_view(a) for a in reversed(attempts.get(d.id, []))]}
                           for d in deliveries]}
    lines = [_line(view)] + [f"  {d['createdAt']}  {d['id']}  {d['event']:<15} {d['status']:<9} "
                             f"attempts {d['attempts']}  {d['lastError'] or ''}" for d in view["deliveries"]]
    emit(args, view, "\n".join(lines))
    return 0


def cmd_test(args) -> int:
    settings = open_data(args)
    delivery_id = destinations.send_test_event(cli_actor(), args.destination_id)
    outcome = deliver_now(delivery_id, DeliveryPolicy.from_settings(settings))
    view = delivery_view(find_delivery(delivery_id))
    if outcome is not None:
        view.update(statusCode=outcome.status_code, latencyMs=outcome.latency_ms, error=outcome.error)
    human = (f"{delivery_id}: delivered ({outcome.status_code}, {outcome.latency_ms} ms)" if outcome and outcome.delivered
             else f"{delivery_id}: {'not delivered: ' + outcome.error if outcome else 'queued for the worker'}")
    emit(args, view, human)
    return 0 if outcome is None or outcome.delivered else 1


def cmd_toggle(args) -> int:
    open_data(args)
    destination = destinations.set_destination_enabled(cli_actor(), args.destination_id, args.enabled)
    emit(args, destination_view(destination), _line(destination_view(destination)))
    return 0


def cmd_delete(args) -> int:
    open_data(args)
    destinations.delete_destination(cli_actor(), args.destination_id)
    emit(args, {"id": args.destination_id, "deleted": True}, f"deleted {args.destination_id}")
    return 0


def cmd_redeliver(args) -> int:
    open_data(args)
    delivery = destinations.redeliver(cli_actor(), args.delivery_id)
    emit(args, delivery_view(delivery), f"{delivery.id} queued again (webhook-id unchanged)")
    return 0

"""``svit digest preview|send``: the daily digest of a project, shown or sent now."""
from ..destinations.delivery import DeliveryPolicy, deliver_now
from ..destinations.digest import digest_data
from ..destinations.events import DIGEST_EVENT
from ..destinations.kinds.email import message_context, templates
from ..destinations.outbox import envelope
from ..operations import destinations, projects
from ..store.db import sqlite_file
from ..store.models import utcnow
from .output import add_command, add_group, cli_actor, emit, open_data


def register(commands) -> None:
    group = add_group(commands, "digest", "the daily digest of a project (email destinations that opt in)")
    preview = add_command(group, "preview", cmd_preview, "print the digest of the last 24 hours", json_output=True)
    preview.add_argument("--project", required=True)
    send = add_command(group, "send", cmd_send, "send the digest now to the project's digest destinations",
                       json_output=True)
    send.add_argument("--project", required=True)


def _data_path(settings):
    return settings.data_path if sqlite_file(settings) else None


def cmd_preview(args) -> int:
    settings = open_data(args)
    project = projects.get_project(args.project)
    payload = envelope(DIGEST_EVENT, digest_data(project, utcnow(), _data_path(settings)))
    text = templates().get_template("digest.txt").render(message_context(payload, settings.public_base_url))
    emit(args, payload["data"], text.rstrip())
    return 0


def cmd_send(args) -> int:
    settings = open_data(args)
    delivery_ids = destinations.send_digest(cli_actor(), args.project, _data_path(settings))
    policy = DeliveryPolicy.from_settings(settings)
    results = []
    for delivery_id in delivery_ids:
        outcome = deliver_now(delivery_id, policy)
        results.append({"deliveryId": delivery_id, "delivered": bool(outcome and outcome.delivered),
                        "error": outcome.error if outcome else None})
    lines = [f"{r['deliveryId']}: {'sent' if r['delivered'] else 'not sent yet: ' + (r['error'] or 'queued')}"
             for r in results]
    emit(args, results, "\n".join(lines))
    return 0 if all(r["delivered"] for r in results) else 1

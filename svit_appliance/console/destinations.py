"""Destinations: list, create (email, webhook, Slack), detail with the delivery log, send a test
event, redeliver one delivery, enable/disable, delete."""
import asyncio

from ..core.errors import Refused
from ..destinations.delivery import DeliveryPolicy, deliver_now
from ..destinations.kinds import KINDS
from ..destinations.kinds.email import SECURITY
from ..destinations.models import EVENTS, Delivery, DeliveryAttempt, Destination
from ..destinations.outbound import Limits
from ..operations import destinations
from .web import actor, form_list, form_value, go, project_id, render

SHOWN_DELIVERIES = 50
BLANK = {"kind": "webhook", "name": "", "url": "", "host": "", "port": "587", "security": "starttls", "user": "",
         "from": "", "to": "", "events": list(destinations.DEFAULT_EVENTS)}


async def list_destinations(request):
    rows = []
    if request.ctx.project is not None:
        rows = list(Destination.select().where(Destination.project == request.ctx.project)
                    .order_by(Destination.created_at.desc(), Destination.id.desc()))
    return render(request, "destinations.html", destinations=rows)


def _new_form(request, values: dict, errors: dict):
    return render(request, "destination_new.html", values=values, errors=errors, kinds=list(KINDS), events=EVENTS,
                  securities=SECURITY)


async def new_destination_form(request):
    return _new_form(request, dict(BLANK), {})


def _typed(request) -> dict:
    values = {name: form_value(request, name, 2000) for name in BLANK if name not in ("events",)}
    values["password"] = form_value(request, "password", 500)
    values["digest"] = bool(form_value(request, "digest", 10))
    values["events"] = form_list(request, "events")
    return values


async def create_destination(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    values = _typed(request)
    options = {**values, "to": [a.strip() for a in values["to"].replace(";", ",").split(",")]}
    limits = Limits.from_settings(request.app.ctx.settings)
    try:
        destination, secret = await asyncio.to_thread(
            destinations.create_destination, actor(request), request.ctx.project.id, values["kind"], values["name"],
            options, values["events"], limits)
    except Refused as error:
        values.pop("password")
        return _new_form(request, values, {error.field: str(error)})
    if secret:
        return _detail(request, destination, secret=secret)
    return go(request, f"/console/destinations/{destination.id}", "Destination created: send it a test event.")


def _detail(request, destination: Destination, secret: str | None = None):
    deliveries = list(Delivery.select().where(Delivery.destination == destination)
                      .order_by(Delivery.created_at.desc(), Delivery.id.desc()).limit(SHOWN_DELIVERIES))
    attempts: dict[str, list] = {}
    for attempt in (DeliveryAttempt.select().where(DeliveryAttempt.delivery.in_([d.id for d in deliveries]))
                    .order_by(DeliveryAttempt.attempt.desc())):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return render(request, "destination.html", destination=destination, config=destination.config or {},
                  deliveries=deliveries, attempts=attempts, secret=secret)


async def show_destination(request, destination_id: str):
    return _detail(request, destinations.get_destination(destination_id, project_id(request)))


async def toggle_destination(request, destination_id: str):
    destination = destinations.get_destination(destination_id, project_id(request))
    enabled = not destination.enabled
    destinations.set_destination_enabled(actor(request), destination.id, enabled, project_id(request))
    return go(request, f"/console/destinations/{destination.id}",
              "Destination enabled." if enabled else "Destination disabled: its deliveries wait until it is enabled.")


async def delete_destination(request, destination_id: str):
    destinations.delete_destination(actor(request), destination_id, project_id(request))
    return go(request, "/console/destinations", "Destination deleted.")


async def send_test(request, destination_id: str):
    delivery_id = destinations.send_test_event(actor(request), destination_id, project_id(request))
    policy = DeliveryPolicy.from_settings(request.app.ctx.settings)
    outcome = await asyncio.to_thread(deliver_now, delivery_id, policy)
    if outcome is None:
        note = "Test event queued: the worker sends it."
    elif outcome.delivered:
        note = f"Test event delivered ({outcome.status_code}, {outcome.latency_ms} ms)."
    else:
        note = f"Test event not delivered: {outcome.error}"
    return go(request, f"/console/destinations/{destination_id}", note)


async def redeliver(request, delivery_id: str):
    delivery = destinations.redeliver(actor(request), delivery_id, project_id(request))
    return go(request, f"/console/destinations/{delivery.destination_id}",
              f"Delivery {delivery.id} queued again (same webhook-id).")

"""Destinations: list, create (any kind of the registry), detail with the delivery log, send a test
event, redeliver one delivery, enable/disable, delete."""
from dataclasses import dataclass, replace

from ..core.errors import Refused
from ..destinations.delivery import DeliveryPolicy, deliver_now
from ..destinations.events import DEFAULT_EVENTS, EVENTS
from ..destinations.kinds import KINDS
from ..destinations.kinds.base import FormField
from ..destinations.outbound import Limits
from ..operations import destinations
from ..store.details import latest_deliveries_of
from ..store.lists import destinations_newest_first
from ..store.models import Destination
from .web import actor, form_list, form_value, go, project_id, render

SHOWN_DELIVERIES = 50
PRESELECTED_KIND = "webhook"  # the kind the new-destination form shows chosen
TYPED_LIMITS = {"password": 500, "checkbox": 10}  # characters a form field may hold (2000 unless said)


@dataclass(frozen=True)
class FormSection:
    """A fieldset of the new-destination form: the fields of the kinds its legend names."""

    legend: str
    fields: tuple[FormField, ...]


def form_sections() -> list[FormSection]:
    """One fieldset per group of kinds that ask for the same fields (webhook and Slack share the
    URL), those shared by more kinds first. A field several kinds ask for is one input (its name is
    the option's key) whose help says what it is for each of them."""
    askers: dict[str, list[str]] = {}
    declared: dict[str, list[FormField]] = {}
    for kind in KINDS.values():
        for field in kind.form_fields:
            askers.setdefault(field.name, []).append(kind.name)
            declared.setdefault(field.name, []).append(field)
    groups: dict[tuple[str, ...], list[FormField]] = {}
    for name, fields in declared.items():
        helps = ", or ".join(dict.fromkeys(field.help for field in fields if field.help))
        groups.setdefault(tuple(askers[name]), []).append(replace(fields[0], help=helps))
    shared_first = sorted(groups.items(), key=lambda group: -len(group[0]))
    return [FormSection(" or ".join(KINDS[kind].label for kind in kinds), tuple(fields))
            for kinds, fields in shared_first]


def _fields() -> list[FormField]:
    return [field for section in form_sections() for field in section.fields]


def _blank() -> dict:
    return {"kind": PRESELECTED_KIND, "name": "", "events": list(DEFAULT_EVENTS),
            **{field.name: field.default for field in _fields()}}


def list_destinations(request):
    rows = destinations_newest_first(request.ctx.project.id) if request.ctx.project is not None else []
    return render(request, "destinations.html", destinations=rows)


def _new_form(request, values: dict, errors: dict):
    return render(request, "destination_new.html", values=values, errors=errors, kinds=list(KINDS), events=EVENTS,
                  sections=form_sections())


def new_destination_form(request):
    return _new_form(request, _blank(), {})


def _typed_value(request, field: FormField):
    value = form_value(request, field.name, TYPED_LIMITS.get(field.input_type, 2000))
    return bool(value) if field.input_type == "checkbox" else value


def _typed(request) -> dict:
    values = {"kind": form_value(request, "kind", 2000), "name": form_value(request, "name", 2000),
              "events": form_list(request, "events")}
    values.update((field.name, _typed_value(request, field)) for field in _fields())
    return values


def _options(values: dict) -> dict:
    """What was typed, with each field that takes several values as a list."""
    many = {field.name for field in _fields() if field.many}
    return {name: [part.strip() for part in value.replace(";", ",").split(",")] if name in many else value
            for name, value in values.items()}


def create_destination(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    values = _typed(request)
    options = _options(values)
    limits = Limits.from_settings(request.app.ctx.services.settings)
    try:
        destination, secret = destinations.create_destination(
            actor(request), request.ctx.project.id, values["kind"], values["name"], options, values["events"], limits)
    except Refused as error:
        return _new_form(request, values, {error.field: str(error)})
    if secret:
        return _detail(request, destination, secret=secret)
    return go(request, f"/console/destinations/{destination.id}", "Destination created: send it a test event.")


def _detail(request, destination: Destination, secret: str | None = None):
    deliveries, attempts = latest_deliveries_of(destination.id, SHOWN_DELIVERIES)
    return render(request, "destination.html", destination=destination,
                  details=KINDS[destination.kind].describe(destination.config or {}), deliveries=deliveries,
                  attempts=attempts, secret=secret)


def show_destination(request, destination_id: str):
    return _detail(request, destinations.get_destination(destination_id, project_id(request)))


def toggle_destination(request, destination_id: str):
    destination = destinations.get_destination(destination_id, project_id(request))
    enabled = not destination.enabled
    destinations.set_destination_enabled(actor(request), destination.id, enabled, project_id(request))
    return go(request, f"/console/destinations/{destination.id}",
              "Destination enabled." if enabled else "Destination disabled: its deliveries wait until it is enabled.")


def delete_destination(request, destination_id: str):
    destinations.delete_destination(actor(request), destination_id, project_id(request))
    return go(request, "/console/destinations", "Destination deleted.")


def send_test(request, destination_id: str):
    delivery_id = destinations.send_test_event(actor(request), destination_id, project_id(request))
    policy = DeliveryPolicy.from_settings(request.app.ctx.services.settings)
    outcome = deliver_now(delivery_id, policy)
    if outcome is None:
        note = "Test event queued: the worker sends it."
    elif outcome.delivered:
        note = f"Test event delivered ({outcome.status_code}, {outcome.latency_ms} ms)."
    else:
        note = f"Test event not delivered: {outcome.error}"
    return go(request, f"/console/destinations/{destination_id}", note)


def redeliver(request, delivery_id: str):
    delivery = destinations.redeliver(actor(request), delivery_id, project_id(request))
    return go(request, f"/console/destinations/{delivery.destination_id}",
              f"Delivery {delivery.id} queued again (same webhook-id).")

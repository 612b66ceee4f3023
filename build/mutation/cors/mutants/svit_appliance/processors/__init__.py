"""The registry of integration types: the one place that says which types exist.

Each type names its processor (a pure function ``payload, config -> [PersonInput]``) and,
for providers that sign their webhooks, the signature scheme in ``svit_appliance.signatures``.
"""
from dataclasses import dataclass
from typing import Any, Callable

from . import calendly, jotform, shopify, stripe, tally, tilda, typeform, webflow, webhook
from .base import PayloadError, PersonInput

Processor = Callable[[Any, dict], list[PersonInput]]


@dataclass(frozen=True)
class IntegrationType:
    name: str
    description: str
    process: Processor | None
    signature_scheme: str | None = None

    @property
    def supported(self) -> bool:
        return self.process is not None


INTEGRATION_TYPES: dict[str, IntegrationType] = {
    t.name: t
    for t in (
        IntegrationType("WEBHOOK", "Any JSON: automatic detection of common keys, batches, optional field mapping", webhook.process),
        IntegrationType("TYPEFORM", "Typeform form_response webhooks", typeform.process, "typeform"),
        IntegrationType("TALLY", "Tally FORM_RESPONSE webhooks", tally.process, "tally"),
        IntegrationType("WEBFLOW", "Webflow form_submission webhooks", webflow.process, "webflow"),
        IntegrationType("CALENDLY", "Calendly invitee.created and invitee.canceled webhooks (the invitee becomes the person)", calendly.process, "calendly"),
        IntegrationType("SHOPIFY", "Shopify customer and order webhooks", shopify.process, "shopify"),
        IntegrationType("STRIPE", "Stripe customer events and completed Checkout Sessions", stripe.process, "stripe"),
        IntegrationType("JOTFORM", "Jotform submission webhooks", jotform.process),
        IntegrationType("TILDA", "Tilda form webhooks (its test ping is accepted and ignored)", tilda.process),
        IntegrationType("OTHER", "A source without a processor yet: recorded, but ingestion is refused", None),
    )
}


def get_integration_type(name: str) -> IntegrationType | None:
    return INTEGRATION_TYPES.get(name)


__all__ = ["INTEGRATION_TYPES", "IntegrationType", "PayloadError", "PersonInput", "get_integration_type"]

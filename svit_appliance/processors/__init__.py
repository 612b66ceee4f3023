"""The registry of integration types: the one place that says which types exist.

Each type names its processor (a pure function ``payload, config -> [PersonInput]``) and,
for providers that sign their webhooks, the signature scheme in ``signatures.py``.
"""
from dataclasses import dataclass
from typing import Any, Callable

from . import (
    calendly,
    contact_form_7,
    elementor,
    facebook_lead_ads,
    google_forms,
    gravity_forms,
    hubspot,
    jotform,
    paperform,
    shopify,
    stripe,
    tally,
    tilda,
    typeform,
    webflow,
    webhook,
    wpforms,
    zoho_forms,
)
from .base import NoContactDetails, PayloadError, PersonInput

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
        IntegrationType("GOOGLE_FORMS", "Google Forms answers posted by an Apps Script onFormSubmit trigger "
                        "(namedValues, values or item responses)", google_forms.process),
        IntegrationType("WPFORMS", "WPForms Webhooks addon requests", wpforms.process, "wpforms"),
        IntegrationType("GRAVITY_FORMS", "Gravity Forms Webhooks Add-On requests (all fields or selected fields)",
                        gravity_forms.process),
        IntegrationType("ELEMENTOR", "Elementor Pro form Webhook action (simple or advanced data)", elementor.process),
        IntegrationType("CONTACT_FORM_7", "Contact Form 7 submissions sent by the CF7 to Webhook plugin",
                        contact_form_7.process),
        IntegrationType("HUBSPOT", "HubSpot workflow webhooks (the contact) and contact webhook events",
                        hubspot.process, "hubspot"),
        IntegrationType("ZOHO_FORMS", "Zoho Forms webhook payloads", zoho_forms.process),
        IntegrationType("PAPERFORM", "Paperform submission webhooks", paperform.process),
        IntegrationType("FACEBOOK_LEAD_ADS", "Facebook Lead Ads: leadgen notifications are recorded with a warning "
                        "(they carry a lead id only); fetched leads (field_data) are read", facebook_lead_ads.process,
                        "facebook"),
        IntegrationType("OTHER", "A source without a processor yet: recorded, but ingestion is refused", None),
    )
}


def get_integration_type(name: str) -> IntegrationType | None:
    return INTEGRATION_TYPES.get(name)


__all__ = [
    "INTEGRATION_TYPES", "IntegrationType", "NoContactDetails", "PayloadError", "PersonInput", "get_integration_type",
]

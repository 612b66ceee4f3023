"""STRIPE: events whose ``data.object`` is a customer (customer.created, customer.updated...)
or a completed Checkout Session with ``customer_details``. Other events name no one: []."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import (
    Answer,
    answers_from_paths,
    as_dict,
    as_list,
    identified,
    key_kind,
    person_from_answers,
)

_CUSTOMER_PATHS = {
    "name": ("name", "individual_name", "shipping.name"),
    "email": ("email",),
    "phone": ("phone", "shipping.phone"),
    "company": ("business_name",),
}
_CUSTOMER_SKIP = (
    "id", "object", "invoice_settings", "invoice_prefix", "next_invoice_sequence", "default_source",
    "sources", "subscriptions", "tax_ids", "test_clock", "discount", "cash_balance",
    "invoice_credit_balance",
)
_SESSION_PATHS = {
    "name": ("customer_details.name", "customer_details.individual_name"),
    "email": ("customer_details.email", "customer_email"),
    "phone": ("customer_details.phone",),
    "company": ("customer_details.business_name",),
}
_SESSION_SKIP = (
    "id", "object", "customer", "url", "success_url", "cancel_url", "return_url", "custom_fields",
    "custom_text", "automatic_tax", "payment_method_types", "payment_method_options",
    "payment_method_collection", "payment_method_configuration_details", "phone_number_collection",
    "shipping_options", "total_details", "invoice_creation", "consent_collection", "after_expiration",
    "customer_details.tax_ids", "customer_details.tax_exempt", "ui_mode", "billing_address_collection",
    "customer_creation", "adaptive_pricing", "saved_payment_method_options", "presentment_details",
)


def process(payload: Any, config: dict) -> list[PersonInput]:
    event_type, obj = _event_object(payload)
    if obj.get("object") == "customer" and event_type != "customer.deleted":
        return identified(_customer(obj, event_type))
    if obj.get("object") == "checkout.session":
        return identified(_session(obj, event_type))
    return []


def _event_object(payload: Any) -> tuple[Any, dict]:
    if isinstance(payload, dict) and payload.get("object") == "customer":
        return None, payload  # a bare customer object, as some tools forward it
    if not isinstance(payload, dict) or payload.get("object") != "event":
        raise PayloadError('A STRIPE body must be a Stripe event: an object with "object": "event".')
    obj = as_dict(payload.get("data")).get("object")
    if not isinstance(obj, dict):
        raise PayloadError("A STRIPE event must hold the object it is about in data.object.")
    return payload.get("type"), obj


def _customer(customer: dict, event_type: Any) -> PersonInput:
    paths = {**_CUSTOMER_PATHS, "company": _CUSTOMER_PATHS["company"] + _metadata_company(customer)}
    extras = {"stripe_event": event_type, "stripe_customer_id": customer.get("id")}
    return person_from_answers(answers_from_paths(customer, paths, _CUSTOMER_SKIP), extras)


def _metadata_company(obj: dict) -> tuple[str, ...]:
    return tuple(f"metadata.{key}" for key in as_dict(obj.get("metadata")) if key_kind(key) == "company")


def _session(session: dict, event_type: Any) -> PersonInput:
    extras = {
        "stripe_event": event_type,
        "stripe_customer_id": session.get("customer"),
        "checkout_session_id": session.get("id"),
    }
    fields = [_custom_field(field) for field in map(as_dict, as_list(session.get("custom_fields")))]
    return person_from_answers(answers_from_paths(session, _SESSION_PATHS, _SESSION_SKIP) + fields, extras)


def _custom_field(field: dict) -> Answer:
    """A Checkout custom field labelled by its label (a "Company name" field gives the
    company); a dropdown's value is shown as its option's label."""
    label = as_dict(field.get("label")).get("custom") or field.get("key") or "custom field"
    answer = as_dict(field.get(str(field.get("type"))))
    value = answer.get("value")
    options = map(as_dict, as_list(answer.get("options")))
    labels = {o["value"]: o.get("label") for o in options if isinstance(o.get("value"), str)}
    return Answer(str(label), (labels.get(value) or value) if isinstance(value, str) else value)

"""SHOPIFY: customer webhooks (customers/create, customers/update: the customer at top level)
and order webhooks (orders/create...: the order with its ``customer``). For an order the
customer's fields keep their customer-webhook keys and the order's go under ``order.``."""
from typing import Any

from .base import PayloadError, PersonInput
from .common import answers_from_paths, as_dict, as_list, identified, person_from_answers

# Where each person field is read, best source first, in the record built by _record().
_FIELD_PATHS = {
    "first_name": ("first_name", "order.billing_address.first_name", "order.shipping_address.first_name"),
    "last_name": ("last_name", "order.billing_address.last_name", "order.shipping_address.last_name"),
    "email": ("email", "order.email", "order.contact_email"),
    "phone": (
        "phone", "order.phone", "default_address.phone",
        "order.billing_address.phone", "order.shipping_address.phone",
    ),
    "company": ("default_address.company", "order.billing_address.company", "order.shipping_address.company"),
}
# Identifiers and bookkeeping that tell an admin nothing about the person or the purchase.
_SKIP = (
    "id", "addresses", "admin_graphql_api_id", "tax_exemptions", "multipass_identifier",
    "default_address.id", "default_address.customer_id", "default_address.default",
    "order.admin_graphql_api_id", "order.line_items", "order.shipping_lines", "order.tax_lines",
    "order.discount_applications", "order.fulfillments", "order.refunds", "order.client_details",
    "order.payment_terms", "order.note_attributes", "order.token", "order.cart_token",
    "order.checkout_token", "order.browser_ip", "order.payment_details", "order.billing_address.id",
    "order.shipping_address.id",
)
_ORDER_KEYS = ("line_items", "order_number", "total_price", "financial_status", "checkout_token")
_CUSTOMER_KEYS = ("first_name", "last_name", "email", "phone", "default_address", "addresses")


def process(payload: Any, config: dict) -> list[PersonInput]:
    record = _record(payload)
    answers = answers_from_paths(record, _FIELD_PATHS, _SKIP)
    return identified(person_from_answers(answers, _extras(record)))


def _record(payload: Any) -> dict:
    if isinstance(payload, dict) and any(key in payload for key in _ORDER_KEYS):
        # "*_set" keys repeat each amount in shop and presentment currencies.
        order = {k: v for k, v in payload.items() if k != "customer" and not k.endswith("_set")}
        customer = payload.get("customer")
        return {**(customer if isinstance(customer, dict) else {}), "order": order}
    if isinstance(payload, dict) and any(key in payload for key in _CUSTOMER_KEYS):
        return payload
    raise PayloadError("A SHOPIFY body must be a customer or an order webhook (customers/*, orders/*).")


def _extras(record: dict) -> dict:
    order = as_dict(record.get("order"))
    notes = map(as_dict, as_list(order.get("note_attributes")))
    return {
        "shopify_customer_id": record.get("id"),
        "order.products": [_product(item) for item in map(as_dict, as_list(order.get("line_items"))) if item],
        "order.note_attributes": {str(note.get("name")): note.get("value") for note in notes if note},
    }


def _product(item: dict) -> str:
    title = str(item.get("name") or item.get("title") or "item")
    quantity = item.get("quantity")
    return f"{title} x {quantity}" if isinstance(quantity, int) and quantity != 1 else title

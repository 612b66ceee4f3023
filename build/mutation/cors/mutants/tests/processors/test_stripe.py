import copy

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.stripe import process

CUSTOMER = {
    "id": "cus_NffrFeUfNV2Hib",
    "object": "customer",
    "address": {"city": "Stockholm", "country": "SE", "line1": "Drottninggatan 1", "line2": None,
                "postal_code": "111 51", "state": None},
    "balance": 0,
    "created": 1680893993,
    "currency": None,
    "default_source": None,
    "delinquent": False,
    "description": "Met at Web Summit",
    "discount": None,
    "email": "zoe@example.se",
    "invoice_prefix": "0759376C",
    "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None,
                         "rendering_options": None},
    "livemode": False,
    "metadata": {"company": "Ångström AB", "plan": "pro"},
    "name": "Zoë Ångström",
    "next_invoice_sequence": 1,
    "phone": "+46 70 123 45 67",
    "preferred_locales": ["sv"],
    "shipping": None,
    "tax_exempt": "none",
    "test_clock": None,
}

SESSION = {
    "id": "cs_test_a1b2c3",
    "object": "checkout.session",
    "amount_subtotal": 4900,
    "amount_total": 4900,
    "cancel_url": "https://example.com/cancel",
    "client_reference_id": "lead-42",
    "currency": "eur",
    "customer": "cus_Q1w2e3",
    "customer_creation": "if_required",
    "customer_details": {
        "address": {"city": "Berlin", "country": "DE", "line1": "Unter den Linden 1", "postal_code": "10117"},
        "email": "jonas@example.de",
        "name": "Jonas Müller",
        "phone": "+49 30 1234567",
        "tax_exempt": "none",
        "tax_ids": [],
    },
    "customer_email": None,
    "custom_fields": [
        {"key": "companyname", "label": {"custom": "Company name", "type": "custom"}, "optional": False,
         "type": "text", "text": {"maximum_length": None, "minimum_length": None, "value": "Müller GmbH"}},
        {"key": "size", "label": {"custom": "Team size", "type": "custom"}, "optional": True,
         "type": "dropdown", "dropdown": {"options": [{"label": "1-10", "value": "small"}], "value": "small"}},
    ],
    "metadata": {"campaign": "spring"},
    "mode": "payment",
    "payment_method_types": ["card"],
    "payment_status": "paid",
    "status": "complete",
    "success_url": "https://example.com/thanks",
    "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
    "url": None,
}


def event(obj, event_type="customer.created"):
    """A Stripe event envelope as Stripe documents it."""
    return {
        "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        "object": "event",
        "api_version": "2023-10-16",
        "created": 1686089970,
        "data": {"object": copy.deepcopy(obj)},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": "req_KLNs9mw3OpmwVd", "idempotency_key": "e0a5b0a3-1234"},
        "type": event_type,
    }


def test_it_reads_a_customer_created_event():
    [person] = process(event(CUSTOMER), {})
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", "zoe@example.se", "+46 70 123 45 67")
    assert person.company == "Ångström AB"


def test_it_keeps_the_customers_other_fields_as_attributes():
    [person] = process(event(CUSTOMER), {})
    attributes = person.attributes
    assert attributes["stripe_customer_id"] == "cus_NffrFeUfNV2Hib"
    assert attributes["stripe_event"] == "customer.created"
    assert attributes["address.city"] == "Stockholm"
    assert attributes["metadata.plan"] == "pro"
    assert attributes["description"] == "Met at Web Summit"
    assert attributes["preferred_locales"] == ["sv"]
    assert not {"object", "invoice_prefix", "invoice_settings.footer", "metadata.company", "id"} & set(attributes)


def test_it_reads_a_customer_updated_event_with_previous_attributes():
    payload = event(CUSTOMER, "customer.updated")
    payload["data"]["previous_attributes"] = {"phone": None}
    [person] = process(payload, {})
    assert person.phone == "+46 70 123 45 67"


def test_it_falls_back_on_the_shipping_contact():
    customer = {**CUSTOMER, "name": None, "phone": None,
                "shipping": {"name": "Иван Петров", "phone": "8 (800) 555-35-35", "address": {"city": "Москва"}}}
    [person] = process(event(customer), {})
    assert (person.name, person.phone) == ("Иван Петров", "8 (800) 555-35-35")
    assert person.attributes["shipping.address.city"] == "Москва"


def test_it_reads_a_customer_with_only_an_email():
    customer = {"id": "cus_1", "object": "customer", "email": "solo@example.com", "name": None, "phone": None}
    [person] = process(event(customer), {})
    assert (person.name, person.email, person.phone) == (None, "solo@example.com", None)


def test_it_reads_a_completed_checkout_session():
    [person] = process(event(SESSION, "checkout.session.completed"), {})
    assert (person.name, person.email, person.phone) == ("Jonas Müller", "jonas@example.de", "+49 30 1234567")
    assert person.company == "Müller GmbH"
    attributes = person.attributes
    assert attributes["stripe_customer_id"] == "cus_Q1w2e3"
    assert attributes["checkout_session_id"] == "cs_test_a1b2c3"
    assert attributes["amount_total"] == 4900
    assert attributes["customer_details.address.city"] == "Berlin"
    assert attributes["Team size"] == "1-10"
    assert not {"success_url", "payment_method_types", "total_details.amount_tax"} & set(attributes)


def test_it_reads_a_checkout_customer_email_without_details():
    session = {**SESSION, "customer_details": None, "customer_email": "early@example.com", "custom_fields": []}
    [person] = process(event(session, "checkout.session.completed"), {})
    assert person.email == "early@example.com"


@pytest.mark.parametrize(
    "payload",
    [
        event({"id": "pi_1", "object": "payment_intent", "amount": 2000}, "payment_intent.succeeded"),
        event({"id": "in_1", "object": "invoice", "customer_email": "x@example.com"}, "invoice.paid"),
        event(CUSTOMER, "customer.deleted"),
        event({**SESSION, "customer_details": None, "customer_email": None, "custom_fields": []},
              "checkout.session.expired"),
    ],
)
def test_it_finds_no_one_in_events_without_a_customer(payload):
    assert process(payload, {}) == []


def test_it_reads_a_bare_customer_object():
    [person] = process(copy.deepcopy(CUSTOMER), {})
    assert person.email == "zoe@example.se"


@pytest.mark.parametrize(
    "payload",
    [
        "evt_123",
        None,
        [],
        {},
        {"object": "charge", "id": "ch_1"},
        {"object": "event", "type": "customer.created"},
        {"object": "event", "type": "customer.created", "data": {"object": "cus_1"}},
    ],
)
def test_it_rejects_a_body_that_is_not_a_stripe_event(payload):
    with pytest.raises(PayloadError, match="STRIPE"):
        process(payload, {})


@pytest.mark.parametrize(
    "obj",
    [
        {"object": "customer", "email": None, "metadata": "x", "shipping": "x", "address": [None]},
        {"object": "customer", "metadata": {"company": {"x": 1}}, "name": ["a"]},
        {"object": "checkout.session", "customer_details": "x", "custom_fields": [None, {"type": ["x"]}, "y"]},
    ],
)
def test_it_never_fails_on_odd_values(obj):
    assert process(event(obj, ["odd"]), {}) == []


def test_it_never_fails_on_odd_custom_fields():
    fields = [{"type": "dropdown", "dropdown": {"value": ["x"], "options": [{"value": ["x"]}, None]}},
              {"type": "dropdown", "dropdown": {"value": "a", "options": [{"value": "a", "label": None}]}}]
    session = {**SESSION, "custom_fields": fields}
    [person] = process(event(session, "checkout.session.completed"), {})
    assert person.email == "jonas@example.de"

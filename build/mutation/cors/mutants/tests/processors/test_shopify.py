import copy

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.shopify import process

CUSTOMER = {
    "id": 706405506930370084,
    "email": "bob@biller.com",
    "created_at": "2024-03-20T10:02:11-04:00",
    "updated_at": "2024-03-20T10:02:11-04:00",
    "first_name": "Bob",
    "last_name": "Biller",
    "orders_count": 0,
    "state": "disabled",
    "total_spent": "0.00",
    "last_order_id": None,
    "note": "This customer loves ice cream",
    "verified_email": True,
    "multipass_identifier": None,
    "tax_exempt": False,
    "tags": "vip, wholesale",
    "last_order_name": None,
    "currency": "USD",
    "phone": None,
    "addresses": [{"id": 1, "address1": "123 Elm St."}],
    "tax_exemptions": [],
    "email_marketing_consent": {"state": "subscribed", "opt_in_level": "single_opt_in", "consent_updated_at": None},
    "sms_marketing_consent": None,
    "admin_graphql_api_id": "gid://shopify/Customer/706405506930370084",
    "default_address": {
        "id": 1, "customer_id": 706405506930370084, "first_name": None, "last_name": None,
        "company": "Biller & Sons", "address1": "123 Elm St.", "address2": None, "city": "Ottawa",
        "province": "Ontario", "country": "Canada", "zip": "K2H7A8", "phone": "123-123-1234", "name": "",
        "province_code": "ON", "country_code": "CA", "country_name": "Canada", "default": True,
    },
}

ORDER = {
    "id": 820982911946154508,
    "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
    "name": "#1001",
    "order_number": 1001,
    "email": "jon@example.com",
    "contact_email": "jon@example.com",
    "phone": None,
    "created_at": "2024-04-01T12:00:00-04:00",
    "currency": "EUR",
    "total_price": "398.00",
    "financial_status": "paid",
    "fulfillment_status": None,
    "tags": "",
    "note": "Leave at the door",
    "note_attributes": [{"name": "gift_wrap", "value": "yes"}],
    "token": "123456abcd",
    "browser_ip": "203.0.113.7",
    "billing_address": {
        "first_name": "Jon", "last_name": "Snow", "address1": "123 Amoebobacterieae St", "phone": "+49 30 901820",
        "city": "Berlin", "zip": "10115", "province": None, "country": "Germany", "company": "Nights Watch",
        "name": "Jon Snow", "country_code": "DE",
    },
    "shipping_address": {"first_name": "Jon", "last_name": "Snow", "city": "Berlin", "phone": "555-625-1199"},
    "line_items": [
        {"id": 1, "title": "Ice cream", "name": "Ice cream - Vanilla", "quantity": 2, "price": "199.00"},
        {"id": 2, "title": "Cone", "name": "Cone", "quantity": 1, "price": "0.00"},
    ],
    "shipping_lines": [{"title": "Standard", "price": "0.00"}],
    "total_price_set": {"shop_money": {"amount": "398.00", "currency_code": "EUR"}},
    "customer": {
        "id": 115310627314723954,
        "email": "jon@example.com",
        "first_name": "Jon",
        "last_name": "Snow",
        "phone": None,
        "tags": "",
        "default_address": {"id": 5, "company": None, "phone": None, "city": "Berlin"},
    },
}


def test_it_reads_a_customer_webhook():
    [person] = process(copy.deepcopy(CUSTOMER), {})
    assert (person.name, person.first_name, person.last_name) == ("Bob Biller", "Bob", "Biller")
    assert (person.email, person.phone, person.company) == ("bob@biller.com", "123-123-1234", "Biller & Sons")


def test_it_keeps_the_customers_other_fields_as_attributes():
    [person] = process(copy.deepcopy(CUSTOMER), {})
    attributes = person.attributes
    assert attributes["shopify_customer_id"] == 706405506930370084
    assert attributes["tags"] == "vip, wholesale"
    assert attributes["note"] == "This customer loves ice cream"
    assert attributes["default_address.city"] == "Ottawa"
    assert attributes["email_marketing_consent.state"] == "subscribed"
    assert attributes["verified_email"] is True
    assert not {"admin_graphql_api_id", "addresses.0.address1", "default_address.id", "id"} & set(attributes)


def test_it_prefers_the_customers_own_phone():
    [person] = process({**copy.deepcopy(CUSTOMER), "phone": "+16135550135"}, {})
    assert person.phone == "+16135550135"
    assert person.attributes["default_address.phone"] == "123-123-1234"


def test_it_reads_the_customer_of_an_order():
    [person] = process(copy.deepcopy(ORDER), {})
    assert (person.name, person.email) == ("Jon Snow", "jon@example.com")
    assert (person.phone, person.company) == ("+49 30 901820", "Nights Watch")


def test_it_keeps_the_order_under_order_keys():
    [person] = process(copy.deepcopy(ORDER), {})
    attributes = person.attributes
    assert attributes["shopify_customer_id"] == 115310627314723954
    assert attributes["order.name"] == "#1001"
    assert attributes["order.total_price"] == "398.00"
    assert attributes["order.products"] == ["Ice cream - Vanilla x 2", "Cone"]
    assert attributes["order.note_attributes.gift_wrap"] == "yes"
    assert attributes["order.shipping_address.phone"] == "555-625-1199"
    assert "order.email" not in attributes  # the same email as the person's
    assert not any(key.startswith(("order.line_items", "order.token", "order.browser_ip")) for key in attributes)


def test_it_reads_a_guest_order_without_customer():
    order = {**copy.deepcopy(ORDER), "customer": None, "email": "guest@example.jp"}
    order["billing_address"].update(first_name="花子", last_name="佐藤", phone=None, company=None)
    [person] = process(order, {})
    assert (person.name, person.email, person.phone, person.company) == (
        "花子 佐藤", "guest@example.jp", "555-625-1199", None,
    )


def test_it_reads_a_customer_without_email_or_phone():
    customer = {**copy.deepcopy(CUSTOMER), "email": None, "default_address": None}
    [person] = process(customer, {})
    assert (person.name, person.email, person.phone) == ("Bob Biller", None, None)


def test_it_finds_no_one_in_an_order_without_contact_details():
    assert process({"id": 1, "order_number": 1002, "line_items": [], "customer": None}, {}) == []


@pytest.mark.parametrize("payload", ["customers/create", None, [], {}, {"id": 1, "title": "A product"}])
def test_it_rejects_a_body_that_is_not_a_customer_or_an_order(payload):
    with pytest.raises(PayloadError, match="SHOPIFY"):
        process(payload, {})


@pytest.mark.parametrize(
    "payload",
    [
        {"email": None, "default_address": "x", "addresses": None},
        {"line_items": "x", "customer": [], "note_attributes": [None, {"name": None}], "billing_address": 3},
        {"order_number": 1, "line_items": [None, {"quantity": "2"}], "customer": {"first_name": {"x": 1}}},
    ],
)
def test_it_never_fails_on_odd_values(payload):
    assert isinstance(process(payload, {}), list)

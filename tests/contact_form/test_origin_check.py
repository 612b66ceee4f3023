"""The origin checker's explanations, table-driven: allowed or not and exactly why."""
from datetime import datetime, timedelta

import pytest

from svit_appliance.contact_form.origin_check import check_page, token_state

NOW = datetime(2026, 12, 1, 12, 0)
ACTIVE = token_state(None, None, True, NOW)
APPLIANCE = "https://crm.acme.example"


@pytest.mark.parametrize("page, allowed, expected", [
    ("https://shop.example/contact?x=1", ["https://shop.example"], "https://shop.example is allowed as https://shop.example"),
    ("https://eu.shop.example/", ["https://*.shop.example"],
     "https://eu.shop.example is allowed by the subdomain wildcard https://*.shop.example"),
    ("https://shop.example", ["https://*.shop.example"], "https://shop.example is not allowed: https://*.shop.example "
     "covers the subdomains of shop.example, not shop.example itself: add https://shop.example too"),
    ("http://shop.example", ["https://shop.example"], "http://shop.example is not allowed: the scheme differs: "
     "https://shop.example is listed, the page is http:// (browsers send http://shop.example)"),
    ("https://shop.example:8443/form", ["https://shop.example"], "https://shop.example:8443 is not allowed: the port "
     "differs: https://shop.example is listed, the page is on port 8443 (browsers send https://shop.example:8443)"),
    ("https://www.shop.example", ["https://shop.example"], "https://www.shop.example is not allowed: www.shop.example "
     "is another origin than shop.example: add https://www.shop.example, or allow every subdomain with "
     "https://*.shop.example"),
    ("https://shop.example", ["https://www.shop.example"], "https://shop.example is not allowed: shop.example is "
     "another origin than www.shop.example: add https://shop.example"),
    ("https://other.example", ["https://shop.example", "https://b.example"],
     "https://other.example is not allowed: the allow-list holds https://shop.example, https://b.example"),
    ("https://shop.example:443/", [], "https://shop.example is not allowed: the allow-list holds nothing (the "
     "allow-list is empty)"),
])
def test_it_says_whether_and_why_an_origin_is_allowed(page, allowed, expected):
    check = check_page(page, allowed, ACTIVE, APPLIANCE)
    assert check.findings[0].text == expected
    assert check.allowed == expected.split(" is ")[1].startswith("allowed")


def test_it_says_the_path_does_not_matter():
    check = check_page("https://shop.example/contact/?ref=ad", ["https://shop.example"], ACTIVE, APPLIANCE)
    assert [f.text for f in check.findings if f.topic == "path"] == [
        "the path /contact/?ref=ad does not matter: browsers send only the origin https://shop.example"]


def test_it_warns_of_mixed_content_from_an_https_page_to_an_http_appliance():
    check = check_page("https://shop.example", ["https://shop.example"], ACTIVE, "http://crm.acme.example:8000")
    [mixed] = [f for f in check.findings if f.topic == "mixed-content"]
    assert not mixed.ok and not check.allowed
    assert mixed.text.startswith("the page is https and the appliance is http://crm.acme.example:8000 (http): "
                                 "browsers block the post as mixed content")
    assert check_page("https://shop.example", ["https://shop.example"], ACTIVE, "http://127.0.0.1:8000").allowed


@pytest.mark.parametrize("state, text", [
    (token_state(NOW, None, True, NOW), "the client token is revoked: create a new one and update the snippet"),
    (token_state(None, NOW - timedelta(days=1), True, NOW), "the client token has expired: create a new one and "
                                                            "update the snippet"),
    (token_state(None, None, False, NOW), "the client token is disabled"),
])
def test_it_says_when_the_token_would_refuse(state, text):
    check = check_page("https://shop.example", ["https://shop.example"], state, APPLIANCE)
    assert (check.allowed, check.findings[-1].text) == (False, text)


def test_it_refuses_what_is_not_a_page_url():
    check = check_page("shop.example/contact", ["https://shop.example"], ACTIVE, APPLIANCE)
    assert (check.origin, check.allowed) == (None, False)
    assert check.findings[0].text.startswith("'shop.example/contact' is not a page URL: an origin looks like")

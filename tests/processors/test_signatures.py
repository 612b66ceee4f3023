import base64
import hashlib
import hmac

import pytest
from multidict import CIMultiDict

from svit_appliance.processors.signatures import (
    HUBSPOT_TOLERANCE,
    SCHEMES,
    URL_SCHEMES,
    WPFORMS_TOLERANCE,
    RequestLine,
    SignatureError,
    replay_key,
    signature_header,
    signature_header_present,
    verify_signature,
)

SECRET = "whsec_test_secret"
BODY = b'{"email": "jane@example.com", "name": "Jane \xc3\x98"}'
NOW = 1_700_000_000.0


def _digest(secret, message):
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def _b64(secret, message):
    return base64.b64encode(_digest(secret, message)).decode()


def _hex(secret, message):
    return _digest(secret, message).hex()


def sign_typeform(secret, body, signed_at):
    return {"Typeform-Signature": "sha256=" + _b64(secret, body)}


def sign_tally(secret, body, signed_at):
    return {"Tally-Signature": _b64(secret, body)}


def sign_shopify(secret, body, signed_at):
    return {"X-Shopify-Hmac-Sha256": _b64(secret, body)}


def sign_webflow(secret, body, signed_at):
    timestamp = str(int(signed_at * 1000))
    return {
        "x-webflow-timestamp": timestamp,
        "x-webflow-signature": _hex(secret, f"{timestamp}:".encode() + body),
    }


def sign_calendly(secret, body, signed_at):
    t = str(int(signed_at))
    return {"Calendly-Webhook-Signature": f"t={t},v1={_hex(secret, f'{t}.'.encode() + body)}"}


def sign_stripe(secret, body, signed_at):
    t = str(int(signed_at))
    return {"Stripe-Signature": f"t={t},v1={_hex(secret, f'{t}.'.encode() + body)}"}


def sign_wpforms(secret, body, signed_at):
    t = str(int(signed_at))
    return {"X-WPForms-Webhook-Signature": f"t={t},v={_hex(secret, f'{t}.'.encode() + body)}"}


def sign_facebook(secret, body, signed_at):
    return {"X-Hub-Signature-256": "sha256=" + _hex(secret, body)}


SIGNERS = {
    "typeform": sign_typeform,
    "tally": sign_tally,
    "webflow": sign_webflow,
    "calendly": sign_calendly,
    "shopify": sign_shopify,
    "stripe": sign_stripe,
    "wpforms": sign_wpforms,
    "facebook": sign_facebook,
}

SIGNATURE_HEADERS = {
    "typeform": "Typeform-Signature",
    "tally": "Tally-Signature",
    "webflow": "X-Webflow-Signature",
    "calendly": "Calendly-Webhook-Signature",
    "shopify": "X-Shopify-Hmac-Sha256",
    "stripe": "Stripe-Signature",
    "wpforms": "X-WPForms-Webhook-Signature",
    "facebook": "X-Hub-Signature-256",
}

TOLERANCES = {"webflow": 300, "calendly": 180, "stripe": 300, "wpforms": 300}

ALL = sorted(SIGNERS)


def signed(scheme, secret=SECRET, body=BODY, signed_at=NOW):
    return SIGNERS[scheme](secret, body, signed_at)


def rejection(scheme, headers, body=BODY, now=NOW, secret=SECRET):
    with pytest.raises(SignatureError) as caught:
        verify_signature(scheme, secret, headers, body, now)
    return str(caught.value)


def test_it_offers_exactly_the_documented_schemes():
    assert sorted(SCHEMES) == ALL


@pytest.mark.parametrize("scheme", ALL)
def test_it_accepts_a_valid_signature(scheme):
    assert verify_signature(scheme, SECRET, signed(scheme), BODY, NOW) is None


@pytest.mark.parametrize("scheme", ALL)
def test_it_accepts_an_empty_body_when_signed(scheme):
    verify_signature(scheme, SECRET, signed(scheme, body=b""), b"", NOW)


@pytest.mark.parametrize("scheme", ALL)
def test_it_rejects_a_tampered_body(scheme):
    tampered = BODY.replace(b"jane", b"john")
    assert rejection(scheme, signed(scheme), body=tampered) == "Signature does not match"


@pytest.mark.parametrize("scheme", ALL)
def test_it_rejects_a_signature_made_with_another_secret(scheme):
    headers = signed(scheme, secret="someone-else")
    assert rejection(scheme, headers) == "Signature does not match"


@pytest.mark.parametrize("scheme", ALL)
def test_it_rejects_a_missing_signature_header(scheme):
    name = SIGNATURE_HEADERS[scheme]
    headers = {k: v for k, v in signed(scheme).items() if k.lower() != name.lower()}
    assert rejection(scheme, headers) == f"Missing {name} header"


def test_it_rejects_a_webflow_request_without_its_timestamp():
    headers = signed("webflow")
    del headers["x-webflow-timestamp"]
    assert rejection("webflow", headers) == "Missing X-Webflow-Timestamp header"


@pytest.mark.parametrize("scheme", ALL)
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_it_finds_headers_whatever_their_case(scheme, case):
    headers = {case(name): value for name, value in signed(scheme).items()}
    verify_signature(scheme, SECRET, headers, BODY, NOW)


@pytest.mark.parametrize("scheme", ALL)
def test_it_reads_multidict_headers_like_sanics(scheme):
    headers = CIMultiDict({"Content-Type": "application/json", **signed(scheme)})
    verify_signature(scheme, SECRET, headers, BODY, NOW)


@pytest.mark.parametrize("scheme, tolerance", sorted(TOLERANCES.items()))
def test_it_rejects_a_signature_older_than_the_tolerance(scheme, tolerance):
    headers = signed(scheme, signed_at=NOW - tolerance - 1)
    message = rejection(scheme, headers)
    assert message == f"Signature timestamp outside the {tolerance} s tolerance"


@pytest.mark.parametrize("scheme, tolerance", sorted(TOLERANCES.items()))
def test_it_accepts_a_signature_at_the_edge_of_the_tolerance(scheme, tolerance):
    headers = signed(scheme, signed_at=NOW - tolerance)
    verify_signature(scheme, SECRET, headers, BODY, NOW)


@pytest.mark.parametrize("scheme", sorted(TOLERANCES))
def test_it_accepts_a_timestamp_ahead_of_our_clock(scheme):
    verify_signature(scheme, SECRET, signed(scheme, signed_at=NOW + 60), BODY, NOW)
    verify_signature(scheme, SECRET, signed(scheme, signed_at=NOW + 300), BODY, NOW)


@pytest.mark.parametrize("scheme", sorted(TOLERANCES))
@pytest.mark.parametrize("ahead", [301, 3600, 1e9])
def test_it_rejects_a_timestamp_more_than_five_minutes_ahead(scheme, ahead):
    message = rejection(scheme, signed(scheme, signed_at=NOW + ahead))
    assert message == "Signature timestamp more than 300 s ahead of our clock"


def test_it_names_a_delivery_by_the_providers_delivery_id_where_there_is_one():
    first = replay_key("shopify", {"X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}, BODY)
    assert first == "shopify-delivery:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
    assert replay_key("shopify", {"x-shopify-webhook-id": "other"}, BODY) != first


@pytest.mark.parametrize("scheme", ALL)
def test_it_names_a_delivery_without_an_id_by_its_body_digest(scheme):
    key = replay_key(scheme, {"X-Shopify-Webhook-Id": "\x00" if scheme == "shopify" else "ignored"}, BODY)
    assert key == "sha256:" + hashlib.sha256(BODY).hexdigest()
    assert replay_key(scheme, {}, BODY + b" ") != key


@pytest.mark.parametrize("scheme", ["typeform", "tally", "shopify"])
def test_it_has_no_tolerance_for_schemes_without_a_timestamp(scheme):
    verify_signature(scheme, SECRET, signed(scheme), BODY, NOW + 10 * 365 * 86400)


@pytest.mark.parametrize("scheme", sorted(TOLERANCES))
def test_it_rejects_a_timestamp_changed_after_signing(scheme):
    name = SIGNATURE_HEADERS[scheme]
    headers = signed(scheme)
    if scheme == "webflow":
        headers["x-webflow-timestamp"] = str(int(NOW * 1000) + 1)
    else:
        headers[name] = headers[name].replace(f"t={int(NOW)}", f"t={int(NOW) + 1}")
    assert rejection(scheme, headers) == "Signature does not match"


def test_it_accepts_any_matching_stripe_v1_signature():
    t = str(int(NOW))
    good = _hex(SECRET, f"{t}.".encode() + BODY)
    old = _hex("rolled-secret", f"{t}.".encode() + BODY)
    headers = {"Stripe-Signature": f"t={t},v1={old},v1={good},v0={'0' * 64}"}
    verify_signature("stripe", SECRET, headers, BODY, NOW)


def test_it_ignores_stripe_v0_signatures():
    t = str(int(NOW))
    good = _hex(SECRET, f"{t}.".encode() + BODY)
    headers = {"Stripe-Signature": f"t={t},v1={'0' * 64},v0={good}"}
    assert rejection("stripe", headers) == "Signature does not match"


def test_it_reads_a_typeform_signature_with_a_plain_dict():
    signature = base64.b64encode(
        hmac.new(b"abc123", b'{"a":1}', hashlib.sha256).digest()).decode()
    headers = {"typeform-signature": f"sha256={signature}"}
    verify_signature("typeform", "abc123", headers, b'{"a":1}', NOW)


MALFORMED = [
    ("typeform", {"Typeform-Signature": ""}),
    ("typeform", {"Typeform-Signature": "garbage"}),
    ("typeform", {"Typeform-Signature": "sha1=" + _b64(SECRET, BODY)}),
    ("typeform", {"Typeform-Signature": _b64(SECRET, BODY)}),
    ("typeform", {"Typeform-Signature": "sha256=not base64!"}),
    ("typeform", {"Typeform-Signature": "sha256=" + _b64(SECRET, BODY)[:-2]}),
    ("tally", {"Tally-Signature": "%%%"}),
    ("tally", {"Tally-Signature": _hex(SECRET, BODY) + "!"}),
    ("tally", {"Tally-Signature": "é" * 44}),
    ("tally", {"Tally-Signature": b"bytes-are-not-a-header-value"}),
    ("shopify", {"X-Shopify-Hmac-Sha256": "abc"}),
    ("shopify", {"X-Shopify-Hmac-Sha256": "\ud800"}),
    ("webflow", {"x-webflow-timestamp": "soon", "x-webflow-signature": "00" * 32}),
    ("webflow", {"x-webflow-timestamp": "-5", "x-webflow-signature": "00" * 32}),
    ("webflow", {"x-webflow-timestamp": "1e12", "x-webflow-signature": "00" * 32}),
    ("webflow", {"x-webflow-timestamp": "\u0661\u0662", "x-webflow-signature": "00" * 32}),
    ("webflow", {"x-webflow-timestamp": "9" * 400, "x-webflow-signature": "00" * 32}),
    ("webflow", {"x-webflow-timestamp": "1700000000000", "x-webflow-signature": "xyz"}),
    ("webflow", {"x-webflow-timestamp": "1700000000000", "x-webflow-signature": "abc"}),
    ("calendly", {"Calendly-Webhook-Signature": ""}),
    ("calendly", {"Calendly-Webhook-Signature": "garbage"}),
    ("calendly", {"Calendly-Webhook-Signature": "t=1700000000"}),
    ("calendly", {"Calendly-Webhook-Signature": "v1=" + "00" * 32}),
    ("calendly", {"Calendly-Webhook-Signature": "t=now,v1=" + "00" * 32}),
    ("calendly", {"Calendly-Webhook-Signature": "t=1700000000,v1=zz"}),
    ("calendly", {"Calendly-Webhook-Signature": "t=1700000000,v1"}),
    ("calendly", {"Calendly-Webhook-Signature": ",,,"}),
    ("stripe", {"Stripe-Signature": "t=1700000000,v0=" + "00" * 32}),
    ("stripe", {"Stripe-Signature": "t=1,t=1700000000,v1=" + "00" * 32}),
    ("stripe", {"Stripe-Signature": "t=,v1=" + "00" * 32}),
    ("stripe", {"Stripe-Signature": "t=1700000000,v1=" + "0" * 63}),
    ("stripe", {"Stripe-Signature": "t=1700000000;v1=" + "00" * 32}),
    ("stripe", {"Stripe-Signature": "t=-1700000000,v1=" + "00" * 32}),
]


@pytest.mark.parametrize("scheme, headers", MALFORMED)
def test_it_rejects_malformed_signature_headers(scheme, headers):
    assert rejection(scheme, headers).startswith("Malformed ")


GARBAGE = ["", " ", "=", ",", "t=", "v1=", "sha256=", "\x00", "\u202e", "a" * 10_000,
           "t=1,v1=1", "sha256==", "====", "t=99999999999999999999,v1=00"]


@pytest.mark.parametrize("scheme", ALL)
@pytest.mark.parametrize("value", GARBAGE)
def test_it_raises_only_signature_errors_for_garbage(scheme, value):
    headers = {name: value for name in signed(scheme)}
    rejection(scheme, headers)


@pytest.mark.parametrize("scheme", ALL)
def test_it_rejects_an_empty_secret(scheme):
    headers = signed(scheme, secret="")
    assert rejection(scheme, headers, secret="") == "No signing secret is configured"


def test_it_rejects_an_unknown_scheme():
    assert rejection("jotform", {}).startswith("Unknown signature scheme")


@pytest.mark.parametrize("scheme", ALL)
def test_it_sees_a_signature_header_whatever_its_case(scheme):
    name = SIGNATURE_HEADERS[scheme]
    assert signature_header_present(scheme, {name.upper(): "x"})
    assert signature_header_present(scheme, CIMultiDict({name.lower(): "x"}))


@pytest.mark.parametrize("scheme", ALL)
def test_it_sees_no_signature_header_when_absent(scheme):
    headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
    assert not signature_header_present(scheme, headers)


def test_it_sees_no_signature_header_for_an_unknown_scheme():
    assert not signature_header_present("webhook", {"Typeform-Signature": "x"})


@pytest.mark.parametrize("scheme", ALL)
def test_it_looks_for_the_signature_header_verification_reads(scheme):
    assert signature_header_present(scheme, signed(scheme))


# The newer providers: HubSpot v3 signs method, URL, body and timestamp; Meta (Facebook)
# X-Hub-Signature-256; WPForms' Webhooks addon. Each built from the documented algorithm.

EVENTS_BODY = '[{"objectId": 123, "propertyName": "email", "propertyValue": "zoë@example.com"}]'.encode()
URL = "https://crm.example/api/v1/external/ingest/int_1?project=p%3A1"
LINE = RequestLine("POST", URL)


def hubspot(secret=SECRET, body=EVENTS_BODY, signed_at=NOW, method="POST", uri=None):
    """HubSpot: base64 HMAC-SHA256(client secret, method + URI + body + timestamp in ms), the
    URI with the %-escapes HubSpot lists decoded (here %3A is ":")."""
    timestamp = str(int(signed_at * 1000))
    uri = uri or URL.replace("%3A", ":")
    digest = hmac.new(secret.encode(), method.encode() + uri.encode() + body + timestamp.encode(), hashlib.sha256).digest()
    return {"X-HubSpot-Signature-v3": base64.b64encode(digest).decode(), "X-HubSpot-Request-Timestamp": timestamp}


def facebook(secret=SECRET, body=EVENTS_BODY):
    """Meta: sha256=<hex HMAC-SHA256(app secret, raw body)>."""
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def wpforms(secret=SECRET, body=EVENTS_BODY, signed_at=NOW):
    """WPForms Process::generate_signature: t=<seconds>,v=<hex HMAC-SHA256(secret, "t.body")>."""
    t = str(int(signed_at))
    signature = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"X-WPForms-Webhook-Signature": f"t={t},v={signature}"}


def test_it_accepts_a_hubspot_v3_signature_of_method_url_body_and_timestamp():
    assert verify_signature("hubspot", SECRET, hubspot(), EVENTS_BODY, NOW, LINE) is None


def test_it_reads_hubspot_headers_in_any_case():
    headers = {name.lower(): value for name, value in hubspot().items()}
    assert verify_signature("hubspot", SECRET, headers, EVENTS_BODY, NOW, LINE) is None


@pytest.mark.parametrize(
    "headers, line",
    [
        (hubspot(method="GET"), LINE),
        (hubspot(uri="https://crm.example/other"), LINE),
        (hubspot(body=b"{}"), LINE),
        (hubspot(secret="other"), LINE),
        (hubspot(), RequestLine("POST", "https://crm.example/api/v1/external/ingest/int_2")),
    ],
)
def test_it_rejects_a_hubspot_signature_of_anything_else(headers, line):
    with pytest.raises(SignatureError, match="does not match"):
        verify_signature("hubspot", SECRET, headers, EVENTS_BODY, NOW, line)


def test_it_rejects_a_stale_hubspot_signature_and_accepts_one_just_in_time():
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature("hubspot", SECRET, hubspot(signed_at=NOW - HUBSPOT_TOLERANCE - 1), EVENTS_BODY, NOW, LINE)
    assert verify_signature("hubspot", SECRET, hubspot(signed_at=NOW - HUBSPOT_TOLERANCE), EVENTS_BODY, NOW, LINE) is None


def test_it_needs_the_request_line_to_check_a_hubspot_signature():
    with pytest.raises(SignatureError, match="URL"):
        verify_signature("hubspot", SECRET, hubspot(), EVENTS_BODY, NOW)


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-HubSpot-Signature-v3": "%%%", "X-HubSpot-Request-Timestamp": "1"},
     {"X-HubSpot-Signature-v3": "YQ==", "X-HubSpot-Request-Timestamp": "soon"}],
)
def test_it_rejects_missing_or_malformed_hubspot_headers(headers):
    with pytest.raises(SignatureError):
        verify_signature("hubspot", SECRET, headers, EVENTS_BODY, NOW, LINE)


def test_it_accepts_a_facebook_signature_and_rejects_others():
    assert verify_signature("facebook", SECRET, facebook(), EVENTS_BODY, NOW) is None
    with pytest.raises(SignatureError, match="does not match"):
        verify_signature("facebook", SECRET, facebook(secret="other"), EVENTS_BODY, NOW)
    with pytest.raises(SignatureError, match="Malformed"):
        verify_signature("facebook", SECRET, {"X-Hub-Signature-256": "sha1=abc"}, EVENTS_BODY, NOW)


def test_it_accepts_a_wpforms_signature_and_rejects_stale_or_foreign_ones():
    assert verify_signature("wpforms", SECRET, wpforms(), EVENTS_BODY, NOW) is None
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature("wpforms", SECRET, wpforms(signed_at=NOW - WPFORMS_TOLERANCE - 1), EVENTS_BODY, NOW)
    with pytest.raises(SignatureError, match="does not match"):
        verify_signature("wpforms", SECRET, wpforms(body=b"name=x"), EVENTS_BODY, NOW)
    with pytest.raises(SignatureError, match="Malformed"):
        verify_signature("wpforms", SECRET, {"X-WPForms-Webhook-Signature": "t=1,v1=ab"}, EVENTS_BODY, NOW)


def test_it_lets_body_schemes_ignore_the_request_line():
    assert verify_signature("facebook", SECRET, facebook(), EVENTS_BODY, NOW, LINE) is None


@pytest.mark.parametrize(
    "scheme, header",
    [("hubspot", "X-HubSpot-Signature-v3"), ("facebook", "X-Hub-Signature-256"), ("wpforms", "X-WPForms-Webhook-Signature")],
)
def test_it_names_each_new_schemes_header(scheme, header):
    assert signature_header(scheme) == header
    assert signature_header_present(scheme, {header.upper(): "x"})


def test_it_keeps_url_schemes_apart_from_body_schemes():
    assert set(URL_SCHEMES) == {"hubspot"}
    assert not set(URL_SCHEMES) & set(SCHEMES)
    assert {"facebook", "wpforms"} <= set(SCHEMES)

"""Provider webhook signatures: how an integration's signing secret authenticates a request.

Providers that cannot send an Authorization header sign the raw body with a shared secret
instead. Each scheme follows the provider's documentation; timestamped schemes reject
signatures older than their tolerance (Webflow and Stripe document 5 minutes; Calendly
asks for one without a number, and 3 minutes is the usual choice; HubSpot documents 5
minutes, WPForms signs "like Stripe" and so gets Stripe's 5). A timestamp ahead of our
clock is accepted up to ``FUTURE_TOLERANCE`` (clocks drift, and Stripe's own library accepts
any): further ahead, a captured request could be replayed for as long as it names.

Most schemes sign the body (and a timestamp); HubSpot's v3 also signs the request's method
and URL, which the caller passes as a ``RequestLine``.

A provider retries a delivery it thinks failed; ``replay_key`` names one delivery (the provider's
delivery id where it sends one, else the body's digest) so the accept path can answer a repeat
like a repeated ``Idempotency-Key``.
"""
import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

WEBFLOW_TOLERANCE = 300
CALENDLY_TOLERANCE = 180
STRIPE_TOLERANCE = 300
HUBSPOT_TOLERANCE = 300
WPFORMS_TOLERANCE = 300
FUTURE_TOLERANCE = 300

_DIGITS = re.compile(r"[0-9]{1,20}")


class SignatureError(Exception):
    """The request's signature is missing, malformed, stale, or does not match.

    The message is a short human detail, safe to show to the sender.
    """


@dataclass(frozen=True)
class RequestLine:
    """What a provider may sign besides headers and body: the method and the URL it called,
    as it called it (scheme, host, path and query, before any proxy rewrote them)."""

    method: str
    url: str


def verify_signature(scheme: str, secret: str, headers: Mapping[str, str], body: bytes,
                     now: float, request_line: RequestLine | None = None) -> None:
    """Raise SignatureError unless `body` carries a valid `scheme` signature by `secret`.

    `headers` is any mapping (names are matched case-insensitively); `now` is Unix seconds;
    `request_line` is required by the schemes that sign the URL (URL_SCHEMES).
    """
    verify = SCHEMES.get(scheme) or URL_SCHEMES.get(scheme)
    if verify is None:
        raise SignatureError(f"Unknown signature scheme {scheme!r}")
    # An empty key is one anybody can sign with.
    if not secret:
        raise SignatureError("No signing secret is configured")
    if scheme in URL_SCHEMES:
        if request_line is None:
            raise SignatureError(f"The {scheme} signature covers the request URL, which was not given")
        URL_SCHEMES[scheme](secret.encode(), headers, body, now, request_line)
    else:
        verify(secret.encode(), headers, body, now)


def signature_header_present(scheme: str, headers: Mapping[str, str]) -> bool:
    """Whether the request carries `scheme`'s signature header at all."""
    name = _SIGNATURE_HEADERS.get(scheme)
    return name is not None and _find_header(headers, name) is not None


def signature_header(scheme: str) -> str | None:
    """The header that carries `scheme`'s signature, e.g. ``Typeform-Signature``."""
    return _SIGNATURE_HEADERS.get(scheme)


def verify_typeform(secret: bytes, headers, body: bytes, now: float) -> None:
    """Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>."""
    value = _header(headers, "Typeform-Signature")
    prefix, _, signature = value.partition("=")
    if prefix != "sha256":
        raise _malformed("Typeform-Signature")
    _check(_hmac(secret, body), [_from_base64(signature, "Typeform-Signature")])


def verify_tally(secret: bytes, headers, body: bytes, now: float) -> None:
    """Tally-Signature: <base64 HMAC-SHA256(secret, body)>."""
    signature = _from_base64(_header(headers, "Tally-Signature"), "Tally-Signature")
    _check(_hmac(secret, body), [signature])


def verify_shopify(secret: bytes, headers, body: bytes, now: float) -> None:
    """X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(secret, body)>."""
    name = "X-Shopify-Hmac-Sha256"
    _check(_hmac(secret, body), [_from_base64(_header(headers, name), name)])


def verify_webflow(secret: bytes, headers, body: bytes, now: float) -> None:
    """X-Webflow-Signature: hex HMAC-SHA256(secret, f"{X-Webflow-Timestamp}:{body}").

    The timestamp is in milliseconds.
    """
    signature = _from_hex(_header(headers, "X-Webflow-Signature"), "X-Webflow-Signature")
    timestamp = _header(headers, "X-Webflow-Timestamp")
    milliseconds = _timestamp(timestamp, "X-Webflow-Timestamp")
    _check(_hmac(secret, timestamp.encode() + b":" + body), [signature])
    _check_age(milliseconds / 1000, now, WEBFLOW_TOLERANCE)


def verify_calendly(secret: bytes, headers, body: bytes, now: float) -> None:
    """Calendly-Webhook-Signature: t=<seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>."""
    _verify_t_v1("Calendly-Webhook-Signature", CALENDLY_TOLERANCE, secret, headers, body, now)


def verify_stripe(secret: bytes, headers, body: bytes, now: float) -> None:
    """Stripe-Signature: t=<seconds>,v1=<hex>[,v1=...]; any v1 of f"{t}.{body}" accepts.

    v0 (test-mode, SHA-1-era) entries are ignored, as Stripe's libraries do.
    """
    _verify_t_v1("Stripe-Signature", STRIPE_TOLERANCE, secret, headers, body, now)


def verify_wpforms(secret: bytes, headers, body: bytes, now: float) -> None:
    """X-WPForms-Webhook-Signature: t=<seconds>,v=<hex HMAC-SHA256(secret, f"{t}.{body}")>.

    The addon signs the body it sends when its format is JSON; for a form-encoded request it
    signs its own JSON encoding of the fields instead, which cannot be rebuilt here: such
    integrations authenticate with a header token instead.
    """
    _verify_t_v1("X-WPForms-Webhook-Signature", WPFORMS_TOLERANCE, secret, headers, body, now, "v")


def verify_facebook(secret: bytes, headers, body: bytes, now: float) -> None:
    """X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)> (Meta webhooks)."""
    name = "X-Hub-Signature-256"
    prefix, _, signature = _header(headers, name).partition("=")
    if prefix != "sha256":
        raise _malformed(name)
    _check(_hmac(secret, body), [_from_hex(signature, name)])


def verify_hubspot(secret: bytes, headers, body: bytes, now: float, request_line: RequestLine) -> None:
    """X-HubSpot-Signature-v3: base64 HMAC-SHA256(client secret, method + URI + body +
    timestamp), X-HubSpot-Request-Timestamp in milliseconds; the URI with the %-escapes
    HubSpot lists decoded (_HUBSPOT_DECODED)."""
    name, timestamp_name = "X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"
    signature = _from_base64(_header(headers, name), name)
    timestamp = _header(headers, timestamp_name)
    milliseconds = _timestamp(timestamp, timestamp_name)
    uri = _HUBSPOT_ESCAPES.sub(lambda m: _HUBSPOT_DECODED[m.group(0).upper()], request_line.url)
    message = request_line.method.upper().encode() + uri.encode() + body + timestamp.encode()
    _check(_hmac(secret, message), [signature])
    _check_age(milliseconds / 1000, now, HUBSPOT_TOLERANCE)


_HUBSPOT_DECODED = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(",
    "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}
_HUBSPOT_ESCAPES = re.compile("|".join(_HUBSPOT_DECODED), re.IGNORECASE)


def _verify_t_v1(name: str, tolerance: int, secret: bytes, headers, body: bytes,
                 now: float, signature_key: str = "v1") -> None:
    timestamp, signatures = _parse_t_v1(_header(headers, name), name, signature_key)
    seconds = _timestamp(timestamp, name)
    _check(_hmac(secret, timestamp.encode() + b"." + body), signatures)
    _check_age(seconds, now, tolerance)


def _parse_t_v1(value: str, name: str, signature_key: str = "v1") -> tuple[str, list[bytes]]:
    timestamps, signatures = [], []
    for item in value.split(","):
        key, equals, text = item.strip().partition("=")
        if not equals:
            raise _malformed(name)
        if key == "t":
            timestamps.append(text)
        elif key == signature_key:
            signatures.append(_from_hex(text, name))
    if len(timestamps) != 1 or not signatures:
        raise _malformed(name)
    return timestamps[0], signatures


SCHEMES = {
    "typeform": verify_typeform,
    "tally": verify_tally,
    "webflow": verify_webflow,
    "calendly": verify_calendly,
    "shopify": verify_shopify,
    "stripe": verify_stripe,
    "wpforms": verify_wpforms,
    "facebook": verify_facebook,
}

# Schemes that sign the request's method and URL too: called with a RequestLine.
URL_SCHEMES = {
    "hubspot": verify_hubspot,
}

_SIGNATURE_HEADERS = {
    "typeform": "Typeform-Signature",
    "tally": "Tally-Signature",
    "webflow": "X-Webflow-Signature",
    "calendly": "Calendly-Webhook-Signature",
    "shopify": "X-Shopify-Hmac-Sha256",
    "stripe": "Stripe-Signature",
    "wpforms": "X-WPForms-Webhook-Signature",
    "facebook": "X-Hub-Signature-256",
    "hubspot": "X-HubSpot-Signature-v3",
}


# Providers that name each delivery in a header (kept across their retries).
_DELIVERY_HEADERS = {
    "shopify": "X-Shopify-Webhook-Id",
}
MAX_DELIVERY_ID = 200


def replay_key(scheme: str, headers: Mapping[str, str], body: bytes) -> str:
    """What names one signed delivery: the provider's delivery id, else the SHA-256 of the body."""
    name = _DELIVERY_HEADERS.get(scheme)
    delivery = _find_header(headers, name) if name else None
    if isinstance(delivery, str) and delivery.strip() and delivery.isascii() and delivery.isprintable() \
            and len(delivery) <= MAX_DELIVERY_ID:
        return f"{scheme}-delivery:{delivery.strip()}"
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _hmac(secret: bytes, message: bytes) -> bytes:
    return hmac.new(secret, message, hashlib.sha256).digest()


def _check(expected: bytes, signatures: list[bytes]) -> None:
    # Compare against every candidate so the time taken does not say which one matched.
    matches = [hmac.compare_digest(expected, signature) for signature in signatures]
    if not any(matches):
        raise SignatureError("Signature does not match")


def _check_age(signed_at: float, now: float, tolerance: int) -> None:
    if now - signed_at > tolerance:
        raise SignatureError(f"Signature timestamp outside the {tolerance} s tolerance")
    if signed_at - now > FUTURE_TOLERANCE:
        raise SignatureError(f"Signature timestamp more than {FUTURE_TOLERANCE} s ahead of our clock")


def _header(headers, name: str) -> str:
    value = _find_header(headers, name)
    if value is None:
        raise SignatureError(f"Missing {name} header")
    if not isinstance(value, str) or not value.isascii():
        raise _malformed(name)
    return value.strip()


def _find_header(headers, name: str):
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted:
            return value
    return None


def _timestamp(text: str, name: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise _malformed(name)
    return int(text)


def _from_base64(text: str, name: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise _malformed(name) from None


def _from_hex(text: str, name: str) -> bytes:
    try:
        return binascii.a2b_hex(text)
    except ValueError:
        raise _malformed(name) from None


def _malformed(name: str) -> SignatureError:
    return SignatureError(f"Malformed {name} header")

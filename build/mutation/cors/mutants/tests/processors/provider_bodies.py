"""Webhook bodies in each provider's documented shape, and how each provider signs them.

Each case: the integration type, how the provider posts (content type and raw body), and the
person it must become.
"""
import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from svit_appliance.processors import PayloadError, get_integration_type


@dataclass(frozen=True)
class Delivery:
    type: str
    label: str
    content_type: str
    body: bytes
    expected: list[dict]  # person fields each expected person has (name/email/phone/company)


def _json(value) -> bytes:
    return json.dumps(value).encode()


TYPEFORM = {
    "event_id": "01HZX5K0T3C1Y4W0QZJ9N8M2P7",
    "event_type": "form_response",
    "form_response": {
        "form_id": "lT4Z3j",
        "token": "a3a12ec67a1365927098a606107fac15",
        "landed_at": "2026-11-20T10:00:01Z",
        "submitted_at": "2026-11-20T10:02:11Z",
        "hidden": {"utm_source": "newsletter"},
        "definition": {
            "id": "lT4Z3j", "title": "Contact us",
            "fields": [
                {"id": "Y9oZHbhWeQFd", "ref": "name", "type": "short_text", "title": "What is your *name*?"},
                {"id": "SMEUb7VJz92Q", "ref": "email", "type": "email", "title": "Your email"},
                {"id": "JwWggjAKtOkA", "ref": "phone", "type": "phone_number", "title": "Phone"},
                {"id": "k6TP9oLGgHjl", "ref": "budget", "type": "multiple_choice", "title": "Budget"},
            ],
        },
        "answers": [
            {"type": "text", "text": "Grace Hopper", "field": {"id": "Y9oZHbhWeQFd", "type": "short_text", "ref": "name"}},
            {"type": "email", "email": "grace@navy.example", "field": {"id": "SMEUb7VJz92Q", "type": "email", "ref": "email"}},
            {"type": "phone_number", "phone_number": "+16502530000", "field": {"id": "JwWggjAKtOkA", "type": "phone_number", "ref": "phone"}},
            {"type": "choice", "choice": {"label": "10k+"}, "field": {"id": "k6TP9oLGgHjl", "type": "multiple_choice", "ref": "budget"}},
        ],
    },
}

TALLY = {
    "eventId": "a4cb511e-d513-4fa5-baee-b815d718dfd1",
    "eventType": "FORM_RESPONSE",
    "createdAt": "2026-11-20T10:02:11.000Z",
    "data": {
        "responseId": "2wgx4n", "submissionId": "2wgx4n", "respondentId": "dwQKYm",
        "formId": "VwbNEw", "formName": "Webinar sign-up", "createdAt": "2026-11-20T10:02:11.000Z",
        "fields": [
            {"key": "question_3EKz4n", "label": "Full name", "type": "INPUT_TEXT", "value": "Katherine Johnson"},
            {"key": "question_w4Q4Xn", "label": "Email", "type": "INPUT_EMAIL", "value": "katherine@nasa.example"},
            {"key": "question_3jZaa7", "label": "Phone number", "type": "INPUT_PHONE_NUMBER", "value": "+12025550143"},
            {"key": "question_mexoL9", "label": "Topic", "type": "MULTIPLE_CHOICE", "value": ["5c8e9b1a"],
             "options": [{"id": "5c8e9b1a", "text": "Orbits"}, {"id": "0d5d1c5b", "text": "Rockets"}]},
        ],
    },
}

WEBFLOW = {
    "triggerType": "form_submission",
    "payload": {
        "name": "Email Form", "siteId": "65427cf400e02b306eaa049c",
        "data": {"Name": "Hedy Lamarr", "Email": "hedy@films.example", "Phone": "+1 (310) 555-0175", "Message": "Call me"},
        "schema": [
            {"fieldName": "Name", "fieldType": "FormTextInput", "fieldElementId": "a1"},
            {"fieldName": "Email", "fieldType": "FormTextInput", "fieldElementId": "a2"},
            {"fieldName": "Phone", "fieldType": "FormPhoneInput", "fieldElementId": "a3"},
        ],
        "submittedAt": "2026-11-20T10:02:11.000Z", "id": "6321a4a5e9b6f5b8d0d1f2a3",
        "formId": "65429eadebe8a9f3a30f62d0", "formElementId": "4e038d2c-6a1e-4953-7be9-a59a2b453177",
        "pageId": "65427cf400e02b306eaa04a0", "publishedPath": "/contact", "pageUrl": "https://site.example/contact",
    },
}

CALENDLY = {
    "created_at": "2026-11-20T10:02:11.000000Z",
    "created_by": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
    "event": "invitee.created",
    "payload": {
        "uri": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
        "email": "alan@bletchley.example", "first_name": None, "last_name": None, "name": "Alan Turing",
        "status": "active", "timezone": "Europe/London", "text_reminder_number": "+44 20 7946 0958",
        "event": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
        "questions_and_answers": [{"question": "Company", "answer": "Bletchley Park", "position": 0}],
        "scheduled_event": {
            "uri": "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2", "name": "15 Minute Meeting",
            "status": "active", "start_time": "2026-11-25T14:00:00.000000Z", "end_time": "2026-11-25T14:15:00.000000Z",
            "event_type": "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2",
            "location": {"type": "zoom", "join_url": "https://zoom.example/j/1"},
            "event_memberships": [{"user": "https://api.calendly.com/users/X", "user_email": "host@acme.example"}],
            "event_guests": [],
        },
        "tracking": {"utm_source": None}, "rescheduled": False, "cancel_url": "https://calendly.com/cancellations/A",
    },
}

SHOPIFY_ORDER = {
    "id": 820982911946154508, "email": "margaret@apollo.example", "order_number": 1001, "total_price": "59.00",
    "currency": "USD", "financial_status": "paid", "created_at": "2026-11-20T10:02:11-05:00",
    "phone": None,
    "customer": {
        "id": 115310627314723954, "email": "margaret@apollo.example", "first_name": "Margaret",
        "last_name": "Hamilton", "phone": "+16175550123", "state": "enabled", "verified_email": True,
        "default_address": {"id": 715243470612851245, "company": "MIT", "city": "Cambridge", "country": "United States",
                            "phone": "+16175550123", "default": True},
    },
    "billing_address": {"first_name": "Margaret", "last_name": "Hamilton", "company": "MIT", "phone": "+16175550123"},
    "line_items": [{"id": 866550311766439020, "title": "Rope memory", "quantity": 2, "price": "29.50"}],
    "total_price_set": {"shop_money": {"amount": "59.00", "currency_code": "USD"}},
}

STRIPE = {
    "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "api_version": "2024-06-20",
    "created": 1732096931, "livemode": False, "pending_webhooks": 1, "type": "customer.created",
    "request": {"id": "req_6dTKFDb2IfB5zZ", "idempotency_key": "a5c9e0f2"},
    "data": {"object": {
        "id": "cus_NffrFeUfNV2Hib", "object": "customer", "address": None, "balance": 0,
        "created": 1732096931, "currency": None, "email": "ada@engines.example", "name": "Ada Lovelace",
        "phone": "+442079460000", "metadata": {"company": "Analytical Engines"}, "livemode": False,
        "invoice_settings": {"custom_fields": None, "default_payment_method": None}, "preferred_locales": [],
    }},
}

JOTFORM_RAW = {
    "slug": "submit/241234567890123", "event_id": "1732096931000_241234567890123_abcd",
    "q3_fullName": {"first": "Mary", "last": "Jackson"},
    "q4_email": "mary@langley.example",
    "q5_phoneNumber": {"full": "(757) 555-0199"},
    "q6_message": "Please call me back",
}
JOTFORM_FIELDS = {
    "formID": "241234567890123", "submissionID": "5912345678901234567", "formTitle": "Contact Form",
    "ip": "203.0.113.9", "username": "acme", "type": "WEB",
    "pretty": "Full Name:Mary Jackson, E-mail:mary@langley.example, Phone Number:(757) 555-0199",
    "rawRequest": json.dumps(JOTFORM_RAW),
}

TILDA_FIELDS = {"Name": "Dorothy Vaughan", "Email": "dorothy@langley.example", "Phone": "+1 (757) 555-0100",
                "tranid": "1234567:8901234", "formid": "form123456789", "COOKIES": "_ga=GA1.1.1"}


def _multipart(fields: dict) -> tuple[str, bytes]:
    boundary = "------------------------svittestboundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(f"--{boundary}--\r\n")
    return f"multipart/form-data; boundary={boundary}", "".join(parts).encode()


_JOTFORM_TYPE, _JOTFORM_BODY = _multipart(JOTFORM_FIELDS)
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

DELIVERIES = (
    Delivery("WEBHOOK", "flat", JSON, _json({"full_name": "Ada Lovelace", "E-mail": "ADA@example.com",
                                             "phoneNumber": "+44 20 7946 0001", "plan": "pro"}),
             [{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+442079460001"}]),
    Delivery("WEBHOOK", "nested", JSON, _json({"event": "lead", "contact": {"First Name": "Bob", "Last Name": "Noyce",
                                                                              "emailAddress": "bob@fairchild.example"}}),
             [{"name": "Bob Noyce", "email": "bob@fairchild.example"}]),
    Delivery("WEBHOOK", "batch", JSON, _json({"leads": [{"name": "Lin", "tel": "+1 650 253 0001"},
                                                          {"name": "Max", "email": "max@example.com"}]}),
             [{"name": "Lin", "phone": "+16502530001"}, {"name": "Max", "email": "max@example.com"}]),
    Delivery("TYPEFORM", "form_response", JSON, _json(TYPEFORM),
             [{"name": "Grace Hopper", "email": "grace@navy.example", "phone": "+16502530000"}]),
    Delivery("TALLY", "FORM_RESPONSE", JSON, _json(TALLY),
             [{"name": "Katherine Johnson", "email": "katherine@nasa.example", "phone": "+12025550143"}]),
    Delivery("WEBFLOW", "form_submission", JSON, _json(WEBFLOW),
             [{"name": "Hedy Lamarr", "email": "hedy@films.example", "phone": "+13105550175"}]),
    Delivery("CALENDLY", "invitee.created", JSON, _json(CALENDLY),
             [{"name": "Alan Turing", "email": "alan@bletchley.example", "phone": "+442079460958"}]),
    Delivery("SHOPIFY", "orders/create", JSON, _json(SHOPIFY_ORDER),
             [{"name": "Margaret Hamilton", "email": "margaret@apollo.example", "phone": "+16175550123",
               "company": "MIT"}]),
    Delivery("STRIPE", "customer.created", JSON, _json(STRIPE),
             [{"name": "Ada Lovelace", "email": "ada@engines.example", "phone": "+442079460000",
               "company": "Analytical Engines"}]),
    Delivery("JOTFORM", "multipart submission", _JOTFORM_TYPE, _JOTFORM_BODY,
             [{"name": "Mary Jackson", "email": "mary@langley.example", "phone": "+17575550199"}]),
    Delivery("TILDA", "form post", FORM, urlencode(TILDA_FIELDS).encode(),
             [{"name": "Dorothy Vaughan", "email": "dorothy@langley.example", "phone": "+17575550100"}]),
    Delivery("TILDA", "test ping", FORM, b"test=test", []),
)


def _digest(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def _b64(secret: str, message: bytes) -> str:
    return base64.b64encode(_digest(secret, message)).decode()


def sign(type_name: str, secret: str, body: bytes, signed_at: float) -> dict:
    """The headers the provider sends with ``body``, signed at ``signed_at`` (Unix seconds)."""
    seconds = str(int(signed_at))
    if type_name == "TYPEFORM":
        return {"Typeform-Signature": "sha256=" + _b64(secret, body)}
    if type_name == "TALLY":
        return {"Tally-Signature": _b64(secret, body)}
    if type_name == "SHOPIFY":
        return {"X-Shopify-Hmac-Sha256": _b64(secret, body)}
    if type_name == "WEBFLOW":
        millis = str(int(signed_at * 1000))
        return {"X-Webflow-Timestamp": millis, "X-Webflow-Signature": _digest(secret, f"{millis}:".encode() + body).hex()}
    header = {"CALENDLY": "Calendly-Webhook-Signature", "STRIPE": "Stripe-Signature"}[type_name]
    return {header: f"t={seconds},v1={_digest(secret, f'{seconds}.'.encode() + body).hex()}"}


SIGNATURE_HEADERS = {"TYPEFORM": "Typeform-Signature", "TALLY": "Tally-Signature", "WEBFLOW": "X-Webflow-Signature",
                     "CALENDLY": "Calendly-Webhook-Signature", "SHOPIFY": "X-Shopify-Hmac-Sha256",
                     "STRIPE": "Stripe-Signature"}


def delivery(type_name: str) -> Delivery:
    return next(d for d in DELIVERIES if d.type == type_name)


def payload_error(type_name: str, payload) -> str:
    """The explanation the type's processor gives for a body it cannot read."""
    try:
        get_integration_type(type_name).process(payload, {})
    except PayloadError as error:
        return str(error)
    raise AssertionError(f"{type_name} read {payload!r}")

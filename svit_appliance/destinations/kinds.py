"""What each kind of destination sends: a signed webhook, a Slack message, an email.

Each sender takes the destination's config, the delivery and its payload, and returns an
``Answer`` (or raises ``DeliveryError``); ``deliver`` in ``delivery.py`` logs and schedules.
"""
import base64
import hashlib
import hmac
import json
import secrets
import time

from .. import __version__
from .outbound import Answer, Limits, post

KINDS = ("email", "webhook", "slack")
SECRET_PREFIX = "whsec_"


def new_signing_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`` keyed with the decoded secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def send_webhook(config: dict, delivery_id: str, payload: dict, limits: Limits) -> Answer:
    body = body_of(payload)
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": f"svit/{__version__}",
               "webhook-id": delivery_id, "webhook-timestamp": str(timestamp),
               "webhook-signature": sign(config["secret"], delivery_id, timestamp, body)}
    return post(config["url"], body, headers, limits)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_text(summary: str, link: str | None) -> str:
    text = _slack_escape(summary)
    return f"{text} <{link}|Open in svit>" if link else text


def send_slack(config: dict, summary: str, link: str | None, limits: Limits) -> Answer:
    body = json.dumps({"text": slack_text(summary, link)}, ensure_ascii=False).encode()
    return post(config["url"], body, {"Content-Type": "application/json", "User-Agent": f"svit/{__version__}"},
                limits)

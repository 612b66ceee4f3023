"""Webhook destinations: the event's JSON, signed per Standard Webhooks with a secret shown once."""
import base64
import hashlib
import hmac
import json
import secrets
import time

from ... import __version__
from ..outbound import Answer, Limits, check_url, post
from .base import CliOption, DestinationKind, Detail, FormField, SendPolicy

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


def configure(options: dict, limits: Limits) -> tuple[dict, str]:
    """The receiver's URL and a new signing secret, which is shown this once."""
    config = {"url": check_url(options.get("url"), limits)}
    config["secret"] = new_signing_secret()
    return config, config["secret"]


def describe(config: dict) -> tuple[Detail, ...]:
    return (Detail("URL", config.get("url", ""), literal=True),)


def send(config: dict, delivery_id: str, payload: dict, link: str | None, policy: SendPolicy) -> Answer:
    body = body_of(payload)
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": f"svit/{__version__}",
               "webhook-id": delivery_id, "webhook-timestamp": str(timestamp),
               "webhook-signature": sign(config["secret"], delivery_id, timestamp, body)}
    return post(config["url"], body, headers, policy.limits)


KIND = DestinationKind(
    name="webhook",
    label="Webhook",
    form_fields=(FormField("url", "URL", help="webhook receiver", placeholder="https://hooks.example.com/svit"),),
    cli_options=(CliOption("--url", "url", "webhook URL"),),
    shown_config=("url",),
    configure=configure,
    describe=describe,
    send=send,
)

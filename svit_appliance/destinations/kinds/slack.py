"""Slack destinations (any Slack-compatible incoming webhook): one line of text per event."""
import json

from ... import __version__
from ..outbound import Answer, Limits, check_url, post
from ..summary import summarise
from .base import CliOption, DestinationKind, Detail, FormField, SendPolicy


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_text(summary: str, link: str | None) -> str:
    text = _escape(summary)
    return f"{text} <{link}|Open in svit>" if link else text


def configure(options: dict, limits: Limits) -> tuple[dict, None]:
    return {"url": check_url(options.get("url"), limits)}, None


def describe(config: dict) -> tuple[Detail, ...]:
    return (Detail("URL", config.get("url", ""), literal=True),)


def send(config: dict, delivery_id: str, payload: dict, link: str | None, policy: SendPolicy) -> Answer:
    body = json.dumps({"text": slack_text(summarise(payload), link)}, ensure_ascii=False).encode()
    return post(config["url"], body, {"Content-Type": "application/json", "User-Agent": f"svit/{__version__}"},
                policy.limits)


KIND = DestinationKind(
    name="slack",
    label="Slack",
    form_fields=(FormField("url", "URL", help="Slack incoming webhook", placeholder="https://hooks.example.com/svit"),),
    cli_options=(CliOption("--url", "url", "Slack incoming webhook URL"),),
    shown_config=("url",),
    configure=configure,
    describe=describe,
    send=send,
)

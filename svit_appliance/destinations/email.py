"""Email notifications over SMTP: a plain-text and an HTML part from Jinja templates.

Person data reaches only the Subject among the headers, through ``one_line``; the envelope's
recipients are the destination's own list, never read from a header.
"""
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..core.errors import Refused
from ..resources import resource_path
from .events import DIGEST_EVENT
from .outbound import Answer, DeliveryError, Limits, vet_host
from .summary import console_link, summarise

SECURITY = ("starttls", "tls", "none")
_templates: list[Environment] = []


def templates() -> Environment:
    if not _templates:
        _templates.append(Environment(loader=FileSystemLoader(str(resource_path("web/templates/email"))),
                                      autoescape=select_autoescape(enabled_extensions=("html",),
                                                                   default_for_string=False)))
    return _templates[0]


def message_context(payload: dict, base_url: str) -> dict:
    return {"subject": summarise(payload), "event": payload["type"], "data": payload.get("data") or {},
            "link": console_link(payload, base_url), "base_url": base_url}


def build_message(config: dict, payload: dict, base_url: str) -> EmailMessage:
    context = message_context(payload, base_url)
    subject = context["subject"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["from"]
    message["To"] = ", ".join(config["to"])
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config["from"].rpartition("@")[2] or None)
    name = "digest" if payload["type"] == DIGEST_EVENT else "notification"
    message.set_content(templates().get_template(f"{name}.txt").render(context))
    message.add_alternative(templates().get_template(f"{name}.html").render(context), subtype="html")
    return message


def _bound(smtp, deadline: float) -> None:
    """Each step may wait only for what is left of the attempt's total time."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    smtp.sock.settimeout(left)


def send_email(config: dict, message: EmailMessage, limits: Limits) -> Answer:
    """Send over SMTP within the attempt's total time; the envelope's recipients are the destination's."""
    try:
        vet_host(config["host"], config["port"], limits, "host")
    except Refused as error:
        raise DeliveryError(str(error)) from None
    deadline = time.monotonic() + limits.total_timeout
    security = config.get("security", "starttls")
    try:
        smtp_class = smtplib.SMTP_SSL if security == "tls" else smtplib.SMTP
        kwargs = {"context": ssl.create_default_context()} if security == "tls" else {}
        with smtp_class(config["host"], config["port"], timeout=min(limits.connect_timeout, limits.total_timeout),
                        **kwargs) as smtp:
            if security == "starttls":
                _bound(smtp, deadline)
                smtp.starttls(context=ssl.create_default_context())
            if config.get("user"):
                _bound(smtp, deadline)
                smtp.login(config["user"], config.get("password") or "")
            _bound(smtp, deadline)
            smtp.send_message(message, from_addr=config["from"], to_addrs=list(config["to"]))
            return Answer(250, b"250 accepted for " + ", ".join(config["to"]).encode())
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"SMTP {error.smtp_code}: {error.smtp_error.decode(errors='replace')}"[:300]) from None
    except (TimeoutError, smtplib.SMTPServerDisconnected) as error:
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            raise DeliveryError("Timed out talking to the SMTP server") from None
        raise DeliveryError(f"{type(error).__name__}: {error}"[:300]) from None
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}"[:300]) from None

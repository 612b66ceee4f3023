"""Email destinations: notifications over SMTP, a plain-text and an HTML part from Jinja templates.

Person data reaches only the Subject among the headers, through ``one_line``; the envelope's
recipients are the destination's own list, never read from a header.
"""
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ...core.errors import Refused
from ...core.normalise import InvalidField, normalise_email
from ...resources import resource_path
from ..events import DIGEST_EVENT
from ..outbound import Answer, DeliveryError, Limits, vet_host
from ..summary import console_link, summarise
from .base import CliOption, DestinationKind, Detail, FormField, SendPolicy

SECURITY = ("starttls", "tls", "none")
MAX_RECIPIENTS = 20
_templates: list[Environment] = []


def _address(value: str | None, field: str) -> str:
    try:
        address = normalise_email(value)
    except InvalidField:
        address = None
    if not address:
        raise Refused(f"{(value or '').strip() or 'An empty value'} is not an email address such as alerts@acme.example",
                      field)
    return address


def _port(value) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise Refused("The SMTP port must be a number such as 587 (STARTTLS) or 465 (TLS)", "port")
    return port


def configure(options: dict, limits: Limits) -> tuple[dict, None]:
    """SMTP host, port, security, optional user and password, from, to list; the digest or not."""
    host = (options.get("host") or "").strip()
    port = _port(options.get("port") or 587)
    vet_host(host, port, limits, "host")
    security = (options.get("security") or "starttls").strip().lower()
    if security not in SECURITY:
        raise Refused(f"Security must be one of {', '.join(SECURITY)}", "security")
    to = [_address(a, "to") for a in options.get("to") or [] if a and a.strip()]
    if not 0 < len(to) <= MAX_RECIPIENTS:
        raise Refused(f"Give 1 to {MAX_RECIPIENTS} recipient addresses", "to")
    config = {"host": host, "port": port, "security": security, "from": _address(options.get("from"), "from"),
              "to": to}
    if options.get("user"):
        config.update(user=options["user"].strip(), password=options.get("password") or "")
    if options.get("digest"):
        config["digest"] = True
    return config, None


def describe(config: dict) -> tuple[Detail, ...]:
    user = f", user {config['user']}" if config.get("user") else ""
    return (Detail("SMTP", f"{config.get('host', '')}:{config.get('port', '')} ({config.get('security', '')}){user}"),
            Detail("From", config.get("from", "")),
            Detail("To", ", ".join(map(str, config.get("to") or ()))),
            Detail("Daily digest", "yes" if config.get("digest") else "no"))


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


def send(config: dict, delivery_id: str, payload: dict, link: str | None, policy: SendPolicy) -> Answer:
    return send_email(config, build_message(config, payload, policy.base_url), policy.limits)


KIND = DestinationKind(
    name="email",
    label="Email",
    form_fields=(
        FormField("host", "SMTP host"),
        FormField("port", "Port", default="587"),
        FormField("security", "Security", input_type="select", default="starttls", choices=SECURITY),
        FormField("user", "User", required=False, autocomplete="off"),
        FormField("password", "Password", input_type="password", required=False, autocomplete="new-password"),
        FormField("from", "From", placeholder="svit@acme.example"),
        FormField("to", "To", help="comma-separated", placeholder="sales@acme.example, boss@acme.example", many=True),
        FormField("digest", "Also send the daily digest", input_type="checkbox", required=False),
    ),
    cli_options=(
        CliOption("--smtp-host", "host", "email: SMTP server"),
        CliOption("--smtp-port", "port", "email: SMTP port (default 587)"),
        CliOption("--security", "security", "email: starttls (default), tls or none", choices=SECURITY),
        CliOption("--smtp-user", "user", "email: SMTP user; the password is read from the first line of stdin",
                  secret_from_stdin="password"),
        CliOption("--from", "from", "email: From address", metavar="SENDER"),
        CliOption("--to", "to", "email: a recipient (repeat for more)", repeat=True),
        CliOption("--digest", "digest", "email: also send the daily digest", switch=True),
    ),
    shown_config=("host", "port", "security", "user", "from", "to", "digest"),
    configure=configure,
    describe=describe,
    send=send,
)

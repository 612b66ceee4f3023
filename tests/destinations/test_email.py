"""Email notifications to a real SMTP server (aiosmtpd) on 127.0.0.1."""
import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.destinations.delivery import deliver_due
from svit_appliance.operations.destinations import create_destination
from svit_appliance.store.models import Delivery
from tests.destinations.helpers import ALLOW_LOCAL, FAST, ingest


def mail_destination(project, smtp, events=None):
    options = {"host": "127.0.0.1", "port": smtp.port, "security": "none", "from": "svit@acme.example",
               "to": ["sales@acme.example", "boss@acme.example"]}
    return create_destination(Actor.cli(), project.id, "email", "sales", options, events, ALLOW_LOCAL)[0]


def test_it_emails_a_new_lead_with_text_and_html_parts(project, smtp):
    mail_destination(project, smtp, ["person.created"])
    ingest(project, {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0958",
                     "company": "<b>Engines</b>"})
    deliver_due(FAST)
    [(sender, recipients, message)] = smtp.wait_for(1)
    assert sender == "svit@acme.example"
    assert recipients == ["sales@acme.example", "boss@acme.example"]
    assert message["Subject"] == "New lead: Ada Lovelace via zapier (WEBHOOK)"
    assert message["From"] == "svit@acme.example"
    assert message["To"] == "sales@acme.example, boss@acme.example"
    assert message["Message-ID"] and message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "ada@example.com" in text and "+442079460958" in text and "<b>Engines</b>" in text
    assert "&lt;b&gt;Engines&lt;/b&gt;" in html and "<b>Engines</b>" not in html
    person_id = Delivery.get().payload["data"]["person"]["id"]
    assert f"https://crm.acme.example/console/persons/{person_id}" in text
    assert Delivery.get().status == "delivered"


def test_it_lets_no_person_data_inject_headers(project, smtp):
    mail_destination(project, smtp, ["person.created"])
    ingest(project, {"name": "x\r\nBcc: victim@example.com", "email": "x@example.com"})
    deliver_due(FAST)
    [(_, recipients, message)] = smtp.wait_for(1)
    assert recipients == ["sales@acme.example", "boss@acme.example"]
    assert message["Bcc"] is None
    assert "victim@example.com" not in recipients
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Subject"].startswith("New lead: x")
    assert sorted(message.keys()) == sorted(["Subject", "From", "To", "Date", "Message-ID", "MIME-Version",
                                             "Content-Type"])


@pytest.mark.parametrize("options, field", [
    ({"to": ["not-an-address"]}, "to"),
    ({"to": []}, "to"),
    ({"from": "nobody"}, "from"),
    ({"security": "ssl3"}, "security"),
    ({"port": "smtp"}, "port"),
    ({"host": "10.0.0.7"}, "host"),
])
def test_it_refuses_an_unusable_email_destination(project, smtp, options, field):
    base = {"host": "127.0.0.1", "port": smtp.port, "security": "none", "from": "svit@acme.example",
            "to": ["sales@acme.example"]}
    with pytest.raises(Refused) as refused:
        create_destination(Actor.cli(), project.id, "email", "sales", {**base, **options}, None, ALLOW_LOCAL)
    assert refused.value.field == field


def test_it_gives_up_on_a_stalling_smtp_server_after_the_total_timeout(project, smtp):
    import asyncio

    from svit_appliance.destinations.delivery import DeliveryPolicy, deliver_now
    from svit_appliance.destinations.outbound import Limits
    from svit_appliance.operations.destinations import send_test_event

    async def stall(server, session, envelope):
        await asyncio.sleep(5)
        return "250 too late"

    smtp.handle_DATA = stall
    destination = mail_destination(project, smtp)
    outcome = deliver_now(send_test_event(Actor.cli(), destination.id),
                          DeliveryPolicy((1,), Limits(1.0, 1.5, frozenset({"127.0.0.1"}))))
    assert outcome.delivered is False and outcome.error == "Timed out talking to the SMTP server"

"""The email kind's config as the console shows it (sending is tested against a real SMTP server
in tests/destinations/test_email.py)."""
from svit_appliance.destinations.kinds import email


def test_it_shows_the_smtp_server_sender_recipients_and_digest():
    config = {"host": "smtp.acme.example", "port": 587, "security": "starttls", "user": "svit", "password": "s3cret",
              "from": "svit@acme.example", "to": ["a@acme.example", "b@acme.example"], "digest": True}
    assert [(d.term, d.value) for d in email.describe(config)] == [
        ("SMTP", "smtp.acme.example:587 (starttls), user svit"), ("From", "svit@acme.example"),
        ("To", "a@acme.example, b@acme.example"), ("Daily digest", "yes")]


def test_it_leaves_out_a_user_it_does_not_have():
    config = {"host": "smtp.acme.example", "port": 25, "security": "none", "from": "a@acme.example", "to": ["b@acme.example"]}
    assert email.describe(config)[0].value == "smtp.acme.example:25 (none)"
    assert email.describe(config)[-1].value == "no"

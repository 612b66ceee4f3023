"""The webhook kind's config and signature: a vetted URL and a secret stored and shown this once."""
import time

from standardwebhooks.webhooks import Webhook

from svit_appliance.destinations.kinds import webhook
from svit_appliance.destinations.outbound import Limits

LOCAL = Limits(allowed_hosts=frozenset({"127.0.0.1"}))


def test_it_keeps_the_secret_it_shows_once():
    config, secret = webhook.configure({"url": " http://127.0.0.1:8080/hook "}, LOCAL)
    assert config == {"url": "http://127.0.0.1:8080/hook", "secret": secret} and secret.startswith("whsec_")


def test_it_signs_as_standard_webhooks_verifies():
    secret, body, now = webhook.new_signing_secret(), webhook.body_of({"type": "test", "name": "Åsa"}), int(time.time())
    headers = {"webhook-id": "del_1", "webhook-timestamp": str(now),
               "webhook-signature": webhook.sign(secret, "del_1", now, body)}
    assert Webhook(secret).verify(body, headers) == {"type": "test", "name": "Åsa"}


def test_it_shows_the_url_and_not_the_secret():
    [shown] = webhook.describe({"url": "https://a.example/h", "secret": "whsec_x"})
    assert (shown.term, shown.value, shown.literal) == ("URL", "https://a.example/h", True)

"""Destinations in the console over HTTP: create (secret shown once), send a test event, the
delivery log, redeliver, refusals, disable/enable/delete, failing destinations on the dashboard."""
import re
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.conftest import ServerProcess, provision
from tests.console.helpers import ConsoleClient, create_admin
from tests.destinations.receiver import Receiver

ENV = {"SVIT_OUTBOUND_ALLOW_HOSTS": "127.0.0.1", "SVIT_DELIVERY_POLL_SECONDS": "0.1",
       "SVIT_DELIVERY_RETRY_DELAYS": "60", "SVIT_OUTBOUND_TIMEOUT_SECONDS": "3"}
SECRET = re.compile(r'id="signing-secret">(whsec_[A-Za-z0-9+/=]+)<')


@pytest.fixture(scope="module")
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("destinations") / "data"
    server = ServerProcess(data_dir, env=ENV)
    server.project, server.token, server.integrations = provision(data_dir)
    create_admin(data_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def admin(server):
    client = ConsoleClient(server.base_url)
    assert client.login().status_code == 303
    yield client
    client.close()


def create(admin, **fields):
    data = {"kind": "webhook", "name": "crm", "events": ["person.created"], **fields}
    return admin.post("/console/destinations", data, form_page="/console/destinations/new")


def test_it_creates_a_webhook_showing_its_secret_once(admin, receiver):
    answer = create(admin, url=receiver.url)
    assert answer.status_code == 200
    secret = SECRET.search(answer.text).group(1)
    destination_id = re.search(r'/console/destinations/(dst_\w+)/test', answer.text).group(1)
    page = admin.http.get(f"/console/destinations/{destination_id}").text
    assert secret not in page and "person.created" in page
    assert destination_id in admin.http.get("/console/destinations").text


def test_it_sends_a_test_event_logs_it_and_redelivers_it(admin, receiver):
    receiver.requests.clear()
    answer = create(admin, url=receiver.url, name="test target")
    secret = SECRET.search(answer.text).group(1)
    destination_id = re.search(r'/console/destinations/(dst_\w+)/test', answer.text).group(1)
    page = f"/console/destinations/{destination_id}"
    sent = admin.post(f"{page}/test", form_page=page)
    assert sent.status_code == 303
    [request] = receiver.wait_for(1)
    assert Webhook(secret).verify(request.body, request.headers)["type"] == "test"
    log = admin.http.get(page).text
    assert "Test event delivered (200" in log  # the flash note
    assert '<td class="num">200</td>' in log and "<code>ok</code>" in log
    delivery_id = request.headers["webhook-id"]
    assert admin.post(f"/console/deliveries/{delivery_id}/redeliver", form_page=page).status_code == 303
    requests = receiver.wait_for(2)
    assert requests[1].headers["webhook-id"] == delivery_id
    deadline = time.monotonic() + 20
    while admin.http.get(page).text.count('<td class="num">200</td>') < 2:
        assert time.monotonic() < deadline, "the redelivery's attempt is not in the log"
        time.sleep(0.1)


@pytest.mark.parametrize("fields, message", [
    ({"url": "http://10.0.0.9/hook"}, "SVIT_OUTBOUND_ALLOW_HOSTS"),
    ({"url": "ftp://example.com/hook"}, "must start with https://"),
    ({"url": "http://127.0.0.1/x", "events": []}, "Choose at least one event"),
    ({"kind": "email", "host": "127.0.0.1", "port": "25", "from": "svit@acme.example", "to": "nope"},
     "is not an email address"),
])
def test_it_shows_why_a_destination_is_refused(admin, fields, message):
    answer = create(admin, **fields)
    assert answer.status_code == 200
    assert message in answer.text and 'aria-invalid="true"' in answer.text


def test_it_disables_enables_and_deletes(admin, receiver):
    answer = create(admin, url=receiver.url, name="short-lived")
    destination_id = re.search(r'/console/destinations/(dst_\w+)/test', answer.text).group(1)
    page = f"/console/destinations/{destination_id}"
    admin.post(f"{page}/toggle", form_page=page)
    assert "Deliveries wait until you enable it" in admin.http.get(page).text
    admin.post(f"{page}/toggle", form_page=page)
    assert "Deliveries wait until you enable it" not in admin.http.get(page).text
    assert admin.post(f"{page}/delete", form_page=page).status_code == 303
    assert admin.http.get(page).status_code == 404


def test_it_shows_a_destination_disabled_for_failing_on_the_dashboard(admin, server):
    failing = Receiver(answers=[(500, b"down", 0)]).start()
    try:
        answer = create(admin, url=failing.url, name="broken crm")
        destination_id = re.search(r'/console/destinations/(dst_\w+)/test', answer.text).group(1)
        with sqlite3.connect(server.data_dir / "svit.db") as db:
            long_ago = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=3, hours=1)
            db.execute("UPDATE destination SET failing_since = ? WHERE id = ?", (long_ago, destination_id))
        ingested = httpx.post(f"{server.base_url}/api/v1/external/data-ingestion/{server.integrations['webhook']['id']}",
                              json={"email": "lost@example.com"}, headers={"Authorization": f"Bearer {server.token}"})
        assert ingested.status_code == 202
        deadline = time.monotonic() + 20
        while "every delivery failed since" not in (dashboard := admin.http.get("/console/").text):
            assert time.monotonic() < deadline, "the failing destination is not on the dashboard"
            time.sleep(0.1)
        assert f"/console/destinations/{destination_id}" in dashboard and "broken crm" in dashboard
    finally:
        failing.stop()


def test_it_creates_an_email_destination_that_takes_the_digest(admin):
    answer = create(admin, kind="email", name="boss", host="127.0.0.1", port="2525", security="none",
                    **{"from": "svit@acme.example", "to": "boss@acme.example; sales@acme.example"}, digest="1",
                    user="svit", password="s3cret-pass")
    assert answer.status_code == 303
    page = admin.http.get(answer.headers["location"]).text
    assert "127.0.0.1:2525 (none), user svit" in page and "boss@acme.example, sales@acme.example" in page
    assert "<dt>Daily digest</dt><dd>yes</dd>" in page and "s3cret-pass" not in page


def test_it_asks_for_each_kinds_fields_once(admin):
    page = admin.http.get("/console/destinations/new").text
    assert '<option value="email">email</option><option value="webhook" selected>webhook</option>' in page
    assert page.index("<legend>Webhook or Slack</legend>") < page.index("<legend>Email</legend>")
    assert page.count('name="url"') == 1 and "URL (webhook receiver, or Slack incoming webhook)" in page
    assert '<input type="password" name="password" autocomplete="new-password">' in page

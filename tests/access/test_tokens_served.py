"""The holes a token lookup by prefix or a token cache could open, against a real server."""
import sqlite3
import time
from datetime import datetime, timedelta

import httpx
import pytest

from svit_appliance.access.tokens import CLIENT, SERVER, hash_token
from svit_appliance.store.models import utcnow
from tests.access.helpers import twin
from tests.conftest import ServerProcess, provision, run_cli

SITE = "https://acme.example"
FORM = "/api/v1/external/client/form"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("tokens") / "data"
    project, token, _ = provision(data_dir)
    client = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--name", "site",
                     "--origin", SITE, "--json")
    server = ServerProcess(data_dir).start()
    yield server, project, token, client["token"]
    server.stop()


def ping(server, token: str) -> int:
    return httpx.get(server.base_url + "/api/v1/external/ping", headers={"Authorization": f"Bearer {token}"}).status_code


def post_form(server, token: str) -> int:
    return httpx.post(server.base_url + FORM, headers={"x-client-token": token, "Origin": SITE},
                      json={"phone": "+442079460958"}).status_code


def test_it_refuses_a_token_sharing_a_real_tokens_prefix_for_both_kinds(served):
    server, _, token, client_token = served
    assert (ping(server, token), post_form(server, client_token)) in ((200, 201), (200, 200))
    assert ping(server, twin(token, SERVER)) == 401
    assert post_form(server, twin(client_token, CLIENT)) == 401
    # still after the real ones were cached
    assert (ping(server, token), post_form(server, client_token)) == (200, 200)


def set_expiry(server, table: str, secret: str, moment: datetime) -> None:
    with sqlite3.connect(server.data_dir / "svit.db") as connection:
        connection.execute(f"UPDATE {table} SET expires_at = ? WHERE token_hash = ?",
                           (moment.isoformat(sep=" "), hash_token(secret)))


def test_it_refuses_expired_tokens_of_both_kinds(served):
    server, project, _, _ = served
    token = run_cli(server.data_dir, "token", "create", "--project", project["id"], "--name", "x", "--json")["token"]
    client = run_cli(server.data_dir, "client-token", "create", "--project", project["id"], "--name", "x",
                     "--origin", SITE, "--json")["token"]
    assert (ping(server, token), post_form(server, client)) in ((200, 200), (200, 201))
    set_expiry(server, "server_token", token, utcnow() - timedelta(minutes=1))
    set_expiry(server, "client_token", client, utcnow() - timedelta(minutes=1))
    assert (ping(server, token), post_form(server, client)) == (401, 401)


def test_it_refuses_cached_tokens_once_their_time_is_up(served):
    server, project, _, _ = served
    token = run_cli(server.data_dir, "token", "create", "--project", project["id"], "--name", "y", "--json")["token"]
    client = run_cli(server.data_dir, "client-token", "create", "--project", project["id"], "--name", "y",
                     "--origin", SITE, "--json")["token"]
    expires = utcnow() + timedelta(seconds=4)  # room for the first, cached, use on a loaded machine
    set_expiry(server, "server_token", token, expires)
    set_expiry(server, "client_token", client, expires)
    assert (ping(server, token), post_form(server, client)) in ((200, 200), (200, 201))
    while utcnow() <= expires + timedelta(milliseconds=100):
        time.sleep(0.05)
    assert (ping(server, token), post_form(server, client)) == (401, 401)

"""Behind a proxy: forwarded headers are believed from SVIT_TRUSTED_PROXIES only. The real
server is reached from several loopback source addresses (127.0.0.1 plays the proxy)."""
import itertools
import re
import sqlite3

import httpx
import pytest
from sanic.compat import Header

from svit_appliance.http.proxy import resolve
from tests.conftest import ServerProcess, run_cli
from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin

FORM = "/api/v1/external/client/form"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PHONES = (f"+1 202 555 01{n:02d}" for n in itertools.count())


@pytest.mark.parametrize("peer, headers, trusted, expected", [
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.7"}, "", ("127.0.0.1", None)),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}, "127.0.0.1",
     ("203.0.113.7", "https")),
    ("192.0.2.1", {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}, "127.0.0.1",
     ("192.0.2.1", None)),
    # a visitor's own X-Forwarded-For entry comes before the one the proxy appended: never believed
    ("10.0.0.2", {"X-Forwarded-For": "1.1.1.1, 203.0.113.7"}, "10.0.0.0/8", ("203.0.113.7", None)),
    ("10.0.0.2", {"X-Forwarded-For": "203.0.113.7, 10.0.0.9"}, "10.0.0.0/8, ::1", ("203.0.113.7", None)),
    ("127.0.0.1", {"Forwarded": 'for=192.0.2.60;proto=https;by=203.0.113.43'}, "127.0.0.1",
     ("192.0.2.60", "https")),
    ("127.0.0.1", {"Forwarded": 'For="[2001:db8:cafe::17]:4711"'}, "127.0.0.1", ("2001:db8:cafe::17", None)),
    ("127.0.0.1", {"X-Forwarded-For": "unknown"}, "127.0.0.1", ("127.0.0.1", None)),
    ("127.0.0.1", {"X-Forwarded-Proto": "gopher"}, "127.0.0.1", ("127.0.0.1", None)),
])
def test_it_believes_forwarded_headers_only_from_trusted_proxies(peer, headers, trusted, expected):
    assert resolve(peer, Header(headers), trusted) == expected


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("proxied") / "data"
    project = run_cli(data_dir, "project", "create", "Acme", "--json")
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin",
                    "https://site.example", "--json")["token"]
    create_admin(data_dir)
    server = ServerProcess(data_dir, env={"SVIT_TRUSTED_PROXIES": "127.0.0.1", "SVIT_FORM_IP_RATE_LIMIT": "2/minute",
                                          "SVIT_FORM_MIN_FILL_SECONDS": "0"}).start()
    yield server, token
    server.stop()


def client_from(source: str, server: ServerProcess) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, timeout=10, transport=httpx.HTTPTransport(local_address=source))


def post_forms(server, token, source: str, forwarded_for: list[str], fields: dict | None = None) -> list[int]:
    statuses = []
    with client_from(source, server) as client:
        for address in forwarded_for:
            headers = {"x-client-token": token, "X-Forwarded-For": address}
            body = fields or {"phone": next(_PHONES)}
            statuses.append(client.post(FORM, headers=headers, json=body).status_code)
    return statuses


def test_it_rate_limits_the_visitor_a_trusted_proxy_names(proxied):
    server, token = proxied
    assert post_forms(server, token, "127.0.0.1", ["203.0.113.7"] * 3) == [201, 201, 429]
    assert post_forms(server, token, "127.0.0.1", ["203.0.113.8"]) == [201]
    assert re.search(r"POST /api/v1/external/client/form 201 \S+ \S+ 203\.0\.113\.8", server.log())


def test_it_ignores_forwarded_headers_from_other_peers(proxied):
    server, token = proxied
    spoofed = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert post_forms(server, token, "127.0.0.4", spoofed) == [201, 201, 429]
    assert post_forms(server, token, "127.0.0.5", spoofed[:1]) == [201]


def test_it_records_spam_with_the_visitors_address(proxied):
    server, token = proxied
    assert post_forms(server, token, "127.0.0.1", ["203.0.113.9"], {"phone": "+1 202 555 0199", "_svit_hp": "x"}) \
        == [201]
    with sqlite3.connect(f"file:{server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT ip FROM form_spam").fetchall() == [("203.0.113.9",)]


def sign_in(server, source: str, origin: str, headers: dict) -> httpx.Response:
    with client_from(source, server) as client:
        page = client.get("/console/login", headers=headers)
        csrf = _CSRF.search(page.text).group(1)
        # sent by hand: httpx keeps a Secure cookie for https, and this leg is plain http (the proxy's)
        cookies = "; ".join(value.split(";")[0] for value in page.headers.get_list("set-cookie"))
        return client.post("/console/login", headers={"Origin": origin, "Cookie": cookies, **headers},
                           data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": csrf})


def test_it_marks_console_cookies_secure_when_the_proxy_says_https(proxied):
    server, _ = proxied
    https_origin = server.base_url.replace("http://", "https://")
    answer = sign_in(server, "127.0.0.1", https_origin, {"X-Forwarded-Proto": "https"})
    assert answer.status_code == 303
    session = [value for value in answer.headers.get_list("set-cookie") if value.startswith("svit_session=")]
    assert session and "secure" in session[0].lower()


def test_it_does_not_believe_the_scheme_from_other_peers(proxied):
    server, _ = proxied
    https_origin = server.base_url.replace("http://", "https://")
    refused = sign_in(server, "127.0.0.4", https_origin, {"X-Forwarded-Proto": "https"})
    # the https Origin does not match what the server sees (plain http): refused as cross-site
    assert refused.status_code == 400 and "svit_session=" not in refused.headers.get("set-cookie", "")
    plain = sign_in(server, "127.0.0.4", server.base_url, {"X-Forwarded-Proto": "https"})
    session = [value for value in plain.headers.get_list("set-cookie") if value.startswith("svit_session=")]
    assert plain.status_code == 303 and session and "secure" not in session[0].lower()

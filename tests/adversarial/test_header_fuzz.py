"""Random header bytes and values against every route: never a 5xx, every error problem+json."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svit_appliance.app import create_app
from svit_appliance.settings import Settings
from tests.adversarial.target import ORIGIN, Target
from tests.wire import PROBLEM_TYPE, raw_exchange

EXAMPLES = 500
# framing headers are left alone: a random Content-Length only tests the client's own patience
HEADER_NAMES = ["authorization", "x-client-token", "origin", "referer", "idempotency-key", "content-type", "cookie",
                "host", "stripe-signature", "typeform-signature", "x-shopify-hmac-sha256", "calendly-webhook-signature",
                "accept", "x-request-id", "user-agent", "x-forwarded-for", "accept-language", "if-none-match",
                "range", "expect"]


def every_route(tmp_path) -> list[tuple[str, str]]:
    """(method, concrete path) of every route the app registers, parameters filled in."""
    app = create_app(Settings.load({}, data_dir=str(tmp_path)), name="svit_fuzz_routes")
    routes = []
    for route in app.router.routes:
        path = "/" + route.path.lstrip("/")
        path = re.sub(r"<__file_uri__:path>", "console.css", path)
        path = re.sub(r"<[^>]+>", "x_1", path)
        routes.extend((method, path) for method in sorted(route.methods))
    return routes + [("GET", "/nope"), ("DELETE", "/api/v1/external/ping")]


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    target = Target(tmp_path_factory.mktemp("fuzz") / "data", {"SVIT_FORM_IP_RATE_LIMIT": "off"})
    target.routes = every_route(tmp_path_factory.mktemp("routes"))
    yield target
    target.server.stop()


def header_values(target) -> st.SearchStrategy[bytes]:
    known = [f"Bearer {target.token}".encode(), target.client_token.encode(), ORIGIN.encode(), b"application/json",
             b"multipart/form-data; boundary=x", b"text/html"]
    # random bytes after a plausible start reach past the first checks (a scheme word, a token marker...)
    starts = known + [b"Bearer ", b"https://", b"svit_ct_", b"svit_pat_", b"t=1,v1=", b"sha256="]
    raw = st.binary(max_size=300).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))
    started = st.tuples(st.sampled_from(starts), raw).map(b"".join)
    return st.one_of(started, raw, started, st.sampled_from(known), started)


def test_it_never_answers_5xx_to_any_header_on_any_route(target):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    @given(route=st.sampled_from(target.routes),
           headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES[:12] * 3 + HEADER_NAMES), header_values(target)),
                            min_size=1, max_size=6),
           body=st.sampled_from([b"", b"{}", b'{"phone": "+12025550123"}', b"--x\r\n\r\n--x--"]))
    def check(route, headers, body):
        method, path = route
        lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
        lines += [name.encode() + b": " + value for name, value in headers]
        if body:
            lines.append(b"Content-Length: " + str(len(body)).encode())
        status, response_headers, response_body = raw_exchange(target.port, b"\r\n".join(lines) + b"\r\n\r\n" + body)
        assert status < 500, (route, headers, response_body[:300])
        if status >= 400:
            html_page = path.startswith("/console") and response_headers.get("content-type", "").startswith("text/html")
            assert html_page or response_headers.get("content-type") == PROBLEM_TYPE, (route, headers, response_headers)

    check()
    assert "Traceback" not in target.server.log()

"""Header values that are not printable ASCII, or too long, get 400 problem+json before any handler runs."""
import json

import pytest

from tests.conftest import run_cli
from tests.wire import PROBLEM_TYPE, raw_exchange

FORM = "/api/v1/external/client/form"
ORIGIN = "https://site.example"


@pytest.fixture(scope="module")
def client_token(appliance):
    return run_cli(appliance.data_dir, "client-token", "create", "--project", appliance.project["id"],
                   "--name", "site", "--origin", ORIGIN, "--json")["token"]


def request_bytes(method: str, path: str, headers: list[tuple[str, bytes]], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1"]
    lines += [name.encode() + b": " + value for name, value in headers]
    if body:
        lines += [b"Content-Type: application/json", b"Content-Length: " + str(len(body)).encode()]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


CASES = {
    # name: (method, path template, headers, body, header named in the detail)
    "bearer": ("GET", "/api/v1/external/ping", [("Authorization", b"Bearer \xff\xfe")], b"", "Authorization"),
    "client token": ("POST", FORM, [("x-client-token", b"\xff\xfe")], b"{}", "X-Client-Token"),
    "origin": ("POST", FORM, [("x-client-token", b"{ct}"), ("Origin", b"https://\xff.com")], b"{}", "Origin"),
    "preflight origin": ("OPTIONS", FORM, [("Origin", b"https://\xff.com")], b"", "Origin"),
    "referer": ("POST", FORM, [("x-client-token", b"{ct}"), ("Origin", ORIGIN.encode()),
                               ("Referer", b"https://e/\xff")], b'{"phone": "+12025550123"}', "Referer"),
    "idempotency key": ("POST", "/api/v1/external/data-ingestion/{integration}",
                        [("Authorization", b"Bearer {token}"), ("Idempotency-Key", b"k\xff")], b"{}",
                        "Idempotency-Key"),
    "signature": ("POST", "/api/v1/external/data-ingestion/{integration}",
                  [("Stripe-Signature", b"t=1,v1=\xc3\xa9")], b"{}", "Stripe-Signature"),
    "control character": ("GET", "/api/v1/external/ping", [("Authorization", b"Bearer a\x01b")], b"",
                          "Authorization"),
    "too long": ("GET", "/api/v1/external/ping", [("Authorization", b"Bearer " + b"a" * 2000)], b"",
                 "Authorization"),
}


@pytest.mark.parametrize("case", CASES)
def test_it_refuses_header_values_it_cannot_read(appliance, client_token, case):
    method, path, headers, body, named = CASES[case]
    values = {"ct": client_token, "token": appliance.token, "integration": appliance.integrations["webhook"]["id"]}
    headers = [(name, value.replace(b"{ct}", values["ct"].encode()).replace(b"{token}", values["token"].encode()))
               for name, value in headers]
    status, response_headers, response_body = raw_exchange(
        appliance.server.port, request_bytes(method, path.format(**values), headers, body))
    assert status == 400, response_body
    assert response_headers["content-type"] == PROBLEM_TYPE
    problem = json.loads(response_body)
    assert problem["code"] == "INVALID_REQUEST"
    assert problem["detail"].startswith(f"Header '{named}' ")
    warning = next(line for line in appliance.server.log().splitlines()[::-1] if f"Header '{named}'" in line)
    assert " WARNING " in warning


def test_it_logs_header_refusals_without_a_traceback(appliance):
    raw_exchange(appliance.server.port, request_bytes("GET", "/api/v1/external/ping",
                                                      [("Authorization", b"Bearer \xff")]))
    assert "Traceback" not in appliance.server.log()
    assert " ERROR " not in appliance.server.log()

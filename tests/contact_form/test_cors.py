"""Origin syntax and allow-list matching (pure functions)."""
import pytest

from svit_appliance.contact_form import cors

ALLOW_LIST = ["https://acme.example", "https://*.shop.example", "http://localhost:8080"]


@pytest.mark.parametrize("text, wildcard, expected", [
    ("https://acme.example", False, "https://acme.example"),
    ("  HTTPS://Acme.Example/ ", False, "https://acme.example"),
    ("https://acme.example:443", False, "https://acme.example"),
    ("http://acme.example:80", False, "http://acme.example"),
    ("http://acme.example:443", False, "http://acme.example:443"),
    ("https://acme.example:8443", False, "https://acme.example:8443"),
    ("http://127.0.0.2:5000", False, "http://127.0.0.2:5000"),
    ("http://[::1]:8080", False, "http://[::1]:8080"),
    ("https://bücher.example", False, "https://xn--bcher-kva.example"),
    ("https://*.acme.example", True, "https://*.acme.example"),
    ("https://*.acme.example:8443", True, "https://*.acme.example:8443"),
])
def test_it_normalises_origins(text, wildcard, expected):
    assert cors.normalise_origin(text, allow_wildcard=wildcard) == expected


@pytest.mark.parametrize("text, wildcard", [
    ("acme.example", False), ("ftp://acme.example", False), ("https://", False),
    ("https://acme.example/path", False), ("https://acme.example:99999", False),
    ("https://acme.example:0", False), ("https://user@acme.example", False), ("https://acme..example", False),
    ("https://*.acme.example", False), ("https://*.com", True), ("https://a.*.acme.example", True),
    ("https://acme.example?x=1", False), ("", False), ("null", False),
])
def test_it_refuses_what_is_not_an_origin(text, wildcard):
    with pytest.raises(ValueError):
        cors.normalise_origin(text, allow_wildcard=wildcard)


@pytest.mark.parametrize("header, allowed", [
    ("https://acme.example", True),
    ("https://acme.example:443", True),
    ("https://other.example", False),
    ("https://www.acme.example", False),
    ("http://acme.example", False),
    ("https://acme.example:8443", False),
    ("https://www.shop.example", True),
    ("https://a.b.shop.example", True),
    ("https://shop.example", False),
    ("http://www.shop.example", False),
    ("https://www.shop.example:8443", False),
    ("https://evilshop.example", False),
    ("https://shop.example.evil.example", False),
    ("http://localhost:8080", True),
    ("http://localhost:8081", False),
    ("http://localhost", False),
    ("null", False),
    (None, False),
    ("garbage", False),
])
def test_it_matches_scheme_host_and_port_exactly_or_by_subdomain(header, allowed):
    assert cors.is_allowed(cors.request_origin(header), ALLOW_LIST) is allowed


def test_it_explains_each_refusal():
    assert cors.refusal_detail("https://example.com") == "Origin 'https://example.com' is not allowed for this token"
    assert "file" in cors.refusal_detail("null") and "sandboxed" in cors.refusal_detail("null")
    assert "without an Origin header" in cors.refusal_detail(None)
    assert cors.refusal_detail("https://x.example", per_token=False).endswith("for any client token")


def test_it_sends_the_preflight_headers_the_contract_names():
    headers = cors.preflight_headers("https://acme.example")
    assert headers["Access-Control-Allow-Origin"] == "https://acme.example"
    assert headers["Access-Control-Allow-Methods"] == "POST, OPTIONS"
    assert {"content-type", "x-client-token"} <= {h.strip() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert headers["Vary"] == "Origin"


# --- what mutation testing found untested (tests/mutation/run.py cors) ---

def test_a_request_origin_is_never_a_wildcard():
    assert cors.request_origin("https://*.acme.example") is None
    with pytest.raises(ValueError):
        cors.normalise_origin("https://*.acme.example")  # allow_wildcard is off unless asked for


@pytest.mark.parametrize("text, expected", [
    ("https://TEX.MEX", "https://tex.mex"),  # a trailing upper-case X is host, not a slash to trim
    ("http://acme.example:1", "http://acme.example:1"),  # the lowest port
    ("http://acme.example:65535", "http://acme.example:65535"),  # the highest port
    ("https://" + "a" * 64 + ".example", "https://" + "a" * 64 + ".example"),  # browsers send labels over 63
])
def test_it_accepts_the_edges_of_an_origin(text, expected):
    assert cors.normalise_origin(text) == expected


@pytest.mark.parametrize("text, wildcard, reason", [
    ("acme.example", False, "an origin looks like https://example.com (scheme, host, optional port)"),
    ("https://bücher..example", False, "the host is not a valid domain name"),
    ("ftp://acme.example", False,
     "an origin looks like https://example.com (http or https, host, optional port, no path)"),
    ("https://*.acme.example", False, "a wildcard is allowed only in an allow-list entry"),
    ("https://*.com", True, "a wildcard needs a domain under it, as in https://*.example.com"),
    ("https://acme.example:65536", False, "the port must be between 1 and 65535"),
])
def test_it_says_why_an_origin_is_refused(text, wildcard, reason):
    with pytest.raises(ValueError) as caught:
        cors.normalise_origin(text, allow_wildcard=wildcard)
    assert str(caught.value) == reason


def test_it_sends_exactly_the_cors_headers_of_the_contract():
    allow = {"Access-Control-Allow-Origin": "https://acme.example",
             "Access-Control-Expose-Headers": "Retry-After, X-Request-ID", "Vary": "Origin"}
    assert cors.allow_headers("https://acme.example") == allow
    assert cors.preflight_headers("https://acme.example") == {
        **allow, "Access-Control-Allow-Methods": "POST, OPTIONS",
        # the contract's two headers, and the embed's diagnosis header (#svit-check)
        "Access-Control-Allow-Headers": "content-type, x-client-token, x-svit-check",
        "Access-Control-Max-Age": "600"}


def test_it_explains_each_refusal_word_for_word():
    assert cors.refusal_detail(None) == ("Requests without an Origin header are not allowed for this token: "
                                         "send the form from a web page on an allowed origin")
    assert cors.refusal_detail(" null ") == (
        "Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
        "frames and some redirects, so it names no site; serve the form from an allowed origin")
    long = "https://" + "a" * 300 + ".example"
    assert cors.refusal_detail(long) == f"Origin '{long[:200]}' is not allowed for this token"

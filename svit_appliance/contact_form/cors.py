"""CORS for the contact form: origin syntax, allow-list matching and the headers to send.

Pure functions. An origin is ``scheme://host[:port]`` as browsers send it in ``Origin``:
lower-case, IDNA host, no default port. An allow-list entry may start its host with ``*.``
to allow every subdomain (not the bare domain), with the same scheme and port.
"""
import re
from functools import lru_cache

ALLOW_METHODS = "POST, OPTIONS"
ALLOW_HEADERS = "content-type, x-client-token, x-svit-check"
EXPOSE_HEADERS = "Retry-After, X-Request-ID"
PREFLIGHT_MAX_AGE_SECONDS = 600
DEFAULT_PORTS = {"http": 80, "https": 443}
NULL_ORIGIN = "null"

_ORIGIN = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<wildcard>\*\.)?"
    r"(?P<host>[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>\d{1,5}))?$")


def normalise_origin(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None
    match = _ORIGIN.match(f"{scheme.lower()}://{rest.lower()}")
    if match is None or match["scheme"] not in DEFAULT_PORTS:
        raise ValueError("an origin looks like https://example.com (http or https, host, optional port, no path)")
    if match["wildcard"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


@lru_cache(maxsize=1024)  # every post of a site sends the same few Origin values
def request_origin(header: str | None) -> str | None:
    """The request's origin in canonical form, ``null`` as is, None when it cannot be read."""
    if header is None:
        return None
    if header.strip() == NULL_ORIGIN:
        return NULL_ORIGIN
    try:
        return normalise_origin(header)
    except ValueError:
        return None


def origin_matches(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def is_allowed(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def allow_headers(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def preflight_headers(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def refusal_detail(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"

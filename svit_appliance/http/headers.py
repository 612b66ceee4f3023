"""Every header value the appliance reads is checked at the edge, before any handler runs.

Sanic decodes header bytes that are not UTF-8 into lone surrogates; such a value would later
break hashing, storage or even the error page (one tenant's Idempotency-Key once failed another
tenant's whole group commit). A value used here must be printable ASCII (plus tab) and not
longer than its limit, else ``400 INVALID_REQUEST`` names the header and the first bad byte.
Cookies are the exception: other applications on the same host may set any bytes in theirs, so
the console reads only its own cookies, and only when they are printable ASCII.
"""
import logging

from .errors import ApiError

log = logging.getLogger("svit.http")

# name -> longest value accepted; every header some route reads (signature headers included)
CHECKED_HEADERS: dict[str, int] = {
    "authorization": 1024,
    "x-client-token": 256,
    "origin": 512,
    "referer": 4096,
    "idempotency-key": 1024,  # its own, shorter limit is checked where it is used
    "content-type": 512,
    "host": 512,
    "typeform-signature": 1024,
    "tally-signature": 1024,
    "x-webflow-signature": 1024,
    "x-webflow-timestamp": 64,
    "calendly-webhook-signature": 1024,
    "x-shopify-hmac-sha256": 1024,
    "stripe-signature": 4096,
}


def _bad_position(value: str) -> int | None:
    """Index of the first character that is not printable ASCII or tab, else None."""
    for index, char in enumerate(value):
        if not (" " <= char <= "~" or char == "\t"):
            return index
    return None


def _byte_of(char: str) -> int:
    # a byte that was not UTF-8 arrives as a lone surrogate U+DC80..U+DCFF holding it
    if "\udc80" <= char <= "\udcff":
        return ord(char) - 0xDC00
    return char.encode("utf-8", "surrogatepass")[0]


def header_problem(name: str, value: str, limit: int) -> str | None:
    """Why a header value cannot be used, in words the sender can act on; None when it can."""
    shown = name.title()
    if len(value) > limit:
        return f"Header '{shown}' is longer than {limit} characters"
    position = _bad_position(value)
    if position is not None:
        return (f"Header '{shown}' must be printable ASCII: byte 0x{_byte_of(value[position]):02x} "
                f"at position {position}")
    return None


def _plainly_readable(value: str, limit: int) -> bool:
    # C-speed test for the usual value; isprintable() on ASCII is exactly " " to "~"
    return len(value) <= limit and value.isascii() and value.isprintable()


def check_headers(request):
    """Request middleware: refuse a request whose used headers cannot be read safely."""
    # a fast pass over the headers the request has; a value that is not plainly readable sends it
    # through the full check, which names the first problem in the table's order
    for name, value in request.headers.items():
        limit = CHECKED_HEADERS.get(name.lower())
        if limit is not None and not _plainly_readable(value, limit):
            break
    else:
        return
    for name, limit in CHECKED_HEADERS.items():
        for value in request.headers.getall(name, ()):
            problem = header_problem(name, value, limit)
            if problem:
                log.warning("refused %s %s: %s", request.method, request.path, problem)
                raise ApiError("INVALID_REQUEST", problem)


def setup_header_checks(app) -> None:
    app.register_middleware(check_headers, "request")

"""CORS for the contact form: origin syntax, allow-list matching and the headers to send.

Pure functions. An origin is ``scheme://host[:port]`` as browsers send it in ``Origin``:
lower-case, IDNA host, no default port. An allow-list entry may start its host with ``*.``
to allow every subdomain (not the bare domain), with the same scheme and port.
"""
import re

ALLOW_METHODS = "POST, OPTIONS"
ALLOW_HEADERS = "content-type, x-client-token"
EXPOSE_HEADERS = "Retry-After, X-Request-ID"
PREFLIGHT_MAX_AGE_SECONDS = 600
DEFAULT_PORTS = {"http": 80, "https": 443}
NULL_ORIGIN = "null"

_ORIGIN = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<wildcard>\*\.)?"
    r"(?P<host>[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>\d{1,5}))?$")


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict
mutants_x_normalise_origin__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_normalise_origin__mutmut)
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


def x_normalise_origin__mutmut_orig(text: str, allow_wildcard: bool = False) -> str:
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


def x_normalise_origin__mutmut_1(text: str, allow_wildcard: bool = True) -> str:
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


def x_normalise_origin__mutmut_2(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = None
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


def x_normalise_origin__mutmut_3(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip(None)
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


def x_normalise_origin__mutmut_4(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().lstrip("/")
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


def x_normalise_origin__mutmut_5(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text and "").strip().rstrip("/")
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


def x_normalise_origin__mutmut_6(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "XXXX").strip().rstrip("/")
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


def x_normalise_origin__mutmut_7(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("XX/XX")
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


def x_normalise_origin__mutmut_8(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = None
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


def x_normalise_origin__mutmut_9(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition(None)
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


def x_normalise_origin__mutmut_10(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.rpartition("://")
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


def x_normalise_origin__mutmut_11(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("XX://XX")
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


def x_normalise_origin__mutmut_12(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if sep:
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


def x_normalise_origin__mutmut_13(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError(None)
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


def x_normalise_origin__mutmut_14(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("XXan origin looks like https://example.com (scheme, host, optional port)XX")
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


def x_normalise_origin__mutmut_15(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("AN ORIGIN LOOKS LIKE HTTPS://EXAMPLE.COM (SCHEME, HOST, OPTIONAL PORT)")
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


def x_normalise_origin__mutmut_16(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = None
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


def x_normalise_origin__mutmut_17(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if (not rest.isascii()) and False else rest
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


def x_normalise_origin__mutmut_18(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if (not rest.isascii()) or True else rest
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


def x_normalise_origin__mutmut_19(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode(None) if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_20(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode(None).decode("ascii") if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_21(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("XXidnaXX").decode("ascii") if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_22(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("IDNA").decode("ascii") if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_23(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("XXasciiXX") if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_24(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ASCII") if not rest.isascii() else rest
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


def x_normalise_origin__mutmut_25(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if rest.isascii() else rest
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


def x_normalise_origin__mutmut_26(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError(None) from None
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


def x_normalise_origin__mutmut_27(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("XXthe host is not a valid domain nameXX") from None
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


def x_normalise_origin__mutmut_28(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("THE HOST IS NOT A VALID DOMAIN NAME") from None
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


def x_normalise_origin__mutmut_29(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None
    match = None
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


def x_normalise_origin__mutmut_30(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None
    match = _ORIGIN.match(None)
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


def x_normalise_origin__mutmut_31(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None
    match = _ORIGIN.match(f"{scheme.upper()}://{rest.lower()}")
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


def x_normalise_origin__mutmut_32(text: str, allow_wildcard: bool = False) -> str:
    """The canonical form of an origin; ValueError with a reason when it is not one."""
    raw = (text or "").strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        raise ValueError("an origin looks like https://example.com (scheme, host, optional port)")
    try:
        rest = rest.encode("idna").decode("ascii") if not rest.isascii() else rest
    except UnicodeError:
        raise ValueError("the host is not a valid domain name") from None
    match = _ORIGIN.match(f"{scheme.lower()}://{rest.upper()}")
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


def x_normalise_origin__mutmut_33(text: str, allow_wildcard: bool = False) -> str:
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
    if match is None and match["scheme"] not in DEFAULT_PORTS:
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


def x_normalise_origin__mutmut_34(text: str, allow_wildcard: bool = False) -> str:
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
    if match is not None or match["scheme"] not in DEFAULT_PORTS:
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


def x_normalise_origin__mutmut_35(text: str, allow_wildcard: bool = False) -> str:
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
    if match is None or match["XXschemeXX"] not in DEFAULT_PORTS:
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


def x_normalise_origin__mutmut_36(text: str, allow_wildcard: bool = False) -> str:
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
    if match is None or match["SCHEME"] not in DEFAULT_PORTS:
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


def x_normalise_origin__mutmut_37(text: str, allow_wildcard: bool = False) -> str:
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
    if match is None or match["scheme"] in DEFAULT_PORTS:
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


def x_normalise_origin__mutmut_38(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError(None)
    if match["wildcard"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_39(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("XXan origin looks like https://example.com (http or https, host, optional port, no path)XX")
    if match["wildcard"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_40(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("AN ORIGIN LOOKS LIKE HTTPS://EXAMPLE.COM (HTTP OR HTTPS, HOST, OPTIONAL PORT, NO PATH)")
    if match["wildcard"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_41(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] or not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_42(text: str, allow_wildcard: bool = False) -> str:
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
    if match["XXwildcardXX"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_43(text: str, allow_wildcard: bool = False) -> str:
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
    if match["WILDCARD"] and not allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_44(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] and allow_wildcard:
        raise ValueError("a wildcard is allowed only in an allow-list entry")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_45(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError(None)
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_46(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("XXa wildcard is allowed only in an allow-list entryXX")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_47(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("A WILDCARD IS ALLOWED ONLY IN AN ALLOW-LIST ENTRY")
    if match["wildcard"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_48(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] or "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_49(text: str, allow_wildcard: bool = False) -> str:
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
    if match["XXwildcardXX"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_50(text: str, allow_wildcard: bool = False) -> str:
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
    if match["WILDCARD"] and "." not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_51(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] and "XX.XX" not in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_52(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] and "." in match["host"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_53(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] and "." not in match["XXhostXX"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_54(text: str, allow_wildcard: bool = False) -> str:
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
    if match["wildcard"] and "." not in match["HOST"]:
        raise ValueError("a wildcard needs a domain under it, as in https://*.example.com")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_55(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError(None)
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_56(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("XXa wildcard needs a domain under it, as in https://*.example.comXX")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_57(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("A WILDCARD NEEDS A DOMAIN UNDER IT, AS IN HTTPS://*.EXAMPLE.COM")
    port = int(match["port"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_58(text: str, allow_wildcard: bool = False) -> str:
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
    port = None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_59(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["port"]) if (match["port"]) and False else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_60(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["port"]) if (match["port"]) or True else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_61(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(None) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_62(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["XXportXX"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_63(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["PORT"]) if match["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_64(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["port"]) if match["XXportXX"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_65(text: str, allow_wildcard: bool = False) -> str:
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
    port = int(match["port"]) if match["PORT"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_66(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None or not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_67(text: str, allow_wildcard: bool = False) -> str:
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
    if port is None and not 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_68(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None and 0 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_69(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None and not 1 < port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_70(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None and not 0 <= port < 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_71(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None and not 0 < port <= 65536:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_72(text: str, allow_wildcard: bool = False) -> str:
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
    if port is not None and not 0 < port < 65537:
        raise ValueError("the port must be between 1 and 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_73(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError(None)
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_74(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("XXthe port must be between 1 and 65535XX")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_75(text: str, allow_wildcard: bool = False) -> str:
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
        raise ValueError("THE PORT MUST BE BETWEEN 1 AND 65535")
    suffix = "" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_76(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = None
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_77(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if (port is None or port == DEFAULT_PORTS[match["scheme"]]) and False else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_78(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if (port is None or port == DEFAULT_PORTS[match["scheme"]]) or True else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_79(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "XXXX" if port is None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_80(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if port is None and port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_81(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if port is not None or port == DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_82(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if port is None or port != DEFAULT_PORTS[match["scheme"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_83(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if port is None or port == DEFAULT_PORTS[match["XXschemeXX"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_84(text: str, allow_wildcard: bool = False) -> str:
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
    suffix = "" if port is None or port == DEFAULT_PORTS[match["SCHEME"]] else f":{port}"
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_85(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['XXschemeXX']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_86(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['SCHEME']}://{match['wildcard'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_87(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['wildcard'] and ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_88(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['XXwildcardXX'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_89(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['WILDCARD'] or ''}{match['host']}{suffix}"


def x_normalise_origin__mutmut_90(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['wildcard'] or 'XXXX'}{match['host']}{suffix}"


def x_normalise_origin__mutmut_91(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['XXhostXX']}{suffix}"


def x_normalise_origin__mutmut_92(text: str, allow_wildcard: bool = False) -> str:
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
    return f"{match['scheme']}://{match['wildcard'] or ''}{match['HOST']}{suffix}"

mutants_x_normalise_origin__mutmut['_mutmut_orig'] = x_normalise_origin__mutmut_orig # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_1'] = x_normalise_origin__mutmut_1 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_2'] = x_normalise_origin__mutmut_2 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_3'] = x_normalise_origin__mutmut_3 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_4'] = x_normalise_origin__mutmut_4 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_5'] = x_normalise_origin__mutmut_5 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_6'] = x_normalise_origin__mutmut_6 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_7'] = x_normalise_origin__mutmut_7 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_8'] = x_normalise_origin__mutmut_8 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_9'] = x_normalise_origin__mutmut_9 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_10'] = x_normalise_origin__mutmut_10 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_11'] = x_normalise_origin__mutmut_11 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_12'] = x_normalise_origin__mutmut_12 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_13'] = x_normalise_origin__mutmut_13 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_14'] = x_normalise_origin__mutmut_14 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_15'] = x_normalise_origin__mutmut_15 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_16'] = x_normalise_origin__mutmut_16 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_17'] = x_normalise_origin__mutmut_17 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_18'] = x_normalise_origin__mutmut_18 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_19'] = x_normalise_origin__mutmut_19 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_20'] = x_normalise_origin__mutmut_20 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_21'] = x_normalise_origin__mutmut_21 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_22'] = x_normalise_origin__mutmut_22 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_23'] = x_normalise_origin__mutmut_23 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_24'] = x_normalise_origin__mutmut_24 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_25'] = x_normalise_origin__mutmut_25 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_26'] = x_normalise_origin__mutmut_26 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_27'] = x_normalise_origin__mutmut_27 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_28'] = x_normalise_origin__mutmut_28 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_29'] = x_normalise_origin__mutmut_29 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_30'] = x_normalise_origin__mutmut_30 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_31'] = x_normalise_origin__mutmut_31 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_32'] = x_normalise_origin__mutmut_32 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_33'] = x_normalise_origin__mutmut_33 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_34'] = x_normalise_origin__mutmut_34 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_35'] = x_normalise_origin__mutmut_35 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_36'] = x_normalise_origin__mutmut_36 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_37'] = x_normalise_origin__mutmut_37 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_38'] = x_normalise_origin__mutmut_38 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_39'] = x_normalise_origin__mutmut_39 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_40'] = x_normalise_origin__mutmut_40 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_41'] = x_normalise_origin__mutmut_41 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_42'] = x_normalise_origin__mutmut_42 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_43'] = x_normalise_origin__mutmut_43 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_44'] = x_normalise_origin__mutmut_44 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_45'] = x_normalise_origin__mutmut_45 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_46'] = x_normalise_origin__mutmut_46 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_47'] = x_normalise_origin__mutmut_47 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_48'] = x_normalise_origin__mutmut_48 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_49'] = x_normalise_origin__mutmut_49 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_50'] = x_normalise_origin__mutmut_50 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_51'] = x_normalise_origin__mutmut_51 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_52'] = x_normalise_origin__mutmut_52 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_53'] = x_normalise_origin__mutmut_53 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_54'] = x_normalise_origin__mutmut_54 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_55'] = x_normalise_origin__mutmut_55 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_56'] = x_normalise_origin__mutmut_56 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_57'] = x_normalise_origin__mutmut_57 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_58'] = x_normalise_origin__mutmut_58 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_59'] = x_normalise_origin__mutmut_59 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_60'] = x_normalise_origin__mutmut_60 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_61'] = x_normalise_origin__mutmut_61 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_62'] = x_normalise_origin__mutmut_62 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_63'] = x_normalise_origin__mutmut_63 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_64'] = x_normalise_origin__mutmut_64 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_65'] = x_normalise_origin__mutmut_65 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_66'] = x_normalise_origin__mutmut_66 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_67'] = x_normalise_origin__mutmut_67 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_68'] = x_normalise_origin__mutmut_68 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_69'] = x_normalise_origin__mutmut_69 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_70'] = x_normalise_origin__mutmut_70 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_71'] = x_normalise_origin__mutmut_71 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_72'] = x_normalise_origin__mutmut_72 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_73'] = x_normalise_origin__mutmut_73 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_74'] = x_normalise_origin__mutmut_74 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_75'] = x_normalise_origin__mutmut_75 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_76'] = x_normalise_origin__mutmut_76 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_77'] = x_normalise_origin__mutmut_77 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_78'] = x_normalise_origin__mutmut_78 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_79'] = x_normalise_origin__mutmut_79 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_80'] = x_normalise_origin__mutmut_80 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_81'] = x_normalise_origin__mutmut_81 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_82'] = x_normalise_origin__mutmut_82 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_83'] = x_normalise_origin__mutmut_83 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_84'] = x_normalise_origin__mutmut_84 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_85'] = x_normalise_origin__mutmut_85 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_86'] = x_normalise_origin__mutmut_86 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_87'] = x_normalise_origin__mutmut_87 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_88'] = x_normalise_origin__mutmut_88 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_89'] = x_normalise_origin__mutmut_89 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_90'] = x_normalise_origin__mutmut_90 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_91'] = x_normalise_origin__mutmut_91 # type: ignore # mutmut generated
mutants_x_normalise_origin__mutmut['x_normalise_origin__mutmut_92'] = x_normalise_origin__mutmut_92 # type: ignore # mutmut generated
mutants_x_request_origin__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_request_origin__mutmut)
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


def x_request_origin__mutmut_orig(header: str | None) -> str | None:
    """The request's origin in canonical form, ``null`` as is, None when it cannot be read."""
    if header is None:
        return None
    if header.strip() == NULL_ORIGIN:
        return NULL_ORIGIN
    try:
        return normalise_origin(header)
    except ValueError:
        return None


def x_request_origin__mutmut_1(header: str | None) -> str | None:
    """The request's origin in canonical form, ``null`` as is, None when it cannot be read."""
    if header is not None:
        return None
    if header.strip() == NULL_ORIGIN:
        return NULL_ORIGIN
    try:
        return normalise_origin(header)
    except ValueError:
        return None


def x_request_origin__mutmut_2(header: str | None) -> str | None:
    """The request's origin in canonical form, ``null`` as is, None when it cannot be read."""
    if header is None:
        return None
    if header.strip() != NULL_ORIGIN:
        return NULL_ORIGIN
    try:
        return normalise_origin(header)
    except ValueError:
        return None


def x_request_origin__mutmut_3(header: str | None) -> str | None:
    """The request's origin in canonical form, ``null`` as is, None when it cannot be read."""
    if header is None:
        return None
    if header.strip() == NULL_ORIGIN:
        return NULL_ORIGIN
    try:
        return normalise_origin(None)
    except ValueError:
        return None

mutants_x_request_origin__mutmut['_mutmut_orig'] = x_request_origin__mutmut_orig # type: ignore # mutmut generated
mutants_x_request_origin__mutmut['x_request_origin__mutmut_1'] = x_request_origin__mutmut_1 # type: ignore # mutmut generated
mutants_x_request_origin__mutmut['x_request_origin__mutmut_2'] = x_request_origin__mutmut_2 # type: ignore # mutmut generated
mutants_x_request_origin__mutmut['x_request_origin__mutmut_3'] = x_request_origin__mutmut_3 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_origin_matches__mutmut)
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


def x_origin_matches__mutmut_orig(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_1(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin != pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_2(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return False
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_3(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = None
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_4(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition(None)
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_5(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.rpartition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_6(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("XX://*XX")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_7(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_8(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return True
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_9(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = None
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_10(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition(None)
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_11(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.rpartition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_12(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("XX://XX")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_13(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest) or len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_14(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme or origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_15(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme != scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_16(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(None)
            and len(origin_rest) > len(pattern_rest))


def x_origin_matches__mutmut_17(origin: str, pattern: str) -> bool:
    """Exact scheme+host+port, or any subdomain for a ``scheme://*.domain[:port]`` pattern."""
    if origin == pattern:
        return True
    scheme, _, pattern_rest = pattern.partition("://*")
    if not pattern_rest:
        return False
    origin_scheme, _, origin_rest = origin.partition("://")
    return (origin_scheme == scheme and origin_rest.endswith(pattern_rest)
            and len(origin_rest) >= len(pattern_rest))

mutants_x_origin_matches__mutmut['_mutmut_orig'] = x_origin_matches__mutmut_orig # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_1'] = x_origin_matches__mutmut_1 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_2'] = x_origin_matches__mutmut_2 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_3'] = x_origin_matches__mutmut_3 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_4'] = x_origin_matches__mutmut_4 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_5'] = x_origin_matches__mutmut_5 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_6'] = x_origin_matches__mutmut_6 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_7'] = x_origin_matches__mutmut_7 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_8'] = x_origin_matches__mutmut_8 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_9'] = x_origin_matches__mutmut_9 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_10'] = x_origin_matches__mutmut_10 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_11'] = x_origin_matches__mutmut_11 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_12'] = x_origin_matches__mutmut_12 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_13'] = x_origin_matches__mutmut_13 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_14'] = x_origin_matches__mutmut_14 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_15'] = x_origin_matches__mutmut_15 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_16'] = x_origin_matches__mutmut_16 # type: ignore # mutmut generated
mutants_x_origin_matches__mutmut['x_origin_matches__mutmut_17'] = x_origin_matches__mutmut_17 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_is_allowed__mutmut)
def is_allowed(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_orig(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_1(origin: str | None, patterns) -> bool:
    if not origin and origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_2(origin: str | None, patterns) -> bool:
    if origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_3(origin: str | None, patterns) -> bool:
    if not origin or origin != NULL_ORIGIN:
        return False
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_4(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return True
    return any(origin_matches(origin, pattern) for pattern in patterns)


def x_is_allowed__mutmut_5(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(None)


def x_is_allowed__mutmut_6(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(None, pattern) for pattern in patterns)


def x_is_allowed__mutmut_7(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, None) for pattern in patterns)


def x_is_allowed__mutmut_8(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(pattern) for pattern in patterns)


def x_is_allowed__mutmut_9(origin: str | None, patterns) -> bool:
    if not origin or origin == NULL_ORIGIN:
        return False
    return any(origin_matches(origin, ) for pattern in patterns)

mutants_x_is_allowed__mutmut['_mutmut_orig'] = x_is_allowed__mutmut_orig # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_1'] = x_is_allowed__mutmut_1 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_2'] = x_is_allowed__mutmut_2 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_3'] = x_is_allowed__mutmut_3 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_4'] = x_is_allowed__mutmut_4 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_5'] = x_is_allowed__mutmut_5 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_6'] = x_is_allowed__mutmut_6 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_7'] = x_is_allowed__mutmut_7 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_8'] = x_is_allowed__mutmut_8 # type: ignore # mutmut generated
mutants_x_is_allowed__mutmut['x_is_allowed__mutmut_9'] = x_is_allowed__mutmut_9 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_allow_headers__mutmut)
def allow_headers(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_orig(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_1(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"XXAccess-Control-Allow-OriginXX": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_2(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"access-control-allow-origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_3(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"ACCESS-CONTROL-ALLOW-ORIGIN": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_4(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "XXAccess-Control-Expose-HeadersXX": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_5(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "access-control-expose-headers": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_6(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "ACCESS-CONTROL-EXPOSE-HEADERS": EXPOSE_HEADERS,
            "Vary": "Origin"}


def x_allow_headers__mutmut_7(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "XXVaryXX": "Origin"}


def x_allow_headers__mutmut_8(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "vary": "Origin"}


def x_allow_headers__mutmut_9(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "VARY": "Origin"}


def x_allow_headers__mutmut_10(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "XXOriginXX"}


def x_allow_headers__mutmut_11(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "origin"}


def x_allow_headers__mutmut_12(origin: str) -> dict[str, str]:
    """Headers that let the page at ``origin`` read the response (errors included)."""
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
            "Vary": "ORIGIN"}

mutants_x_allow_headers__mutmut['_mutmut_orig'] = x_allow_headers__mutmut_orig # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_1'] = x_allow_headers__mutmut_1 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_2'] = x_allow_headers__mutmut_2 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_3'] = x_allow_headers__mutmut_3 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_4'] = x_allow_headers__mutmut_4 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_5'] = x_allow_headers__mutmut_5 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_6'] = x_allow_headers__mutmut_6 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_7'] = x_allow_headers__mutmut_7 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_8'] = x_allow_headers__mutmut_8 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_9'] = x_allow_headers__mutmut_9 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_10'] = x_allow_headers__mutmut_10 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_11'] = x_allow_headers__mutmut_11 # type: ignore # mutmut generated
mutants_x_allow_headers__mutmut['x_allow_headers__mutmut_12'] = x_allow_headers__mutmut_12 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_preflight_headers__mutmut)
def preflight_headers(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_orig(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_1(origin: str) -> dict[str, str]:
    return {**allow_headers(None), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_2(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "XXAccess-Control-Allow-MethodsXX": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_3(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "access-control-allow-methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_4(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "ACCESS-CONTROL-ALLOW-METHODS": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_5(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "XXAccess-Control-Allow-HeadersXX": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_6(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "access-control-allow-headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_7(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "ACCESS-CONTROL-ALLOW-HEADERS": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_8(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "XXAccess-Control-Max-AgeXX": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_9(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "access-control-max-age": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_10(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "ACCESS-CONTROL-MAX-AGE": str(PREFLIGHT_MAX_AGE_SECONDS)}


def x_preflight_headers__mutmut_11(origin: str) -> dict[str, str]:
    return {**allow_headers(origin), "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(None)}

mutants_x_preflight_headers__mutmut['_mutmut_orig'] = x_preflight_headers__mutmut_orig # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_1'] = x_preflight_headers__mutmut_1 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_2'] = x_preflight_headers__mutmut_2 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_3'] = x_preflight_headers__mutmut_3 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_4'] = x_preflight_headers__mutmut_4 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_5'] = x_preflight_headers__mutmut_5 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_6'] = x_preflight_headers__mutmut_6 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_7'] = x_preflight_headers__mutmut_7 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_8'] = x_preflight_headers__mutmut_8 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_9'] = x_preflight_headers__mutmut_9 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_10'] = x_preflight_headers__mutmut_10 # type: ignore # mutmut generated
mutants_x_preflight_headers__mutmut['x_preflight_headers__mutmut_11'] = x_preflight_headers__mutmut_11 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_refusal_detail__mutmut)
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


def x_refusal_detail__mutmut_orig(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_1(header: str | None, per_token: bool = False) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_2(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is not None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_3(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("XXRequests without an Origin header are not allowed for this token: XX"
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_4(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("requests without an origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_5(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("REQUESTS WITHOUT AN ORIGIN HEADER ARE NOT ALLOWED FOR THIS TOKEN: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_6(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "XXsend the form from a web page on an allowed originXX")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_7(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "SEND THE FORM FROM A WEB PAGE ON AN ALLOWED ORIGIN")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_8(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = None
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_9(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:201]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_10(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown != NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_11(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("XXOrigin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed XX"
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_12(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_13(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("ORIGIN 'NULL' IS NOT ALLOWED: BROWSERS SEND IT FOR PAGES OPENED FROM A FILE, SANDBOXED "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_14(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "XXframes and some redirects, so it names no site; serve the form from an allowed originXX")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_15(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "FRAMES AND SOME REDIRECTS, SO IT NAMES NO SITE; SERVE THE FORM FROM AN ALLOWED ORIGIN")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_16(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if (per_token) and False else 'any client token'}"


def x_refusal_detail__mutmut_17(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if (per_token) or True else 'any client token'}"


def x_refusal_detail__mutmut_18(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'XXthis tokenXX' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_19(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'THIS TOKEN' if per_token else 'any client token'}"


def x_refusal_detail__mutmut_20(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'XXany client tokenXX'}"


def x_refusal_detail__mutmut_21(header: str | None, per_token: bool = True) -> str:
    """Why a request's origin is refused, in words a site owner can act on."""
    if header is None:
        return ("Requests without an Origin header are not allowed for this token: "
                "send the form from a web page on an allowed origin")
    shown = header.strip()[:200]
    if shown == NULL_ORIGIN:
        return ("Origin 'null' is not allowed: browsers send it for pages opened from a file, sandboxed "
                "frames and some redirects, so it names no site; serve the form from an allowed origin")
    return f"Origin '{shown}' is not allowed for {'this token' if per_token else 'ANY CLIENT TOKEN'}"

mutants_x_refusal_detail__mutmut['_mutmut_orig'] = x_refusal_detail__mutmut_orig # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_1'] = x_refusal_detail__mutmut_1 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_2'] = x_refusal_detail__mutmut_2 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_3'] = x_refusal_detail__mutmut_3 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_4'] = x_refusal_detail__mutmut_4 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_5'] = x_refusal_detail__mutmut_5 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_6'] = x_refusal_detail__mutmut_6 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_7'] = x_refusal_detail__mutmut_7 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_8'] = x_refusal_detail__mutmut_8 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_9'] = x_refusal_detail__mutmut_9 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_10'] = x_refusal_detail__mutmut_10 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_11'] = x_refusal_detail__mutmut_11 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_12'] = x_refusal_detail__mutmut_12 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_13'] = x_refusal_detail__mutmut_13 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_14'] = x_refusal_detail__mutmut_14 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_15'] = x_refusal_detail__mutmut_15 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_16'] = x_refusal_detail__mutmut_16 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_17'] = x_refusal_detail__mutmut_17 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_18'] = x_refusal_detail__mutmut_18 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_19'] = x_refusal_detail__mutmut_19 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_20'] = x_refusal_detail__mutmut_20 # type: ignore # mutmut generated
mutants_x_refusal_detail__mutmut['x_refusal_detail__mutmut_21'] = x_refusal_detail__mutmut_21 # type: ignore # mutmut generated

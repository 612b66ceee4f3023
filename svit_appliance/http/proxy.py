"""Who is really asking, and over what: the visitor's address and scheme behind trusted proxies.

``X-Forwarded-For``, ``Forwarded`` and ``X-Forwarded-Proto`` are believed only when the
connection's peer is one of ``SVIT_TRUSTED_PROXIES``; from anyone else they are ignored, so a
client cannot pick its own address to dodge the contact form's rate limit.
"""
import ipaddress
import re
from functools import lru_cache

_FORWARDED_PAIR = re.compile(r'(for|proto)\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


@lru_cache(maxsize=16)
def parse_networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item.strip())


def _address(text: str):
    text = text.strip().strip('"')
    if text.startswith("["):  # Forwarded's quoted IPv6 form, "[2001:db8::1]:4711"
        text = text[1:text.find("]")] if "]" in text else text[1:]
    elif text.count(":") == 1:  # an IPv4 address with a port
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address, networks: tuple) -> bool:
    if address is None:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _forwarded_chain(headers) -> tuple[list[str], list[str]]:
    """The hops (``for``) and schemes (``proto``) the proxies recorded, nearest client first."""
    forwarded = headers.getall("forwarded", [])
    if forwarded:
        hops, protos = [], []
        for element in ",".join(forwarded).split(","):
            pairs = {key.lower(): value.strip('"') for key, value in _FORWARDED_PAIR.findall(element)}
            if "for" in pairs:
                hops.append(pairs["for"])
            if "proto" in pairs:
                protos.append(pairs["proto"])
        return hops, protos
    hops = [hop for value in headers.getall("x-forwarded-for", []) for hop in value.split(",") if hop.strip()]
    protos = [proto for value in headers.getall("x-forwarded-proto", []) for proto in value.split(",")
              if proto.strip()]
    return hops, protos


def resolve(peer: str, headers, trusted: str) -> tuple[str, str | None]:
    """``(client address, original scheme or None)`` for a connection from ``peer``.

    Walks the forwarded chain from the nearest hop back, skipping trusted proxies: the first
    address no trusted proxy vouches for is the client's (a visitor's own X-Forwarded-For entries
    sit before it and are never believed)."""
    networks = parse_networks(trusted)
    if not networks or not _trusted(_address(peer), networks):
        return peer, None
    hops, protos = _forwarded_chain(headers)
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not _trusted(address, networks):
            break
    proto = protos[-1].strip().lower() if protos else None  # the nearest (trusted) proxy's word
    return client, proto if proto in ("http", "https") else None


def _resolved(request) -> tuple[str, str | None]:
    resolved = getattr(request.ctx, "forwarded", None)
    if resolved is None:
        peer = request.ip or ""
        resolved = resolve(peer, request.headers, request.app.ctx.services.settings.trusted_proxies)
        request.ctx.forwarded = resolved
    return resolved


def client_address(request) -> str:
    """The visitor's address: the peer's, or the one a trusted proxy forwarded."""
    return _resolved(request)[0]


def original_scheme(request) -> str:
    """``https`` when the visitor's request was HTTPS (to us, or to a trusted proxy)."""
    return _resolved(request)[1] or request.scheme

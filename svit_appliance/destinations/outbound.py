"""The one seam for outbound connections: the SSRF guard, timeouts, a capped response, no redirects.

A destination URL is resolved once per attempt and the connection goes to the vetted address
(the ``Host`` header and TLS name stay the URL's), so DNS cannot swap in a private address
between the check and the connection.
"""
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core.errors import Refused

RESPONSE_CAP = 1024  # bytes of the answer kept for the delivery log
READ_CAP = 64 * 1024  # bytes read at most; the rest is not waited for
# cloud metadata services that sit on ordinary-looking addresses
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
            ipaddress.ip_address("100.100.100.200")}


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    total_timeout: float = 15.0
    allowed_hosts: frozenset = frozenset()

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        hosts = frozenset(h for h in settings.outbound_allow_hosts.split(",") if h)
        return cls(settings.outbound_connect_timeout_seconds, settings.outbound_timeout_seconds, hosts)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes  # at most RESPONSE_CAP bytes


class DeliveryError(Exception):
    """An attempt that did not reach the receiver or timed out; the message is for the log."""


def _forbidden(address) -> bool:
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address in METADATA or address.is_loopback or address.is_private or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
            or address in ipaddress.ip_network("100.64.0.0/10"))


def vet_host(host: str, port: int, limits: Limits, field: str = "url") -> str:
    """The address to connect to; refuses hosts resolving to loopback, private, link-local or
    metadata addresses unless the host is in ``SVIT_OUTBOUND_ALLOW_HOSTS``."""
    if not host:
        raise Refused("The address has no host name", field)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"The host {host} cannot be resolved ({error})", field) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if host.lower() not in limits.allowed_hosts:
        bad = [str(a) for a in addresses if _forbidden(a)]
        if bad:
            raise Refused(f"The host {host} resolves to {bad[0]}, a loopback, private, link-local or metadata "
                          "address: svit does not send there unless SVIT_OUTBOUND_ALLOW_HOSTS names the host", field)
    return str(addresses[0])


def check_url(url: str, limits: Limits, field: str = "url") -> str:
    """An http(s) URL whose host passes ``vet_host``; returns it trimmed."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("The URL must start with https:// (or http://) and name a host", field)
    if parts.username or parts.password:
        raise Refused("The URL must not carry a user name or password", field)
    vet_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), limits, field)
    return url


def _connect(address: str, port: int, timeout: float) -> socket.socket:
    """A connection with Nagle's algorithm off: http.client writes the headers and the body in two
    sends, and a receiver's delayed ACK of the first would hold the second back (40 ms on Linux)."""
    sock = socket.create_connection((address, port), timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = _connect(self._address, self.port, self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = _connect(self._address, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, limits: Limits) -> Answer:
    """POST ``body``; a redirect is an answer like any other (not followed)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = vet_host(parts.hostname, port, limits)
    except Refused as error:
        raise DeliveryError(str(error)) from None
    deadline = time.monotonic() + limits.total_timeout
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    connection = kind(parts.hostname, port, address, min(limits.connect_timeout, limits.total_timeout))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.connect()
        sock = connection.sock  # kept: the connection drops it once the answer says Connection: close
        sock.settimeout(_remaining(deadline))
        connection.request("POST", path, body=body, headers={"Content-Length": str(len(body)), **headers})
        response = connection.getresponse()
        return Answer(response.status, _read_capped(response, sock, deadline))
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryError(_describe(error)) from None
    finally:
        connection.close()


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


def _read_capped(response, sock, deadline: float) -> bytes:
    kept = b""
    read = 0
    while read < READ_CAP:
        sock.settimeout(_remaining(deadline))
        chunk = response.read1(min(8192, READ_CAP - read))
        if not chunk:
            break
        read += len(chunk)
        kept += chunk[:max(0, RESPONSE_CAP - len(kept))]
    return kept


def _describe(error: Exception) -> str:
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "Timed out waiting for the receiver"
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused"
    return f"{type(error).__name__}: {error}"[:300]

"""HTTPS: the certificate, its reload on SIGHUP, and an optional plain-HTTP port that only redirects.

The server keeps one ``ssl.SSLContext``; SIGHUP loads the certificate files into it again, so new
handshakes use the new certificate while open connections carry on undisturbed.
"""
import asyncio
import logging
import re
import socket
import ssl

from ..settings import SettingsError

log = logging.getLogger("svit.tls")

REDIRECT_READ_SECONDS = 10
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$")


def build_tls_context(settings) -> ssl.SSLContext | None:
    """The server's TLS context, or None when HTTPS is off; a bad file stops start-up with a message."""
    if not settings.tls_cert and not settings.tls_key:
        if settings.http_redirect_port:
            raise SettingsError("SVIT_HTTP_REDIRECT_PORT redirects to HTTPS: set SVIT_TLS_CERT and SVIT_TLS_KEY too")
        return None
    if not (settings.tls_cert and settings.tls_key):
        raise SettingsError("HTTPS needs both SVIT_TLS_CERT (--tls-cert) and SVIT_TLS_KEY (--tls-key)")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(settings.tls_cert, settings.tls_key)
    except (OSError, ssl.SSLError) as error:
        raise SettingsError(f"cannot load the TLS certificate {settings.tls_cert} with key {settings.tls_key}: "
                            f"{error}") from None
    return context


def reload_certificate(context: ssl.SSLContext, settings) -> bool:
    """Read the certificate files again; on failure the old certificate stays in use."""
    try:
        context.load_cert_chain(settings.tls_cert, settings.tls_key)
    except (OSError, ssl.SSLError) as error:
        log.error("SIGHUP: the TLS certificate was not reloaded (%s); the previous one stays in use", error)
        return False
    log.info("SIGHUP: TLS certificate reloaded from %s", settings.tls_cert)
    return True


def redirect_location(request_head: bytes, https_port: int) -> str | None:
    """Where a plain-HTTP request should go instead, or None when the request is unreadable."""
    lines = request_head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[1].startswith("/") or any(ord(c) < 0x21 or ord(c) > 0x7e for c in parts[1]):
        return None
    host = next((line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("host:")), "")
    match = _HOST.match(host)
    if not match:
        return None
    port = "" if https_port == 443 else f":{https_port}"
    return f"https://{match[1]}{port}{parts[1]}"


def bind_redirect_port(settings) -> socket.socket | None:
    """The redirect port's socket, bound before the server starts so a taken port stops it with a message."""
    if not settings.http_redirect_port:
        return None
    try:
        return socket.create_server((settings.host, settings.http_redirect_port), reuse_port=False)
    except OSError as error:
        raise SettingsError(f"cannot listen on SVIT_HTTP_REDIRECT_PORT {settings.http_redirect_port} "
                            f"({settings.host}): {error.strerror or error}") from None


async def _answer_redirect(reader, writer, https_port: int) -> None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REDIRECT_READ_SECONDS)
        location = redirect_location(head, https_port)
        if location is None:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            writer.write(f"HTTP/1.1 308 Permanent Redirect\r\nLocation: {location}\r\n"
                         "Content-Length: 0\r\nConnection: close\r\n\r\n".encode("latin-1"))
        await writer.drain()
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def answer_redirects(sock: socket.socket, settings) -> asyncio.AbstractServer:
    """The plain-HTTP port: every request gets a redirect to the same path over HTTPS."""
    server = await asyncio.start_server(lambda r, w: _answer_redirect(r, w, settings.port), sock=sock)
    log.info("plain HTTP on port %d redirects to HTTPS", settings.http_redirect_port)
    return server

"""The origin checker: for a page URL, what the browser and the appliance will do with the form.

It explains, in sentences a site owner can act on, whether the page's origin is in the client
token's allow-list and why not (scheme, port, subdomain wildcard, a path that does not count),
whether the browser would block the post as mixed content (an https page posting to an http
appliance), and whether the token is active. Pure: the token and URLs come in, findings go out.
"""
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from .cors import DEFAULT_PORTS, normalise_origin, origin_matches


@dataclass(frozen=True)
class Finding:
    ok: bool
    topic: str  # origin, path, mixed-content, token
    text: str


@dataclass
class OriginCheck:
    page_url: str
    origin: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.origin is not None and all(f.ok for f in self.findings)

    def view(self) -> dict:
        return {"pageUrl": self.page_url, "origin": self.origin, "allowed": self.allowed,
                "findings": [{"ok": f.ok, "topic": f.topic, "text": f.text} for f in self.findings]}


def _parts(origin: str) -> tuple[str, str, int]:
    split = urlsplit(origin)
    return split.scheme, split.hostname or "", split.port or DEFAULT_PORTS[split.scheme]


def _near_miss(origin: str, pattern: str) -> str | None:
    """Why ``pattern`` does not allow ``origin`` when it nearly does."""
    scheme, host, port = _parts(origin)
    p_scheme, p_host, p_port = _parts(pattern)
    wildcard = p_host.startswith("*.")
    if wildcard and host == p_host[2:] and (scheme, port) == (p_scheme, p_port):
        return f"{pattern} covers the subdomains of {host}, not {host} itself: add {origin} too"
    same_host = host == p_host or (wildcard and host.endswith(p_host[1:]))
    if same_host and scheme != p_scheme:
        return f"the scheme differs: {pattern} is listed, the page is {scheme}:// (browsers send {origin})"
    if same_host and port != p_port:
        return f"the port differs: {pattern} is listed, the page is on port {port} (browsers send {origin})"
    if not wildcard and (scheme, port) == (p_scheme, p_port) and host.endswith("." + p_host):
        return (f"{host} is another origin than {p_host}: add {origin}, or allow every subdomain with "
                f"{p_scheme}://*.{p_host}")
    if not wildcard and (scheme, port) == (p_scheme, p_port) and p_host.endswith("." + host):
        return f"{host} is another origin than {p_host}: add {origin}"
    return None


def _origin_finding(origin: str, allowed_origins: list[str]) -> Finding:
    for pattern in allowed_origins:
        if origin_matches(origin, pattern):
            how = "by the subdomain wildcard " if "*." in pattern else "as "
            return Finding(True, "origin", f"{origin} is allowed {how}{pattern}")
    misses = [m for m in (_near_miss(origin, p) for p in allowed_origins) if m]
    listed = ", ".join(allowed_origins) or "nothing (the allow-list is empty)"
    reason = misses[0] if misses else f"the allow-list holds {listed}"
    return Finding(False, "origin", f"{origin} is not allowed: {reason}")


def _mixed_content(page_scheme: str, appliance_url: str) -> Finding:
    appliance = urlsplit(appliance_url)
    loopback = (appliance.hostname or "") in ("localhost", "127.0.0.1", "::1")
    if page_scheme == "https" and appliance.scheme == "http" and not loopback:
        return Finding(False, "mixed-content",
                       f"the page is https and the appliance is {appliance_url} (http): browsers block the post "
                       "as mixed content; serve the appliance over https")
    return Finding(True, "mixed-content", f"no mixed content: the page is {page_scheme}, the appliance is "
                                          f"{appliance.scheme or 'http'}")


def token_state(revoked_at: datetime | None, expires_at: datetime | None, enabled: bool, now: datetime) -> Finding:
    if revoked_at is not None:
        return Finding(False, "token", "the client token is revoked: create a new one and update the snippet")
    if expires_at is not None and expires_at <= now:
        return Finding(False, "token", "the client token has expired: create a new one and update the snippet")
    if not enabled:
        return Finding(False, "token", "the client token is disabled")
    return Finding(True, "token", "the client token is active")


def check_page(page_url: str, allowed_origins: list[str], token: Finding, appliance_url: str) -> OriginCheck:
    """What happens when the page at ``page_url`` posts the form to ``appliance_url``."""
    text = (page_url or "").strip()
    parts = urlsplit(text)
    try:
        origin = normalise_origin(f"{parts.scheme}://{parts.netloc}")
    except ValueError as error:
        return OriginCheck(text, None, [Finding(False, "origin", f"{text!r} is not a page URL: {error}")])
    check = OriginCheck(text, origin, [_origin_finding(origin, allowed_origins)])
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        check.findings.append(Finding(True, "path", f"the path {parts.path or '/'}{'?' + parts.query if parts.query else ''} "
                                                    f"does not matter: browsers send only the origin {origin}"))
    check.findings += [_mixed_content(parts.scheme.lower(), appliance_url), token]
    return check

"""What every console page shares: templates, the signed-in admin, CSRF, security headers,
flash notes, paging and the current project."""
import hmac
import json
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, unquote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic.response import html, redirect

from ..core.audit import Actor
from ..core.sources import source_name
from ..http.errors import ApiError
from ..http.proxy import original_scheme
from ..resources import resource_path
from .session import clear_cookie, cookie, cookie_options

log = logging.getLogger("svit.console")

PREFIX = "/console"
STATIC_PREFIX = "/console/static/"
_STATIC_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
PUBLIC_PATHS = ("/console/login", "/console/setup", STATIC_PREFIX)
PRE_CSRF_COOKIE = "svit_csrf"  # double-submit token for the forms shown before sign-in
FLASH_COOKIE = "svit_flash"
PROJECT_COOKIE = "svit_project"
PAGE_SIZE = 50

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def build_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(resource_path("web/templates"))),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = lambda moment: moment.strftime("%Y-%m-%d %H:%M") if moment else "—"
    env.filters["took"] = took
    env.globals["source_name"] = source_name
    # plain JSON text, escaped by autoescape like any other value (Jinja's tojson writes \u0027 etc.)
    env.filters["json"] = lambda value, indent=None: json.dumps(value, ensure_ascii=False, indent=indent)
    return env


def took(job) -> str:
    """How long a job took from its arrival to its result: "0.42 s", "3.1 s", "2 min 5 s"."""
    if not job.processed_at or not job.received_at:
        return "—"
    seconds = max((job.processed_at - job.received_at).total_seconds(), 0.0)
    if seconds < 10:
        return f"{seconds:.2f} s" if seconds < 1 else f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def render(request, template: str, **context):
    session = getattr(request.ctx, "session", None)
    context.setdefault("project", getattr(request.ctx, "project", None))
    page = request.app.ctx.services.templates.get_template(f"console/{template}").render(
        request=request, admin=session.admin if session else None,
        csrf_token=session.csrf_token if session else request.ctx.pre_csrf,
        projects=getattr(request.ctx, "projects", []), flash=unquote(cookie(request, FLASH_COOKIE) or ""),
        section=template.split("_")[0].removesuffix(".html"), **context)
    response = html(page)
    if request.cookies.get(FLASH_COOKIE):
        clear_cookie(request, response, FLASH_COOKIE)
    return response


def go(request, path: str, note: str | None = None, **query):
    """Redirect after a change (POST/redirect/GET), with an optional one-time note."""
    query = {k: v for k, v in query.items() if v not in (None, "")}
    response = redirect(path + ("?" + urlencode(query) if query else ""), status=303)
    if note:
        # quoted: a cookie value holds no spaces, commas or non-ASCII letters as such
        response.add_cookie(FLASH_COOKIE, quote(note[:300]), **cookie_options(request, 60))
    return response


def actor(request) -> Actor:
    return Actor.admin(request.ctx.session.admin)


def project_id(request) -> str | None:
    """The project the console shows: operations refuse what belongs to another one."""
    return request.ctx.project.id if request.ctx.project else None


def form_value(request, name: str, limit: int = 2000) -> str:
    value = request.form.get(name, "") if request.form else ""
    if len(value) > limit:
        raise ApiError("INVALID_REQUEST", f"Form field {name!r} is longer than {limit} characters")
    return value


def form_list(request, name: str) -> list[str]:
    return request.form.getlist(name, []) if request.form else []


def query_value(request, name: str, limit: int = 200) -> str:
    return (request.args.get(name) or "")[:limit]


def page_number(request) -> int:
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1


@dataclass
class Paging:
    page: int
    has_next: bool
    path: str
    kept: dict

    @classmethod
    def of(cls, request, page: int, has_next: bool) -> "Paging":
        kept = {name: request.args.get(name) for name in request.args if name != "page"}
        return cls(page, has_next, request.path, kept)

    def link(self, page: int) -> str:
        return self.path + "?" + urlencode({**self.kept, "page": page})


def paged(request, rows: Callable[[int, int], list], size: int = PAGE_SIZE) -> tuple[list, Paging]:
    """One page of a list, read by ``rows(limit, offset)``: size+1 rows tell whether a next page
    exists without a COUNT."""
    page = page_number(request)
    found = rows(size + 1, (page - 1) * size)
    return found[:size], Paging.of(request, page, len(found) > size)


def _same_origin(request) -> bool:
    own = f"{original_scheme(request)}://{request.host}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == own
    return True  # non-browser clients send neither; the form token below still has to match


def check_csrf(request) -> None:
    expected = request.ctx.session.csrf_token if request.ctx.session else request.ctx.pre_csrf
    offered = (request.form.get("csrf_token") if request.form else None) or ""
    if not _same_origin(request) or not hmac.compare_digest(offered.encode(), expected.encode()):
        raise ApiError("INVALID_REQUEST", "The form could not be verified (cross-site request or expired page): "
                                          "reload the page and try again")


def check_static_path(path: str) -> None:
    """Only plain file names reach the static files (a directory or a NUL byte would crash it)."""
    if not _STATIC_NAME.match(path.removeprefix(STATIC_PREFIX)):
        log.warning("refused a static path: %s", path[:200])
        raise ApiError("NOT_FOUND", f"No file at {path[:200]}")


async def console_request(request):
    """What every console request starts with before its route runs: a static path is checked, any
    other gets the pre-sign-in CSRF token (the guard, ``guard.py``, runs with the route, off the loop)."""
    if request.path.startswith(STATIC_PREFIX):
        return check_static_path(request.path)
    if not request.path.startswith(PREFIX):
        return None
    request.ctx.pre_csrf = cookie(request, PRE_CSRF_COOKIE) or secrets.token_urlsafe(32)
    return None


async def console_headers(request, response):
    if not request.path.startswith(PREFIX):
        return
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not cookie(request, PRE_CSRF_COOKIE) and getattr(request.ctx, "pre_csrf", None):
        response.add_cookie(PRE_CSRF_COOKIE, request.ctx.pre_csrf, **cookie_options(request, None))

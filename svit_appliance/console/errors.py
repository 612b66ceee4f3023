"""Error pages for people: console routes answer a browser with a page in the console's style
(the status, a sentence, the request id); API clients keep the problem+json body."""
from sanic.response import html, redirect

from ..http.error_handler import add_html_error_page
from ..http.errors import ApiError
from ..resources import resource_path
from .web import SECURITY_HEADERS

HEADLINES = {400: "That did not work", 403: "Not allowed", 404: "Page not found", 405: "Not possible here",
             413: "Too large", 429: "Too many requests", 500: "Something went wrong on our side",
             503: "Temporarily unavailable"}


def error_page(request, error: ApiError, request_id: str | None):
    status = error.problem.status
    page = request.app.ctx.services.templates.get_template("console/error.html").render(
        status=status, headline=HEADLINES.get(status, error.problem.title), detail=error.detail,
        request_id=request_id, signed_in=getattr(getattr(request, "ctx", None), "session", None) is not None)
    return html(page, status=status, headers={**SECURITY_HEADERS, **(error.headers or {})})


async def home(request):
    return redirect("/console/", status=302)


def _favicon() -> str:
    return resource_path("web/static/favicon.svg").read_text(encoding="utf-8")


async def favicon(request):
    return html(await request.app.ctx.services.work.run(_favicon), headers={"Content-Type": "image/svg+xml",
                                                                           "Cache-Control": "public, max-age=86400"})


def setup_error_pages(app) -> None:
    add_html_error_page(app, "/console", error_page)
    app.add_route(home, "/", methods=["GET"], name="console_home_redirect")
    app.add_route(favicon, "/favicon.ico", methods=["GET"], name="favicon")

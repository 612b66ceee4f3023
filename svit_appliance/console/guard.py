"""Every console route's one wrapper: the guard (sign-in, CSRF, the current project), the handler
and its page run on one of ``services.work``'s threads, so the event loop only carries the request
in and the answer out, and stays free for intake meanwhile (DESIGN.md "Isolation").

A handler is a plain function of the request. The few that must await something of the loop's are
coroutines: those that stream (an upload read in, an export sent out) or ask the sign-in throttle;
the guard still runs on the pool before them, and they ``await services.work.run(...)`` for each
piece of their own work.
"""
import functools
import inspect
from contextlib import contextmanager
from urllib.parse import urlencode

from sanic.response import redirect

from ..core.errors import Missing, Refused
from ..http.errors import ApiError
from ..store.lists import projects_oldest_first
from .session import cookie, load_session
from .web import PREFIX, PROJECT_COOKIE, PUBLIC_PATHS, check_csrf


def _is_public(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in PUBLIC_PATHS)


def _current_project(request):
    projects = projects_oldest_first()
    request.ctx.projects = projects
    wanted = request.args.get("project") or cookie(request, PROJECT_COOKIE)
    return next((p for p in projects if p.id == wanted), projects[0] if projects else None)


def _reads_own_body(request) -> bool:
    """A streaming handler's form is not read yet: it calls check_csrf itself once it is."""
    return bool(request.route and getattr(request.route.handler, "is_stream", False))


def guard(request):
    """Sign-in, CSRF and the current project for a console request: a redirect to sign in, or None
    when the route may run (a refusal raises)."""
    request.ctx.session = load_session(request)
    if request.ctx.session is None and not _is_public(request.path):
        if request.method != "GET":
            raise ApiError("INVALID_REQUEST", "Your session has ended: sign in again")
        return redirect(f"{PREFIX}/login?" + urlencode({"next": request.path}), status=303)
    if request.method not in ("GET", "HEAD") and not _reads_own_body(request):
        check_csrf(request)
    if request.ctx.session is not None:
        request.ctx.project = _current_project(request)
    return None


@contextmanager
def refusals_as_problems():
    """Refusals a handler leaves unhandled answer like the API: an unknown id is 404, any other
    refusal 400, each with its sentence."""
    try:
        yield
    except Missing as error:
        raise ApiError("NOT_FOUND", str(error)) from None
    except Refused as error:
        raise ApiError("INVALID_REQUEST", str(error)) from None


def _guarded(handler, request, *args, **kwargs):
    turned_away = guard(request)
    if turned_away is not None:
        return turned_away
    with refusals_as_problems():
        return handler(request, *args, **kwargs)


def console_route(handler):
    """The route handler Sanic calls for a console page (see the module's docstring)."""
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def handle_on_the_loop(request, *args, **kwargs):
            turned_away = await request.app.ctx.services.work.run(guard, request)
            if turned_away is not None:
                return turned_away
            with refusals_as_problems():
                return await handler(request, *args, **kwargs)
        return handle_on_the_loop

    @functools.wraps(handler)
    async def handle(request, *args, **kwargs):
        return await request.app.ctx.services.work.run(_guarded, handler, request, *args, **kwargs)
    return handle

"""First-run setup, sign-in and sign-out."""
import logging
import math

from sanic.response import redirect

from ..access import admins
from ..core.audit import Actor
from ..core.errors import Refused
from ..http.proxy import client_address
from ..operations import admins as operations
from .session import end_session, start_session
from .web import PREFIX, actor, form_value, go, render

log = logging.getLogger("svit.console")

LOGIN_FAILED = "Email or password is incorrect, or the account is locked for a while after too many attempts."
THROTTLED = "Too many failed sign-ins from your address: try again in {minutes} min."


def _safe_next(target: str | None) -> str:
    # only our own console paths: never an open redirect to another site
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


def login_form(request):
    if request.ctx.session is not None:
        return redirect(PREFIX + "/", status=303)
    return render(request, "login.html", next=_safe_next(request.args.get("next")), email="",
                  no_admin=not admins.any_admin())


# a coroutine: the sign-in throttle is the loop's (its counts may live in Redis); the rest runs on the pool
async def login(request):
    email, password = form_value(request, "email", 254), form_value(request, "password", admins.MAX_PASSWORD)
    target, address = _safe_next(form_value(request, "next")), client_address(request)
    services = request.app.ctx.services
    wait = await services.signin_throttle.reserve(address)
    if wait:
        return await services.work.run(_login_refused, request, target, email,
                                       THROTTLED.format(minutes=math.ceil(wait / 60)), 429)
    admin = await services.work.run(operations.sign_in, Actor.address(address), email, password)
    if admin is None:
        return await services.work.run(_login_refused, request, target, email, LOGIN_FAILED)
    await services.signin_throttle.forgive(address)
    return await services.work.run(_signed_in, request, admin, target)


def _signed_in(request, admin, target: str):
    response = go(request, target)
    start_session(request, response, admin)
    return response


def _login_refused(request, target: str, email: str, error: str, status: int = 200):
    response = render(request, "login.html", next=target, email=email, error=error, no_admin=not admins.any_admin())
    response.status = status
    return response


def logout(request):
    response = go(request, PREFIX + "/login", "You are signed out.")
    operations.sign_out(actor(request), request.ctx.session.admin.id)
    end_session(request, response)
    return response


def setup_form(request):
    token = request.args.get("token", "")
    return render(request, "setup.html", token=token, valid=admins.valid_setup_token(token) is not None,
                  email="", errors={})


def setup(request):
    token, email = form_value(request, "token", 100), form_value(request, "email", 254)
    password, repeat = form_value(request, "password", admins.MAX_PASSWORD), form_value(request, "password2", admins.MAX_PASSWORD)
    errors = {}
    if password != repeat:
        errors["password2"] = "The two passwords differ"
    for field, check in (("email", admins.admin_email), ("password", admins.check_password)):
        try:
            check(email if field == "email" else password)
        except Refused as error:
            errors[field] = str(error)
    if not errors:
        try:
            admin = operations.complete_setup(token, email, password)
        except Refused as error:
            errors["form"] = str(error)
    if errors:
        return render(request, "setup.html", token=token, valid=admins.valid_setup_token(token) is not None,
                      email=email, errors=errors)
    response = go(request, PREFIX + "/", f"Welcome, {admin.email}. Start by creating a project.")
    start_session(request, response, admin)
    return response


def announce_setup_link(settings) -> None:
    """While no admin exists, print a one-time link to create the first one."""
    if admins.any_admin():
        return
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    scheme = "https" if settings.tls_cert else "http"
    url = f"{scheme}://{host}:{settings.port}{PREFIX}/setup?token={admins.issue_setup_token()}"
    print(f"No admin account yet. Create the first one here (the link works once): {url}", flush=True)

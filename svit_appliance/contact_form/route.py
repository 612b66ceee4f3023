"""``POST /client/form`` (and its CORS preflight): a site's contact form creates or merges a person."""
import asyncio
import contextlib
import functools
import logging
from datetime import timedelta

from sanic.response import empty, json

from ..access.tokens import CLIENT
from ..http.bodies import parse_request_body
from ..http.error_handler import as_api_error
from ..http.errors import ApiError
from ..http.limits import read_body
from ..http.proxy import client_address
from ..pipeline.writer import StorageUnavailable
from ..store.models import utcnow
from . import cors
from .ratelimit import FormRateLimits
from .spam import PRUNE_BATCH, load_stamp_key, prune_spam, spam_reason, without_control_fields
from .store import FormWriter, SpamPost, new_post
from .submission import InvalidSubmission, fingerprint, validate_submission

SUCCESS_MESSAGE = "Form submitted successfully"
INVALID_CLIENT_TOKEN_DETAIL = "The provided client token is invalid"
PRUNE_INTERVAL_SECONDS = 3600

log = logging.getLogger("svit.form")


async def preflight(request):
    """Answered without a token (browsers send none): any origin some active client token allows."""
    header = request.headers.get("origin")
    if header is None:
        return empty(status=204, headers={"Allow": cors.ALLOW_METHODS})
    access = request.app.ctx.access
    access.refresh()
    origin = cors.request_origin(header)
    if not cors.is_allowed(origin, access.client_origins()):
        raise ApiError("INVALID_CLIENT_ORIGIN", cors.refusal_detail(header, per_token=False),
                       headers={"Vary": "Origin"})
    return empty(status=204, headers=cors.preflight_headers(origin))


async def submit_form(request):
    request.ctx.cors_headers = {"Vary": "Origin"}
    try:
        return await _submit(request)
    except Exception as error:  # errors too carry the CORS headers, so the page's script can read them
        api_error = as_api_error(request, error)
        api_error.headers.update(request.ctx.cors_headers)
        raise api_error from None


def require_client_token(request):
    """The active client token, or ``401 INVALID_CLIENT_TOKEN``."""
    secret = (request.headers.get("x-client-token") or "").strip()
    access = request.app.ctx.access
    access.refresh()
    token = access.active_token(CLIENT, secret)
    if token is not None:
        return token
    # Any page may read a 401: it reveals nothing, and the embed can then say that the
    # snippet's token is wrong instead of failing without a word.
    origin = cors.request_origin(request.headers.get("origin"))
    if origin and origin != cors.NULL_ORIGIN:
        request.ctx.cors_headers = cors.allow_headers(origin)
    # the reference's one sentence for every case; what to fix goes in the extra ``hint`` member
    hint = ("Missing x-client-token header: send the form's client token" if not secret
            else "The client token is unknown, revoked or expired: check the snippet's data-token")
    raise ApiError("INVALID_CLIENT_TOKEN", INVALID_CLIENT_TOKEN_DETAIL, hint=hint)


def check_origin(request, token) -> None:
    header = request.headers.get("origin")
    if header is None and token.allow_no_origin:
        return
    origin = cors.request_origin(header)
    if not cors.is_allowed(origin, token.allowed_origins):
        raise ApiError("INVALID_CLIENT_ORIGIN", cors.refusal_detail(header))
    request.ctx.cors_headers = cors.allow_headers(origin)


def diagnosis(request, token):
    """form.js's check mode (#svit-check on the page): the token and the origin passed, nothing is read or stored."""
    return json({"check": True, "tokenActive": True, "origin": cors.request_origin(request.headers.get("origin")),
                 "requiredFields": token.required_fields or []}, headers=request.ctx.cors_headers)


async def form_fields(request) -> dict:
    settings = request.app.ctx.settings
    request.body = await read_body(request, settings.form_max_body_bytes)
    fields = parse_request_body(request, settings.max_json_depth).value
    if not isinstance(fields, dict):
        raise ApiError("INVALID_REQUEST", "The form body must be a JSON object of fields, e.g. {\"phone\": \"...\"}")
    return fields


def client_ip(request) -> str | None:
    return client_address(request)


async def _submit(request):
    ctx = request.app.ctx
    token = require_client_token(request)
    check_origin(request, token)
    if request.headers.get("x-svit-check") == "1":
        return diagnosis(request, token)
    await ctx.form_limits.check(client_ip(request), token)
    fields = await form_fields(request)  # read only now: token, origin and rate limit passed
    region = ctx.access.project(token.project_id).default_region
    referer = request.headers.get("referer")
    # fields first: a visitor always sees real field errors, whatever the spam rule says
    submission = valid_submission(fields, token.required_fields, region, referer)
    reason = spam_reason(fields, ctx.form_stamp_key, ctx.settings.form_min_fill_seconds)
    if reason:
        post = SpamPost(token.project_id, token.id, client_ip(request), reason, without_control_fields(fields),
                        submission.candidate, referer)
    else:
        post = new_post(token.project_id, token.id, submission, fingerprint(token.id, fields))
    result = await _store(request, post)
    return json({"personId": result.person_id, "message": SUCCESS_MESSAGE}, status=201 if result.created else 200,
                headers=request.ctx.cors_headers)


def valid_submission(fields: dict, required: list[str], region: str, referer: str | None):
    """The submission, or ``400 INVALID_REQUEST`` with the refusal's ``errors``, one per bad field."""
    try:
        return validate_submission(fields, required, region, referer)
    except InvalidSubmission as refusal:
        raise ApiError("INVALID_REQUEST", str(refusal), errors=refusal.errors) from None


async def _store(request, post):
    try:
        return await request.app.ctx.form_writer.submit(post)
    except StorageUnavailable:
        raise ApiError("SERVICE_UNAVAILABLE",
                       "The form could not be stored right now and was not accepted: retry later") from None


async def prune_spam_periodically(app) -> None:
    """Quarantined posts older than the retention period go, a small batch per transaction (the
    writer commits form posts in between), at start and every ``PRUNE_INTERVAL_SECONDS``."""
    while True:
        cutoff = utcnow() - timedelta(days=app.ctx.settings.spam_retention_days)
        try:
            while await app.ctx.form_writer.run(functools.partial(prune_spam, cutoff)) == PRUNE_BATCH:
                pass
        except Exception as error:  # storage trouble: try again at the next round
            log.warning("old spam not pruned: %s", type(error).__name__)
        await asyncio.sleep(PRUNE_INTERVAL_SECONDS)


def setup_contact_form(app) -> None:
    """The form's writer thread, rate limits and stamp key, with the server's lifecycle."""
    @app.before_server_start
    async def start_form(app):
        settings = app.ctx.settings
        app.ctx.form_stamp_key = load_stamp_key()
        app.ctx.form_limits = FormRateLimits(settings.queue_url, settings.form_ip_rate_limit,
                                             settings.form_token_rate_limit)
        app.ctx.form_writer = FormWriter(app.ctx.db, settings.writer_batch_max)
        app.ctx.form_writer.start()
        app.ctx.readiness_checks["formWriter"] = lambda: app.ctx.form_writer.running
        app.ctx.spam_prune_task = asyncio.get_running_loop().create_task(prune_spam_periodically(app))

    @app.before_server_stop
    async def stop_spam_pruning(app):
        app.ctx.spam_prune_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app.ctx.spam_prune_task

    @app.after_server_stop
    async def stop_form(app):
        await app.ctx.form_writer.stop()

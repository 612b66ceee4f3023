"""``POST /client/form`` (and its CORS preflight): a site's contact form creates or merges a person."""
import logging

from sanic.response import empty, json

from ..access.tokens import CLIENT
from ..http.bodies import parse_request_body
from ..http.error_handler import as_api_error
from ..http.errors import ApiError
from ..http.limits import read_body
from ..http.proxy import client_address
from ..pipeline.writer import StorageUnavailable
from . import cors
from .spam import spam_reason, without_control_fields
from .store import SpamPost, new_post
from .submission import InvalidSubmission, fingerprint, validate_submission

SUCCESS_MESSAGE = "Form submitted successfully"
INVALID_CLIENT_TOKEN_DETAIL = "The provided client token is invalid"

log = logging.getLogger("svit.form")


async def preflight(request):
    """Answered without a token (browsers send none): any origin some active client token allows."""
    header = request.headers.get("origin")
    if header is None:
        return empty(status=204, headers={"Allow": cors.ALLOW_METHODS})
    access = request.app.ctx.services.access
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
    access = request.app.ctx.services.access
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
    settings = request.app.ctx.services.settings
    request.body = await read_body(request, settings.form_max_body_bytes)
    fields = parse_request_body(request, settings.max_json_depth).value
    if not isinstance(fields, dict):
        raise ApiError("INVALID_REQUEST", "The form body must be a JSON object of fields, e.g. {\"phone\": \"...\"}")
    return fields


def client_ip(request) -> str | None:
    return client_address(request)


async def _submit(request):
    services = request.app.ctx.services
    token = require_client_token(request)
    check_origin(request, token)
    if request.headers.get("x-svit-check") == "1":
        return diagnosis(request, token)
    await services.form_limits.check(client_ip(request), token)
    fields = await form_fields(request)  # read only now: token, origin and rate limit passed
    region = services.access.project(token.project_id).default_region
    referer = request.headers.get("referer")
    # fields first: a visitor always sees real field errors, whatever the spam rule says
    submission = valid_submission(fields, token.required_fields, region, referer)
    reason = spam_reason(fields, services.form_stamp_key, services.settings.form_min_fill_seconds)
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
        return await request.app.ctx.services.form_writer.submit(post)
    except StorageUnavailable:
        raise ApiError("SERVICE_UNAVAILABLE",
                       "The form could not be stored right now and was not accepted: retry later") from None

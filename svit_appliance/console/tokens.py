"""Tokens: server tokens and client tokens of the current project; create (shown once), revoke,
edit a client token's origins and required fields, its embed snippet and a live preview."""
from ..access.tokens import CLIENT, kind_of
from ..contact_form.embed import TOKEN_PLACEHOLDER as PLACEHOLDER
from ..contact_form.embed import embed_snippet
from ..contact_form.origin_check import check_page, token_state
from ..contact_form.submission import FORM_FIELDS
from ..core.errors import Missing, Refused
from ..operations import tokens
from ..store.lists import client_tokens_newest_first, server_tokens_newest_first
from ..store.models import ClientToken, utcnow
from .integrations import base_url
from .web import actor, form_list, form_value, go, project_id, query_value, render

PREVIEW_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'")


def list_tokens(request, created=None, errors=None, values=None):
    project = request.ctx.project
    server = server_tokens_newest_first(project.id) if project else []
    client = client_tokens_newest_first(project.id) if project else []
    return render(request, "tokens.html", server_tokens=server, client_tokens=client, created=created,
                  errors=errors or {}, values=values or {}, form_fields=FORM_FIELDS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def create_server_token(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    name = form_value(request, "name", 500)
    try:
        minted = tokens.create_server_token(actor(request), request.ctx.project.id, name)
    except Refused as error:
        return list_tokens(request, errors={"server_name": str(error)}, values={"server_name": name})
    return list_tokens(request, created={"kind": "server", "record": minted.record, "secret": minted.secret})


def create_client_token(request):
    if request.ctx.project is None:
        return go(request, "/console/projects", "Create a project first.")
    name, origins = form_value(request, "name", 500), form_value(request, "origins", 5000)
    required = form_list(request, "required")
    try:
        minted = tokens.create_client_token(actor(request), request.ctx.project.id, name, _lines(origins), required)
    except Refused as error:
        return list_tokens(request, errors={"client": str(error)},
                                 values={"client_name": name, "origins": origins, "required": required})
    return list_tokens(request, created={"kind": "client", "record": minted.record, "secret": minted.secret,
                                               "snippet": embed_snippet(base_url(request), minted.secret,
                                                                          required=minted.record.required_fields)})


def revoke_token(request, token_id: str):
    try:
        token = tokens.revoke_token(actor(request), kind_of(token_id), token_id, project_id(request))
    except Missing:
        raise
    except Refused as error:  # revoked already (a second click): say so on the list
        return go(request, "/console/tokens", str(error))
    return go(request, "/console/tokens", f"Token {token.name} revoked: it is refused from the next request on.")


def _client_page(request, token, errors=None, values=None):
    values = values or {"origins": "\n".join(token.allowed_origins or []), "required": token.required_fields or []}
    page_url = query_value(request, "check", 2000).strip()
    return render(request, "client_token.html", token=token, errors=errors or {}, values=values,
                  form_fields=FORM_FIELDS, snippet=embed_snippet(base_url(request), PLACEHOLDER,
                                                                 required=token.required_fields or ()),
                  page_url=page_url, check=_origin_check(request, token, page_url) if page_url else None)


def _origin_check(request, token: ClientToken, page_url: str):
    """What the browser and the appliance would do with the form on ``page_url`` (the origin checker)."""
    state = token_state(token.revoked_at, token.expires_at, token.enabled, utcnow())
    return check_page(page_url, token.allowed_origins or [], state, base_url(request))


def _client_token(request, token_id: str) -> ClientToken:
    try:
        return tokens.get_token(CLIENT, token_id, project_id(request))
    except Refused:
        raise Missing(f"Client token {token_id} not found") from None


def show_client_token(request, token_id: str):
    return _client_page(request, _client_token(request, token_id))


def edit_client_token(request, token_id: str):
    token = _client_token(request, token_id)
    origins_text, required = form_value(request, "origins", 5000), form_list(request, "required")
    try:
        tokens.configure_client_token(actor(request), token.id, _lines(origins_text), required,
                                      project_id=project_id(request))
    except Refused as error:
        return _client_page(request, token, {error.field: str(error)}, {"origins": origins_text, "required": required})
    return go(request, f"/console/tokens/client/{token.id}", "Client token saved.")


def preview_client_token(request, token_id: str):
    """The form as a site shows it, in a frame of the token's page (so only our own pages may frame it)."""
    token = _client_token(request, token_id)
    wanted = request.args.get("required")
    # the token page's checkboxes re-point the frame here, so unsaved choices show at once
    required = ([f for f in wanted.split(",") if f in FORM_FIELDS] if wanted is not None
                else token.required_fields or [])
    response = render(request, "client_preview.html", token=token, required=required,
                      snippet_base=base_url(request), placeholder=PLACEHOLDER)
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response

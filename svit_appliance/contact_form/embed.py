"""The site owners' contact form: ``GET /embed/form.js`` and the snippet that embeds it."""
from html import escape

from sanic.response import HTTPResponse

from ..resources import resource_path
from .spam import make_stamp

SCRIPT_PATH = "web/static/embed/form.js"
STAMP_PLACEHOLDER = "__SVIT_STAMP__"
TOKEN_PLACEHOLDER = "YOUR_CLIENT_TOKEN"
DEFAULT_FIELDS = ("name", "email", "phone", "message")


def embed_snippet(base_url: str, token: str = TOKEN_PLACEHOLDER, fields=DEFAULT_FIELDS, required=("phone",),
                  success_message: str | None = None, redirect_url: str | None = None) -> str:
    """The HTML a site owner pastes where the form should appear."""
    attributes = [("data-svit-form", None), ("data-token", token), ("data-fields", ",".join(fields)),
                  ("data-required", ",".join(required))]
    if success_message:
        attributes.append(("data-success", success_message))
    if redirect_url:
        attributes.append(("data-redirect", redirect_url))
    rendered = "".join(f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attributes)
    script = f"{base_url.rstrip('/')}/embed/form.js"
    return f'<div{rendered}></div>\n<script src="{escape(script)}" async></script>'


def form_script(template: str, stamp: str) -> str:
    return template.replace(STAMP_PLACEHOLDER, stamp, 1)


def setup_embed(app) -> None:
    template = resource_path(SCRIPT_PATH).read_text(encoding="utf-8")

    async def serve_form_script(request):
        # never cached: the script carries the signed time it was loaded (the form's spam stamp)
        return HTTPResponse(form_script(template, make_stamp(request.app.ctx.services.form_stamp_key)),
                            content_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    app.add_route(serve_form_script, "/embed/form.js", methods=["GET"], name="embed_form_script")

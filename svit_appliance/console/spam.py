"""The spam inbox: the project's quarantined contact form posts, each with its reason and "Not spam"."""
from ..core.errors import Refused
from ..operations import spam
from ..store.models import ClientToken, FormSpam
from .web import actor, go, paged, project_id, render

REASONS = {"honeypot": "hidden field filled", "forged_stamp": "stamp not ours",
           "too_fast": "sent too soon after the form loaded"}


async def list_spam(request):
    query = (FormSpam.select().where(FormSpam.project == project_id(request))
             .order_by(FormSpam.created_at.desc(), FormSpam.id.desc()))
    posts, paging = paged(request, query)
    tokens = {t.id: t.name for t in ClientToken.select(ClientToken.id, ClientToken.name)
              .where(ClientToken.id.in_({p.client_token_id for p in posts}))}
    return render(request, "spam.html", posts=posts, paging=paging, tokens=tokens, reasons=REASONS,
                  retention_days=request.app.ctx.services.settings.spam_retention_days)


async def release_spam(request, spam_id: str):
    try:
        result = spam.release_spam(actor(request), spam_id, project_id(request))
    except Refused as error:  # e.g. already released in another tab, or fields the token no longer accepts
        return go(request, "/console/spam", str(error))
    note = "Not spam: a new person was created." if result.created else "Not spam: merged into this person."
    return go(request, f"/console/persons/{result.person_id}", note)

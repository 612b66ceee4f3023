"""The spam inbox: the project's quarantined contact form posts, each with its reason and "Not spam"."""
from ..core.errors import Refused
from ..operations import spam
from ..store.lists import client_token_names, spam_newest_first
from .web import actor, go, paged, project_id, render

REASONS = {"honeypot": "hidden field filled", "forged_stamp": "stamp not ours",
           "too_fast": "sent too soon after the form loaded"}


def list_spam(request):
    shown = project_id(request)
    posts, paging = paged(request, lambda limit, offset: spam_newest_first(shown, limit, offset))
    tokens = client_token_names({p.client_token_id for p in posts})
    return render(request, "spam.html", posts=posts, paging=paging, tokens=tokens, reasons=REASONS,
                  retention_days=request.app.ctx.services.settings.spam_retention_days)


def release_spam(request, spam_id: str):
    try:
        result = spam.release_spam(actor(request), spam_id, project_id(request))
    except Refused as error:  # e.g. already released in another tab, or fields the token no longer accepts
        return go(request, "/console/spam", str(error))
    note = "Not spam: a new person was created." if result.created else "Not spam: merged into this person."
    return go(request, f"/console/persons/{result.person_id}", note)

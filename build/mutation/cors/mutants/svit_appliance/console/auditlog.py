"""The audit log page: every change made in the console or the CLI, newest first."""
from ..store.models import AuditEntry
from .web import paged, query_value, render


async def list_audit(request):
    query = AuditEntry.select().order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    actor = query_value(request, "actor")
    if actor:
        query = query.where(AuditEntry.actor == actor)
    entries, paging = paged(request, query)
    return render(request, "audit.html", entries=entries, paging=paging, actor=actor)

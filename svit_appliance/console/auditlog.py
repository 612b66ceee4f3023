"""The audit log page: every change made in the console or the CLI, newest first, targets by name."""
from ..store.details import records_with_ids
from ..store.lists import audit_entries_newest_first
from ..store.models import AdminUser, ClientToken, Integration, Person, Project, ServerToken
from .web import paged, query_value, render

# What an id's prefix names, how to read its name, and where its page is.
TARGETS = {
    "per": (Person, lambda p: p.name or p.email or p.phone, "/console/persons/{}"),
    "int": (Integration, lambda i: f"{i.name} ({i.type})", "/console/integrations/{}"),
    "prj": (Project, lambda p: p.name, "/console/projects"),
    "tok": (ServerToken, lambda t: f"server token {t.name}", "/console/tokens"),
    "ctk": (ClientToken, lambda t: f"client token {t.name}", "/console/tokens/client/{}"),
    "adm": (AdminUser, lambda a: a.email, None),
}


def target_names(entries) -> dict[str, tuple[str, str | None]]:
    """id -> (name, link) for the targets on this page that still exist, one query per kind."""
    by_prefix: dict[str, set[str]] = {}
    for entry in entries:
        if entry.target and "_" in entry.target:
            by_prefix.setdefault(entry.target.split("_", 1)[0], set()).add(entry.target)
    names = {}
    for prefix, ids in by_prefix.items():
        if prefix not in TARGETS:
            continue
        model, name_of, link = TARGETS[prefix]
        for record in records_with_ids(model, list(ids)):
            names[record.id] = (name_of(record) or record.id, link.format(record.id) if link else None)
    return names


def list_audit(request):
    actor = query_value(request, "actor")
    entries, paging = paged(request, lambda limit, offset: audit_entries_newest_first(actor, limit, offset))
    return render(request, "audit.html", entries=entries, paging=paging, actor=actor, targets=target_names(entries))

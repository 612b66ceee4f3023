"""Likely duplicates, a side-by-side merge where the admin picks each field, and undo."""
from datetime import timedelta

from ..core.duplicates import likely_duplicates
from ..core.merges import MERGE_FIELDS, UNDO_DAYS
from ..operations import merges, persons
from ..store.lists import merges_since
from ..store.models import utcnow
from .web import actor, form_value, go, project_id, query_value, render

PAGE = "/console/persons/duplicates"


def list_duplicates(request):
    project = request.ctx.project
    recent = merges_since(project.id, utcnow() - timedelta(days=UNDO_DAYS), 50) if project is not None else []
    return render(request, "persons_duplicates.html", pairs=likely_duplicates(project.id) if project else [],
                  merges=recent)


def merge_preview(request):
    keep = persons.get_person(query_value(request, "keep", 100), project_id(request))
    other = persons.get_person(query_value(request, "other", 100), project_id(request))
    return render(request, "persons_merge.html", keep=keep, other=other, fields=MERGE_FIELDS)


def merge(request):
    keep_id, other_id = form_value(request, "keep", 100), form_value(request, "other", 100)
    from_other = [name for name in MERGE_FIELDS if form_value(request, f"take_{name}", 10) == "other"]
    done = merges.merge_persons(actor(request), keep_id, other_id, from_other, project_id(request))
    return go(request, f"/console/persons/{done.kept_id}",
              f"Merged {done.merged_id} into this person ({done.id}): undo it on Duplicates within {UNDO_DAYS} days.")


def undo(request, merge_id: str):
    done = merges.unmerge_persons(actor(request), merge_id, project_id(request))
    return go(request, PAGE, f"Merge undone: {done.kept_id} and {done.merged_id} are back as they were.")

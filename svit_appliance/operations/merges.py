"""Merging two persons (the admin picks each field) and undoing a merge within 30 days."""
from ..core import merges
from ..core.errors import Missing
from ..store.merges import find_merge
from ..store.models import PersonMerge
from .checks import in_project
from .op import Op, operation
from .persons import get_person


@operation("person.merge")
def merge_persons(op: Op, keep_id: str, other_id: str, from_other: list[str] | None = None,
                  project_id: str | None = None) -> PersonMerge:
    """Merge ``other_id`` into ``keep_id``; the fields named in ``from_other`` take the other's value."""
    keep, other = get_person(keep_id, project_id), get_person(other_id, project_id)
    with op.writing():
        merge = merges.merge(keep, other, set(from_other or ()), op.actor.label)
        op.audit(keep.id, {"mergeId": merge.id, "mergedFrom": other.id, "took": sorted(from_other or ())})
    return merge


def get_merge(merge_id: str, project_id: str | None = None) -> PersonMerge:
    merge = find_merge(merge_id)
    if not in_project(merge, project_id):
        raise Missing(f"Merge {merge_id} not found")
    return merge


@operation("person.unmerge")
def unmerge_persons(op: Op, merge_id: str, project_id: str | None = None) -> PersonMerge:
    """Both persons back exactly as they were before the merge."""
    merge = get_merge(merge_id, project_id)
    with op.writing():
        merges.undo(merge)
        op.audit(merge.kept_id, {"mergeId": merge.id, "restored": merge.merged_id})
    return get_merge(merge.id)

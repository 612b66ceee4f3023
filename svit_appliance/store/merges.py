"""Merge records (``person_merge``): two persons merged into one, both kept as they were so the
merge can be undone."""
from datetime import datetime

from .models import PersonMerge


def find_merge(merge_id: str) -> PersonMerge | None:
    return PersonMerge.get_or_none(PersonMerge.id == merge_id)


def delete_merges_of(person_id: str) -> None:
    """Every merge the person took part in, kept or merged (the copies of them go too)."""
    PersonMerge.delete().where((PersonMerge.kept_id == person_id) | (PersonMerge.merged_id == person_id)).execute()


def record_merge(merge_id: str, project_id: str, kept_id: str, merged_id: str, kept_before: dict,
                 merged_before: dict, moved_event_ids: list[str], merge_event_id: str, actor: str,
                 at: datetime) -> PersonMerge:
    """The record of a merge: both persons as they were, the timeline entries that moved over."""
    return PersonMerge.create(id=merge_id, project=project_id, kept_id=kept_id, merged_id=merged_id,
                              kept_before=kept_before, merged_before=merged_before, moved_event_ids=moved_event_ids,
                              merge_event_id=merge_event_id, actor=actor, created_at=at)


def mark_undone(merge_id: str, at: datetime) -> None:
    PersonMerge.update(undone_at=at).where(PersonMerge.id == merge_id).execute()

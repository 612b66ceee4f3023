"""Merge records (``person_merge``): two persons merged into one, both kept as they were so the
merge can be undone."""
from .models import PersonMerge


def delete_merges_of(person_id: str) -> None:
    """Every merge the person took part in, kept or merged (the copies of them go too)."""
    PersonMerge.delete().where((PersonMerge.kept_id == person_id) | (PersonMerge.merged_id == person_id)).execute()

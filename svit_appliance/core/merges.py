"""Merging two persons by hand, and undoing it exactly.

A merge keeps one person: the admin picks, field by field, whose value stays; attributes are
united (the kept person's win); the other person's timeline moves over, and a ``merged`` entry
says where it came from. Both persons are kept as they were in the merge record, so an undo
puts both back exactly (the timeline entries moved over go back too) for ``UNDO_DAYS``.
"""
from datetime import datetime, timedelta

from ..store import merges as merge_store
from ..store import persons as person_store
from ..store import timeline
from ..store.db import IntegrityError, savepoint
from ..store.models import Person, PersonMerge, utcnow
from .errors import Refused
from .ids import new_id

MERGE_FIELDS = ("name", "first_name", "last_name", "email", "phone", "company")
TYPED = {"email": "email_raw", "phone": "phone_raw"}
UNDO_DAYS = 30


def snapshot(person: Person) -> dict:
    """Every column of the person, JSON-ready (times as ISO text)."""
    values = {}
    for name in person_store.FIELD_NAMES:
        value = getattr(person, name if name != "project" else "project_id")
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values


def _restored(values: dict) -> dict:
    restored = dict(values)
    for name in ("created_at", "updated_at"):
        if restored.get(name):
            restored[name] = datetime.fromisoformat(restored[name])
    return restored


def merged_values(keep: Person, other: Person, from_other: set[str]) -> dict:
    """The kept person's new values: each field from whichever person the admin picked."""
    unknown = set(from_other) - set(MERGE_FIELDS)
    if unknown:
        raise Refused(f"Unknown field(s) {', '.join(sorted(unknown))}: pick from {', '.join(MERGE_FIELDS)}", "fields")
    values = {}
    for name in from_other:
        values[name] = getattr(other, name)
        if name in TYPED:
            values[TYPED[name]] = getattr(other, TYPED[name])
    values["attributes"] = {**(other.attributes or {}), **(keep.attributes or {})}
    return values


def merge(keep: Person, other: Person, from_other: set[str], actor_label: str) -> PersonMerge:
    """Merge ``other`` into ``keep``, in the caller's write transaction (the operation's, with its
    audit entry)."""
    if keep.id == other.id or keep.project_id != other.project_id:
        raise Refused("Pick two different persons of the same project to merge", "other")
    values = merged_values(keep, other, from_other)
    merge_id, event_id, now = new_id("mrg"), new_id("evt"), utcnow()
    kept_before, merged_before = snapshot(keep), snapshot(other)
    moved = timeline.event_ids_of(other.id)
    timeline.move_events_of(other.id, keep.id)
    person_store.delete_person(other.id)  # first: its email and phone become free
    person_store.set_fields(keep.id, {**values, "updated_at": now})
    timeline.add_event(event_id, keep.id, "merged", "admin", actor_label, None,
                       {"mergeId": merge_id, "mergedFrom": other.id, "took": sorted(from_other),
                        "from": {k: merged_before[k] for k in MERGE_FIELDS if merged_before[k]}}, now)
    return merge_store.record_merge(merge_id, keep.project_id, keep.id, other.id, kept_before, merged_before,
                                    moved, event_id, actor_label, now)


def undo(record: PersonMerge) -> None:
    """Both persons back exactly as they were before the merge; later timeline entries stay with the
    kept one. Runs in the caller's write transaction (the operation's, with its audit entry)."""
    if record.undone_at is not None:
        raise Refused(f"Merge {record.id} was already undone")
    if record.created_at < utcnow() - timedelta(days=UNDO_DAYS):
        raise Refused(f"Merge {record.id} is older than {UNDO_DAYS} days: it can no longer be undone")
    try:
        with savepoint():
            timeline.delete_event(record.merge_event_id)
            kept = _restored(record.kept_before)
            if not person_store.set_fields(record.kept_id, {k: v for k, v in kept.items() if k != "id"}):
                raise Refused(f"Person {record.kept_id} was deleted since the merge: the merge cannot be undone")
            person_store.insert_fields(_restored(record.merged_before))
            timeline.move_events(record.moved_event_ids, record.merged_id)
            merge_store.mark_undone(record.id, utcnow())
    except IntegrityError:
        raise Refused(f"Another person took the email or phone of {record.merged_id} since the merge: "
                      "merge or edit that one first") from None

"""The rejected-request inspector's statements: storing refusals, trimming them, reading the newest.

How many to keep and for how long is the inspector's policy (``inspector/recorder.py``); these
functions only read and write the rows.
"""
from datetime import datetime

from .models import RejectedRequest

# ``project_id`` of ``newest``: every project's refusals and the appliance-wide ones
ANY_PROJECT = object()


def _of_project(project_id: str | None):
    return RejectedRequest.project.is_null() if project_id is None else RejectedRequest.project == project_id


def insert_rejections(rows: list[dict]) -> None:
    """One multi-row insert of ``rows`` (column name -> value)."""
    RejectedRequest.insert_many(rows).execute()


def keep_newest_rejections(project_id: str | None, keep: int) -> None:
    """Delete all but the newest ``keep`` refusals of a project (``None``: the appliance-wide ones)."""
    same = _of_project(project_id)
    oldest_kept = (RejectedRequest.select(RejectedRequest.id).where(same)
                   .order_by(RejectedRequest.id.desc()).limit(1).offset(keep - 1).scalar())
    if oldest_kept is not None:
        RejectedRequest.delete().where(same, RejectedRequest.id < oldest_kept).execute()


def newest_rejections(project_id, since: datetime, limit: int) -> list[RejectedRequest]:
    """Refusals recorded since ``since``, newest first: a project's, the appliance-wide ones
    (``None``) or all of them (``ANY_PROJECT``)."""
    query = (RejectedRequest.select().where(RejectedRequest.created_at >= since)
             .order_by(RejectedRequest.id.desc()).limit(limit))
    if project_id is not ANY_PROJECT:
        query = query.where(_of_project(project_id))
    return list(query)

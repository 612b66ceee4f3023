"""Retention's statements: find the oldest rows a policy has come for, and redact or delete them.

The policies (how old, how many per transaction, when) stay in ``upkeep/retention.py``; each
function here is one statement, run inside the caller's write transaction.
"""
from datetime import datetime

from .db import database, dialect
from .models import AuditEntry, FormSpam, IngestionJob, RejectedRequest, utcnow


def _due_bodies_sql() -> str:
    """The oldest unredacted bodies, from the partial index ingestion_job_body_retention: its
    condition is written out (bound parameters hide it from the planner), and SQLite is told the
    index by name, else it prefers an index on status and walks every succeeded job, redacted ones too."""
    indexed_by = dialect().index_hint("ingestion_job_body_retention")
    return (f"SELECT id FROM ingestion_job{indexed_by} WHERE status = 'succeeded' AND body_redacted_at IS NULL "
            f"AND processed_at < {database.param} ORDER BY processed_at LIMIT {database.param}")


def oldest_unredacted_bodies(before: datetime, limit: int) -> list[str]:
    """Ids of up to ``limit`` succeeded jobs processed before ``before`` whose body is still there, oldest first."""
    return [row[0] for row in database.execute_sql(_due_bodies_sql(), (before, limit))]


def redact_bodies(job_ids: list[str]) -> int:
    """Empty these jobs' raw bodies and note when; everything else about them stays. Returns how many changed."""
    if not job_ids:
        return 0
    return IngestionJob.update(body=b"", body_redacted_at=utcnow()).where(IngestionJob.id.in_(job_ids)).execute()


def audit_entries_before(before: datetime, limit: int) -> list[str]:
    """Ids of up to ``limit`` audit entries recorded before ``before``."""
    return [row[0] for row in AuditEntry.select(AuditEntry.id)
            .where(AuditEntry.created_at < before).limit(limit).tuples()]


def delete_audit_entries(entry_ids: list[str]) -> int:
    if not entry_ids:
        return 0
    return AuditEntry.delete().where(AuditEntry.id.in_(entry_ids)).execute()


def spam_before(before: datetime, limit: int) -> list[str]:
    """Ids of up to ``limit`` quarantined form posts received before ``before``, oldest first."""
    return [row[0] for row in FormSpam.select(FormSpam.id).where(FormSpam.created_at < before)
            .order_by(FormSpam.created_at).limit(limit).tuples()]


def delete_spam(spam_ids: list[str]) -> int:
    if not spam_ids:
        return 0
    return FormSpam.delete().where(FormSpam.id.in_(spam_ids)).execute()


def rejections_before(before: datetime, limit: int) -> list[str]:
    """Ids of up to ``limit`` refused requests the inspector kept from before ``before``."""
    return [row[0] for row in RejectedRequest.select(RejectedRequest.id)
            .where(RejectedRequest.created_at < before).limit(limit).tuples()]


def delete_rejections(rejection_ids: list[str]) -> int:
    if not rejection_ids:
        return 0
    return RejectedRequest.delete().where(RejectedRequest.id.in_(rejection_ids)).execute()

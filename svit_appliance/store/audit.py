"""The audit log's writes: one entry per operation, inserted in the operation's own transaction
(``operations.op.Op.audit`` is the only caller)."""
from .models import AuditEntry


def insert_entry(entry_id: str, actor: str, action: str, target: str | None, details: dict) -> None:
    AuditEntry.create(id=entry_id, actor=actor, action=action, target=target, details=details)


def set_details(entry_id: str, details: dict) -> None:
    """Replace an entry's details (an import or reprocessing run brings its entry up to date as it goes)."""
    AuditEntry.update(details=details).where(AuditEntry.id == entry_id).execute()

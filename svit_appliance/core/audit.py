"""The audit log: who changed what, from the console or the CLI, and when."""
import getpass

from .ids import new_id
from ..store.models import AuditEntry


def record(actor: str, action: str, target: str | None = None, details: dict | None = None) -> AuditEntry:
    """Store one audit entry; ``details`` must never hold a secret (tokens, passwords)."""
    return AuditEntry.create(id=new_id("aud"), actor=actor, action=action, target=target, details=details or {})


def cli_actor() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no passwd entry in a bare container: still say it was the shell
        user = "unknown"
    return f"cli:{user}"

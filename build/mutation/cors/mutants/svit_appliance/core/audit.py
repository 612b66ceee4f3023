"""The audit log: who changed what, from the console or the CLI, and when."""
import getpass
from dataclasses import dataclass

from ..store.models import AuditEntry
from .ids import new_id


@dataclass(frozen=True)
class Actor:
    """Who asked for a change: a console admin, or a user of the ``svit`` command."""

    kind: str  # "admin" or "cli"
    id: str  # the admin's id, or the OS user
    label: str  # as the audit log shows it: "admin:<email>" or "cli:<user>"

    @classmethod
    def admin(cls, admin) -> "Actor":
        return cls("admin", admin.id, f"admin:{admin.email}")

    @classmethod
    def cli(cls) -> "Actor":
        try:
            user = getpass.getuser()
        except Exception:  # no passwd entry in a bare container: still say it was the shell
            user = "unknown"
        return cls("cli", user, f"cli:{user}")


def record(actor: Actor, action: str, target: str | None = None, details: dict | None = None) -> AuditEntry:
    """Store one audit entry; ``details`` must never hold a secret (tokens, passwords)."""
    return AuditEntry.create(id=new_id("aud"), actor=actor.label, action=action, target=target,
                             details=details or {})

"""The audit log: who changed what, from the console or the CLI, and when."""
import getpass
from dataclasses import dataclass

from ..store.models import AuditEntry
from .ids import new_id


@dataclass(frozen=True)
class Actor:
    """Who asked for a change: a console admin, or a user of the ``svit`` command."""

    kind: str  # "admin", "cli" or "address"
    id: str  # the admin's id, the OS user, or the client address
    label: str  # as the audit log shows it: "admin:<email>", "cli:<user>" or "address:<ip>"

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


    @classmethod
    def address(cls, address: str | None) -> "Actor":
        """Someone not signed in, known only by the address they connect from (a sign-in that locks an account)."""
        address = address or "unknown"
        return cls("address", address, f"address:{address}")


def record(actor: Actor, action: str, target: str | None = None, details: dict | None = None) -> AuditEntry:
    """Store one audit entry; ``details`` must never hold a secret (tokens, passwords)."""
    return AuditEntry.create(id=new_id("aud"), actor=actor.label, action=action, target=target,
                             details=details or {})

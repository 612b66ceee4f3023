"""Who acts: the actor each face names when it calls an operation, as the audit log shows them.

Audit entries are written only by the operations (``operations.op.Op.audit``), in the
transaction of the change they record.
"""
import getpass
from dataclasses import dataclass


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


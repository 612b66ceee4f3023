"""What every operation is made of: ``@operation("person.edit")`` and the ``Op`` its body gets.

The body takes ``op`` first; the decorated callable takes the acting ``Actor`` in its place, so
the faces call ``edit_person(actor, person_id, values)``. The body checks what it was given first,
slow checks included (DNS, Argon2, reading a file), then opens ``op.writing()``, the operation's
write transaction, and makes the change and its audit entry (``op.audit``) inside it: both commit
together or neither does. The write lock is held for the change alone.
"""
import functools
from contextlib import contextmanager
from typing import Callable

from ..core.audit import Actor
from ..core.ids import new_id
from ..store import audit as audit_store
from ..store.db import write_transaction

# Every operation by its action name: what the tests enumerate and a role check will read.
OPERATIONS: dict[str, Callable] = {}


class AuditOutsideTransaction(RuntimeError):
    """``op.audit`` was called with no ``op.writing()`` open: a programming error, never a refusal."""


class Op:
    """One run of an operation: the action, who acts, and whether its write transaction is open."""

    def __init__(self, action: str, actor: Actor | None):
        self.action = action
        self.actor = actor
        self._writing = False

    @contextmanager
    def writing(self):
        """The operation's write transaction (``store.db.write_transaction``): the change and its
        audit entry happen inside it. A domain function that opens a write transaction of its own
        inside it gets a savepoint of this one. Opened again for each piece of a run committed in
        pieces (an import's chunks, a reprocessing run's jobs)."""
        if self._writing:
            raise RuntimeError(f"{self.action}: op.writing() is open already")
        with write_transaction():
            self._writing = True
            try:
                yield
            finally:
                self._writing = False

    def audit(self, target: str | None, details: dict | None = None, action: str | None = None,
              actor: Actor | None = None) -> str:
        """Insert the audit entry in the open ``writing()`` transaction; returns its id.

        ``action`` names a variant of the operation's (``destination.disable``); ``actor`` replaces
        the operation's when the change itself showed who acts (the admin a sign-in proved). The
        details never hold a secret (tokens, passwords).
        """
        self._check_writing()
        actor = actor or self.actor
        if actor is None:
            raise AuditOutsideTransaction(f"{self.action}: an operation without an actor names one in op.audit")
        entry_id = new_id("aud")
        audit_store.insert_entry(entry_id, actor.label, action or self.action, target, details or {})
        return entry_id

    def update_audit(self, entry_id: str, details: dict) -> None:
        """Bring this operation's entry up to date in the open ``writing()`` transaction (a run
        committed in pieces says in each piece how far it got)."""
        self._check_writing()
        audit_store.set_details(entry_id, details)

    def _check_writing(self) -> None:
        if not self._writing:
            raise AuditOutsideTransaction(f"{self.action}: audit inside op.writing(), in the change's own transaction")


def operation(action: str, anonymous: bool = False) -> Callable[[Callable], Callable]:
    """Make ``body(op, ...)`` the operation named ``action`` and register it in ``OPERATIONS``.

    The callable returned takes the acting ``Actor`` in place of ``op``; with ``anonymous`` it takes
    none (the first-run setup: the link is the authority) and the body names the actor in ``op.audit``.
    """
    def decorate(body: Callable) -> Callable:
        known = OPERATIONS.get(action)
        if known is not None and (known.__module__, known.__qualname__) != (body.__module__, body.__qualname__):
            raise ValueError(f"two operations named {action!r}: {known.__qualname__} and {body.__qualname__}")
        if anonymous:
            @functools.wraps(body)
            def run(*args, **kwargs):
                return body(Op(action, None), *args, **kwargs)
        else:
            @functools.wraps(body)
            def run(actor: Actor, *args, **kwargs):
                return body(Op(action, actor), *args, **kwargs)
        run.action = action
        OPERATIONS[action] = run
        return run
    return decorate

"""The one write path: every state change the console or the CLI makes is one operation here.

Each is a function decorated with ``@operation(action)`` (``op.py``): it takes the acting
``Actor`` first, validates (slow checks included) before it writes, then makes the change and its
audit entry in one transaction, so both faces get the same rules, the same messages and the same
audit trail. Refusals are ``core.errors.Refused`` (``Missing`` for unknown ids), each with a
sentence for the person asking. Where a face works inside one project, it passes ``project_id``
and anything of another project is ``Missing``.

``OPERATIONS`` holds every operation by its action name; importing this package fills it.
"""
from . import admins, backups, destinations, imports, integrations, jobs, merges, persons, projects, spam, tokens
from .op import OPERATIONS, AuditOutsideTransaction, Op, operation

__all__ = ["OPERATIONS", "AuditOutsideTransaction", "Op", "operation", "admins", "backups", "destinations", "imports",
           "integrations", "jobs", "merges", "persons", "projects", "spam", "tokens"]

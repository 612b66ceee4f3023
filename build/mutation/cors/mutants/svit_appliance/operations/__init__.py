"""The one write path: every state change the console or the CLI makes is one function here.

Each operation takes the acting ``Actor`` first, validates, writes, and records the audit entry,
so both faces get the same rules, the same messages and the same audit trail. Refusals are
``core.errors.Refused`` (``Missing`` for unknown ids), each with a sentence for the person asking.
Where a face works inside one project, it passes ``project_id`` and anything of another project
is ``Missing``.
"""

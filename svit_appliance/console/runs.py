"""Work a console page starts on a thread of its own and shows while it goes: CSV imports and
reprocessing. The runs live as long as the server (``services.runs``); their results are in the
database and the audit log."""
from dataclasses import dataclass, field


@dataclass
class BackgroundRuns:
    imports: dict = field(default_factory=dict)  # run id -> imports.ImportRun
    reprocessing: dict = field(default_factory=dict)  # integration id -> reprocess.Run

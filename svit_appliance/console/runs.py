"""Work a console page starts on a thread of its own and shows while it goes: CSV imports and
reprocessing. The runs live as long as the server (``services.runs``); their results are in the
database and the audit log."""
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.person_import import ImportReport
from ..pipeline.reprocess import ReprocessTally


@dataclass
class ImportRun:
    """One CSV upload: its columns as guessed, then the import's progress and report."""

    id: str
    project_id: str
    file_name: str
    path: Path
    size: int
    headers: list[str]
    guessed: dict[str, str]
    samples: list[list[str]]
    state: str = "uploaded"  # -> running -> done | failed
    done_bytes: int = 0
    rows: int = 0
    report: ImportReport | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def percent(self) -> int:
        return 100 if self.state == "done" else int(100 * self.done_bytes / self.size) if self.size else 0

    def progress(self, done: int, total: int, report: ImportReport) -> None:
        self.done_bytes, self.rows = done, report.rows


@dataclass
class ReprocessRun:
    """One reprocessing run of an integration, as the page shows it."""

    statuses: list[str]
    since: datetime | None
    tally: ReprocessTally = field(default_factory=ReprocessTally)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


@dataclass
class BackgroundRuns:
    imports: dict[str, ImportRun] = field(default_factory=dict)  # by run id
    reprocessing: dict[str, ReprocessRun] = field(default_factory=dict)  # by integration id
    # console handlers run on several threads at once: whoever reads a run to add, drop or start
    # one holds this, so two requests never both start a run or drop the same one
    lock: threading.Lock = field(default_factory=threading.Lock)

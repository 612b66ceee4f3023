"""Persons imported from a CSV file: the same rules, report and audit from the CLI and the console."""
import os
from contextlib import contextmanager
from typing import BinaryIO, Callable

from ..core.errors import Refused
from ..core.ids import new_id
from ..core.person_import import CsvFile, ImportFileError, ImportReport, import_rows, open_csv
from ..core.persons import Source
from ..processors.csv_columns import MappingError, choose_mapping
from .op import Op, operation
from .projects import get_project

Progress = Callable[[int, int, ImportReport], None]


def read_header(stream: BinaryIO, size: int) -> CsvFile:
    """The file opened for import (its columns known); refused when it is not CSV text."""
    try:
        return open_csv(stream, size)
    except ImportFileError as error:
        raise Refused(str(error), field="file") from None


def mapping_for(csv_file: CsvFile, given: dict | None) -> dict[str, str]:
    """Person field -> column: guessed from the header row, ``given`` laid over the guess."""
    try:
        return choose_mapping(csv_file.headers, given)
    except MappingError as error:
        raise Refused(str(error), field="mapping") from None


@operation("persons.import")
def import_persons(op: Op, project_id: str, stream: BinaryIO, file_name: str, size: int,
                   mapping: dict | None = None, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportReport:
    """Import (or, with ``dry_run``, only count) the persons of a CSV file into a project;
    rows merge into existing persons by email, then phone, like every source.

    Not one transaction: the rows commit a chunk at a time as the file is read (a large file takes
    minutes, and what was read stays written). The audit entry is written in the first chunk's
    transaction, saying the import is running, and brought up to date in each later chunk's; the
    last chunk's holds the final figures (a transaction of its own does, when the last rows wrote
    nothing or the file could not be read). A dry run writes nothing, audit included."""
    project = get_project(project_id)
    csv_file = read_header(stream, size)
    name = os.path.basename(file_name) or "upload.csv"
    report = ImportReport(name, csv_file.headers, mapping_for(csv_file, mapping), dry_run)
    audit = _ImportAudit(op, project.id, new_id("imp"), report)
    try:
        import_rows(project.id, project.default_region, Source("import", name), audit.import_id, csv_file, report,
                    progress, transaction=audit.chunk_transaction)
    except ImportFileError as error:
        if not dry_run:
            audit.finish(str(error))
        raise Refused(str(error), field="file") from None
    if not dry_run:
        audit.finish()
    return report


class _ImportAudit:
    """One import's audit entry, written with the first chunk that commits and kept up to date."""

    def __init__(self, op: Op, project_id: str, import_id: str, report: ImportReport):
        self.op, self.project_id, self.import_id, self.report = op, project_id, import_id, report
        self.entry_id: str | None = None
        self.final = False

    @contextmanager
    def chunk_transaction(self, last: bool):
        with self.op.writing():
            yield
            self._write(running=not last, error=self.report.read_error)
            self.final = last

    def finish(self, error: str | None = None) -> None:
        """The final figures, unless the last chunk's transaction wrote them."""
        if not self.final:
            with self.op.writing():
                self._write(running=False, error=error)

    def _write(self, running: bool, error: str | None) -> None:
        report = self.report
        details = {"import": self.import_id, "file": report.file, "rows": report.rows, "imported": report.imported,
                   "merged": report.merged, "refused": report.refused}
        if running:
            details["status"] = "running"
        elif error:
            details["error"] = error
        if self.entry_id is None:
            self.entry_id = self.op.audit(self.project_id, details)
        else:
            self.op.update_audit(self.entry_id, details)

"""Persons imported from a CSV file: the same rules, report and audit from the CLI and the console."""
import os
from typing import BinaryIO, Callable

from ..core.audit import Actor, record
from ..core.errors import Refused
from ..core.ids import new_id
from ..core.person_import import CsvFile, ImportFileError, ImportReport, import_rows, open_csv
from ..core.persons import Source
from ..processors.csv_columns import MappingError, choose_mapping
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


def import_persons(actor: Actor, project_id: str, stream: BinaryIO, file_name: str, size: int,
                   mapping: dict | None = None, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportReport:
    """Import (or, with ``dry_run``, only count) the persons of a CSV file into a project;
    rows merge into existing persons by email, then phone, like every source."""
    project = get_project(project_id)
    csv_file = read_header(stream, size)
    name = os.path.basename(file_name) or "upload.csv"
    report = ImportReport(name, csv_file.headers, mapping_for(csv_file, mapping), dry_run)
    import_id = new_id("imp")
    try:
        import_rows(project.id, project.default_region, Source("import", name), import_id, csv_file, report, progress)
    except ImportFileError as error:
        if not dry_run:
            _record(actor, project.id, import_id, report, str(error))
        raise Refused(str(error), field="file") from None
    if not dry_run:
        _record(actor, project.id, import_id, report)
    return report


def _record(actor: Actor, project_id: str, import_id: str, report: ImportReport, error: str | None = None) -> None:
    details = {"import": import_id, "file": report.file, "rows": report.rows, "imported": report.imported,
               "merged": report.merged, "refused": report.refused}
    record(actor, "persons.import", project_id, {**details, "error": error} if error else details)

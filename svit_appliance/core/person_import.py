"""CSV import: read a file's rows as persons and write them through ``upsert_person``, the path
ingestion and the contact form use, so an imported row merges exactly like a received one.

Rows are normalised a chunk at a time (on a second process for a large file) and written a
chunk per transaction; every row's timeline entry is keyed by ``<import id>#<line>``, so an
import run again after a crash leaves the same persons. A row
that cannot be stored as it is (an unreadable email or phone, no name, email or phone at all,
more cells than the header) is refused with its reason and kept for the report.
"""
import csv
import gc
import io
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator

from ..processors.csv_columns import RowReader
from ..store.db import write_transaction
from .batch_upsert import Keyed, upsert_many
from .export import csv_cell
from .import_normalise import IMPORT_GC_THRESHOLD, normalised_chunks, worth_a_process
from .persons import Source, find_match, has_identity

SNIFF_BYTES = 64 * 1024
MAX_KEPT_REFUSALS = 10_000  # the report keeps this many refused rows; the counts stay exact
DELIMITERS = ",;\t|"


class ImportFileError(ValueError):
    """The file cannot be read as CSV text; the message says what to do."""


@dataclass(frozen=True)
class Refusal:
    line: int
    reason: str
    cells: list[str]


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    file: str
    headers: list[str]
    mapping: dict[str, str]
    dry_run: bool
    rows: int = 0
    imported: int = 0
    merged: int = 0
    refused: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    read_error: str | None = None  # why reading stopped before the end of the file (the rows before it are written)

    def refuse(self, line: int, reason: str, cells: list[str]) -> None:
        self.refused += 1
        if len(self.refusals) < MAX_KEPT_REFUSALS:
            self.refusals.append(Refusal(line, reason, cells))

    def view(self) -> dict:
        return {"file": self.file, "dryRun": self.dry_run, "mapping": self.mapping, "rows": self.rows,
                "imported": self.imported, "merged": self.merged, "refused": self.refused,
                "refusals": [{"line": r.line, "reason": r.reason} for r in self.refusals]}


@dataclass
class CsvFile:
    """An open CSV file: its header row, its data rows with their line numbers, and how far
    reading has got (bytes, for a progress bar)."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    size: int
    position: Callable[[], int]


def open_csv(stream: BinaryIO, size: int) -> CsvFile:
    """UTF-8 (with or without BOM) text; the delimiter (``, ; tab |``) is sniffed from the start."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(SNIFF_BYTES)
    except UnicodeDecodeError:
        raise ImportFileError("The file is not UTF-8 text: save it as 'CSV UTF-8' and import it again") from None
    text.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] if sample else ",", delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = [header.strip() for header in next(reader)]
    except StopIteration:
        raise ImportFileError("The file is empty: its first line must name the columns") from None
    if not any(headers):
        raise ImportFileError("The first line must name the columns (it is blank)")
    # the position asks through the text wrapper, which keeps it open: a wrapper collected once
    # the rows are read would close the caller's stream
    return CsvFile(headers, _rows(reader), size, lambda: text.buffer.tell())


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if "".join(cells).strip():  # not a blank line
                yield reader.line_num, cells
    except UnicodeDecodeError:
        raise ImportFileError(f"Line {reader.line_num + 1} is not UTF-8 text: save the file as 'CSV UTF-8' "
                              "and import it again (the rows before it are imported)") from None
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} cannot be read as CSV ({error}); the rows before it "
                              "are imported") from None


def refusal_reason(candidate, cells: list[str], width: int) -> str | None:
    if len(cells) > width:
        return f"{len(cells)} cells, but the header names {width} columns (a quote or delimiter out of place?)"
    for name in ("email", "phone"):
        if name in candidate.problems:
            return f"{name} '{getattr(candidate, name + '_raw')}': {candidate.problems[name]}"
    if not has_identity(candidate):
        return "no name, email or phone"
    return None


class _DryRunMatches:
    """Whether a row would create a person or merge, without writing: matches in the database,
    and within the file (a second row with the same email or phone merges into the first)."""

    def __init__(self, project_id: str):
        self.project_id = project_id
        self.seen: set[tuple[str, str]] = set()

    def creates(self, candidate) -> bool:
        keys = {(name, getattr(candidate, name)) for name in ("email", "phone") if getattr(candidate, name)}
        known = bool(keys & self.seen) or find_match(self.project_id, candidate) is not None
        self.seen |= keys
        return not known


class _RowsUntilUnreadable:
    """The file's rows up to the first that cannot be read; that error is kept for after the rows
    before it are written."""

    def __init__(self, rows: Iterator[tuple[int, list[str]]]):
        self.rows = rows
        self.error: ImportFileError | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        try:
            yield from self.rows
        except ImportFileError as error:
            self.error = error


# Opens the write transaction of one chunk; told whether it is the file's last chunk.
ChunkTransaction = Callable[[bool], AbstractContextManager]


def _chunk_alone(last: bool) -> AbstractContextManager:
    return write_transaction()


def import_rows(project_id: str, region: str, source: Source, import_id: str, csv_file: CsvFile,
                report: ImportReport, progress: Callable[[int, int, ImportReport], None] | None = None,
                on_a_process: bool | None = None, transaction: ChunkTransaction = _chunk_alone) -> None:
    """Read every row through the report's mapping and write (or, on a dry run, match) it, a
    chunk per transaction. ``on_a_process``: normalise on a second process (by default when the
    file is large enough to pay for starting one).

    ``transaction(last)`` opens each chunk's write transaction (the import operation adds its
    audit entry to it); the report counts the chunk's rows before the transaction's body ends.
    When ``last`` is true no chunk follows: the counts are then final, and ``report.read_error``
    says whether reading stopped early (the error is raised once that chunk committed). A chunk
    with nothing to write opens no transaction."""
    reader = RowReader(csv_file.headers, report.mapping)
    width = len(csv_file.headers)
    dry_run = _DryRunMatches(project_id) if report.dry_run else None
    rows = _RowsUntilUnreadable(csv_file.rows)
    if on_a_process is None:
        on_a_process = worth_a_process(csv_file.size)
    for chunk, last in _with_last(normalised_chunks(reader, region, rows, on_a_process)):
        if last and rows.error is not None:
            report.read_error = str(rows.error)
        batch = []
        for line, cells, candidate in chunk:
            report.rows += 1
            reason = refusal_reason(candidate, cells, width)
            if reason is not None:
                report.refuse(line, reason, cells)
            elif dry_run is not None:
                _count(report, dry_run.creates(candidate))
            else:
                batch.append((line, candidate))
        _write(project_id, source, import_id, batch, report, transaction, last)
        if progress:
            progress(csv_file.position(), csv_file.size, report)
    if rows.error is not None:
        raise rows.error
    if progress:
        progress(csv_file.size, csv_file.size, report)


def _with_last(chunks: Iterable[list]) -> Iterator[tuple[list, bool]]:
    """Each chunk with whether it is the last: read one ahead, so that the last chunk's
    transaction knows it ends the import."""
    chunks = iter(chunks)
    current = next(chunks, None)
    if current is None:
        return
    for following in chunks:
        yield current, False
        current = following
    yield current, True


def _count(report: ImportReport, created: bool) -> None:
    if created:
        report.imported += 1
    else:
        report.merged += 1


def _write(project_id: str, source: Source, import_id: str, batch: list, report: ImportReport,
           transaction: ChunkTransaction, last: bool) -> None:
    if not batch:
        return
    items = [Keyed(candidate, f"{import_id}#{line}", {"file": report.file, "line": line}) for line, candidate in batch]
    with transaction(last):
        for result in upsert_many(project_id, items, source, "imported"):
            _count(report, result.created)


@contextmanager
def collecting_less():
    """Python's cycle collector runs less often meanwhile, for a process that does nothing but
    import (the CLI; the setting is process-wide, so the server leaves it alone). A chunk's rows,
    candidates and timeline entries live long enough to reach the oldest generation, so with the
    default thresholds the collector walked every object of the process about 19 times per
    100,000 rows, 15-25 us a row. The import makes no reference cycles of its own: nothing more
    is kept, it is only found later."""
    thresholds = gc.get_threshold()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def refusals_csv(report: ImportReport) -> str:
    """The refused rows as CSV: their line, the reason, then the row as it was (fix, re-import);
    formula-safe like every export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(cell) for cell in ("line", "reason", *report.headers)])
    for refusal in report.refusals:
        writer.writerow([refusal.line, csv_cell(refusal.reason), *(csv_cell(cell) for cell in refusal.cells)])
    return out.getvalue()

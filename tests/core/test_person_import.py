"""Importing a CSV file's rows on a real SQLite database: chunks, the second process, read errors."""
import csv
import gc

import pytest

from svit_appliance.core import import_normalise
from svit_appliance.core.audit import Actor
from svit_appliance.core.person_import import (
    IMPORT_GC_THRESHOLD,
    ImportFileError,
    ImportReport,
    collecting_less,
    import_rows,
    open_csv,
)
from svit_appliance.core.persons import Source
from svit_appliance.operations.projects import create_project
from svit_appliance.processors.csv_columns import choose_mapping
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person, PersonEvent

HEADERS = ["Name", "Email", "Phone", "Plan"]


@pytest.fixture
def db(tmp_path):
    database = open_database(Settings.load({}, data_dir=str(tmp_path / "data")))
    yield database
    database.close()


def rows(count: int) -> list[list[str]]:
    """People with a share of repeated emails and phones (merges) and unreadable values (refusals)."""
    out = []
    for n in range(count):
        email = f"person{n % 150 if n % 7 == 0 else n}@example.com"
        phone = f"+44 20 7946 {n % 90 if n % 11 == 0 else n:04d}"
        if n % 13 == 0:
            email = "not an address"
        out.append([f"Person {n}", email, phone, "pro" if n % 2 else ""])
    return out


def write(path, body: list[list[str]]):
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADERS, *body])
    return path


def run_import(path, on_a_process: bool) -> tuple[str, ImportReport, str | None]:
    project = create_project(Actor.cli(), f"Import {on_a_process}", "GB")
    with open(path, "rb") as stream:
        csv_file = open_csv(stream, path.stat().st_size)
        report = ImportReport(path.name, csv_file.headers, choose_mapping(csv_file.headers, None), False)
        try:
            import_rows(project.id, "GB", Source("import", path.name), f"imp_{on_a_process}", csv_file, report,
                        on_a_process=on_a_process)
        except ImportFileError as error:
            return project.id, report, str(error)
    return project.id, report, None


def persons_of(project_id: str) -> list[tuple]:
    return sorted((p.name, p.email, p.phone, p.email_raw, p.phone_raw, json_text(p.attributes))
                  for p in Person.select().where(Person.project == project_id))


def json_text(value) -> str:
    return repr(sorted((value or {}).items()))


def events_of(project_id: str) -> list[tuple]:
    query = (PersonEvent.select(PersonEvent.kind, Person.email).join(Person)
             .where(Person.project == project_id))
    return sorted((event.kind, event.person.email or "") for event in query)


def test_it_writes_the_same_persons_whether_a_second_process_normalises_or_not(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_normalise, "CHUNK_ROWS", 97)  # many chunks, several in flight
    path = write(tmp_path / "people.csv", rows(1200))
    here, here_report, _ = run_import(path, on_a_process=False)
    there, there_report, _ = run_import(path, on_a_process=True)
    assert (here_report.rows, here_report.imported, here_report.merged, here_report.refused) == \
        (there_report.rows, there_report.imported, there_report.merged, there_report.refused)
    assert here_report.merged > 0 and here_report.refused > 0
    assert [(r.line, r.reason) for r in here_report.refusals] == [(r.line, r.reason) for r in there_report.refusals]
    assert persons_of(here) == persons_of(there)
    assert events_of(here) == events_of(there)


@pytest.mark.parametrize("on_a_process", [False, True])
def test_it_writes_the_rows_before_a_line_that_is_not_utf8(db, tmp_path, on_a_process):
    path = write(tmp_path / "broken.csv", rows(1500))  # the bad line comes after the 64 KiB sniffed up front
    with open(path, "ab") as out:
        out.write(b"Late,late@example.com,\xff\xfe,pro\r\n")
    project_id, report, error = run_import(path, on_a_process)
    # the decoder reads blocks ahead, so the error names the first line of the block that holds the bad bytes
    assert error is not None and f"Line {report.rows + 2} is not UTF-8 text" in error
    assert report.rows > 1000
    assert report.imported + report.merged + report.refused == report.rows  # every row read was written
    assert len(persons_of(project_id)) == report.imported


def test_it_collects_less_often_while_importing_and_as_before_afterwards():
    before = gc.get_threshold()
    with pytest.raises(ImportFileError), collecting_less():
        assert gc.get_threshold() == (IMPORT_GC_THRESHOLD, *before[1:])
        raise ImportFileError("stopped half-way")
    assert gc.get_threshold() == before

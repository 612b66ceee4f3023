"""Operations committed in pieces: a CSV import (a chunk per transaction) and a reprocessing run (a
job per transaction) write their audit entry with the first piece that commits and keep it up to
date with each, so no committed piece is ever without its entry."""
import json

import pytest

from svit_appliance.core import import_normalise, person_import
from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.core.ids import new_id
from svit_appliance.operations import imports, integrations, jobs, projects
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.models import AuditEntry, IngestionJob, Person

CLI = Actor.cli()


@pytest.fixture
def project(tmp_path):
    open_database(Settings.load({}, data_dir=str(tmp_path / "data")))
    yield projects.create_project(CLI, "Acme", "US")
    close_database()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(import_normalise, "CHUNK_ROWS", 2)


def entries(action: str) -> list[dict]:
    return [e.details for e in AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)]


def csv_of(tmp_path, lines: list[str], tail: bytes = b""):
    path = tmp_path / "people.csv"
    path.write_bytes(("\n".join(["Name,Email", *lines]) + "\n").encode() + tail)
    return path


def run_import(project, path, progress=None, dry_run=False):
    with open(path, "rb") as stream:
        return imports.import_persons(CLI, project.id, stream, path.name, path.stat().st_size, dry_run=dry_run,
                                      progress=progress)


PEOPLE = [f"Person {n},person{n}@example.com" for n in range(5)]


def test_the_import_entry_commits_with_the_first_chunk_and_ends_with_the_final_figures(project, tmp_path,
                                                                                     small_chunks):
    seen = []
    run_import(project, csv_of(tmp_path, PEOPLE), progress=lambda done, size, report: seen.append(
        (Person.select().count(), entries("persons.import"))))
    first_import = seen[0][1][0]["import"]
    assert seen[0] == (2, [{"import": first_import, "file": "people.csv", "rows": 2, "imported": 2, "merged": 0,
                            "refused": 0, "status": "running"}])
    assert seen[1][1][0]["rows"] == 4 and seen[1][1][0]["status"] == "running"
    assert entries("persons.import") == [{"import": first_import, "file": "people.csv", "rows": 5, "imported": 5,
                                          "merged": 0, "refused": 0}]


def test_chunks_committed_before_a_failure_keep_their_entry(project, tmp_path, small_chunks, monkeypatch):
    writes = []
    real_upsert = person_import.upsert_many

    def second_chunk_fails(*args, **kwargs):
        writes.append(1)
        if len(writes) == 2:
            raise OSError("disk full")
        return real_upsert(*args, **kwargs)

    monkeypatch.setattr(person_import, "upsert_many", second_chunk_fails)
    with pytest.raises(OSError):
        run_import(project, csv_of(tmp_path, PEOPLE))
    assert Person.select().count() == 2
    [entry] = entries("persons.import")
    assert (entry["rows"], entry["imported"], entry["status"]) == (2, 2, "running")


def test_an_unreadable_line_ends_the_import_with_the_error_in_the_last_chunks_transaction(project, tmp_path,
                                                                                        monkeypatch):
    monkeypatch.setattr(import_normalise, "CHUNK_ROWS", 1000)
    rows = [f"Person {n},person{n}@example.com" for n in range(2500)]  # past the 64 KB read to sniff the file
    with pytest.raises(Refused, match=r"Line \d+ is not UTF-8 text") as refused:
        run_import(project, csv_of(tmp_path, rows, tail=b"Bad,\xff@example.com\n"))
    written = Person.select().count()
    assert written > 2000  # more than two chunks: the rows read before the bad bytes
    [entry] = entries("persons.import")
    assert (entry["rows"], entry["imported"], entry["error"]) == (written, written, str(refused.value))
    assert "status" not in entry


def test_an_import_that_writes_nothing_is_audited_once_and_a_dry_run_not_at_all(project, tmp_path):
    run_import(project, csv_of(tmp_path, PEOPLE), dry_run=True)
    assert entries("persons.import") == []
    run_import(project, csv_of(tmp_path, ["Nobody,not an address"]))
    [entry] = entries("persons.import")
    assert (entry["rows"], entry["imported"], entry["refused"]) == (1, 0, 1) and "status" not in entry


@pytest.fixture
def three_jobs(project):
    integration = integrations.create_integration(CLI, project.id, "WEBHOOK", "site")
    for n in range(3):
        IngestionJob.create(id=new_id("job"), project=project.id, integration=integration.id, status="succeeded",
                            body=json.dumps({"email": f"again{n}@example.com"}).encode(),
                            content_type="application/json")
    return integration


def test_reprocessing_keeps_its_entry_up_to_date_with_every_job_and_notes_a_stop(three_jobs):
    seen = []
    stop_after = 2
    tally = jobs.reprocess_jobs(CLI, three_jobs.id, on_job=lambda tally: seen.append(entries("integration.reprocess")),
                                stopping=lambda: len(seen) >= stop_after)
    assert [[entry["jobs"] for entry in found] for found in seen] == [[1], [2]]
    assert entries("integration.reprocess") == [{"total": 3, "jobs": 2, "stopped": True, "succeeded": 2, "failed": 0,
                                                 "personsNew": 2, "personsUpdated": 0,
                                                 "lastJobId": tally.last_job_id}]


def test_a_reprocessing_dry_run_writes_no_entry(three_jobs):
    jobs.reprocess_jobs(CLI, three_jobs.id, dry_run=True)
    assert entries("integration.reprocess") == []

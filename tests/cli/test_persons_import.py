"""``svit persons import``: real CSV files into a real SQLite data directory, merged through the
same upsert as every source, with a report of imported, merged and refused rows."""
import contextlib
import csv
import io

import pytest

from svit_appliance.cli import main as cli_main
from tests.conftest import run_cli

ROWS = """Full name,E-mail,Phone,Company,Plan
Ada Lovelace,Ada@Example.com,+44 20 7946 0958,Engines,pro
Grace Hopper,grace@navy.example,,,free
Ada L.,ada@example.com,,Analytical Engines,
,not-an-email,,,
,,,,just a plan
Alan Turing,alan@example.com,12,,
"""


@pytest.fixture
def project(tmp_path):
    data_dir = tmp_path / "data"
    return data_dir, run_cli(data_dir, "project", "create", "Acme", "--region", "GB", "--json")["id"]


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def import_json(data_dir, project_id, path, *options):
    return run_cli(data_dir, "persons", "import", path, "--project", project_id, *options, "--json")


def persons(data_dir, project_id) -> list[dict]:
    return list(csv.DictReader(io.StringIO(run_cli(data_dir, "persons", "export", "--project", project_id,
                                                   "--format", "csv"))))


def failing(data_dir, *args) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert cli_main([*args, "--data-dir", str(data_dir)]) == 1
    return err.getvalue()


def test_it_imports_merges_and_refuses_rows_with_their_reasons(project, tmp_path):
    data_dir, project_id = project
    report = import_json(data_dir, project_id, write(tmp_path / "leads.csv", ROWS))
    assert report["mapping"] == {"name": "Full name", "email": "E-mail", "phone": "Phone", "company": "Company"}
    assert (report["rows"], report["imported"], report["merged"], report["refused"]) == (6, 2, 1, 3)
    assert report["refusals"] == [
        {"line": 5, "reason": "email 'not-an-email': Email is not a valid address"},
        {"line": 6, "reason": "no name, email or phone"},
        {"line": 7, "reason": f"phone '12': {phone_problem('12')}"},
    ]
    by_email = {p["email"]: p for p in persons(data_dir, project_id)}
    ada = by_email["ada@example.com"]
    assert (ada["name"], ada["phone"], ada["company"], ada["firstSource"]) == (
        "Ada L.", "+442079460958", "Analytical Engines", "import:leads.csv")
    assert ada["attributes"] == '{"Plan": "pro"}'
    assert sorted(by_email) == ["ada@example.com", "grace@navy.example"]
    shown = run_cli(data_dir, "persons", "show", ada["id"], "--json")
    assert [e["kind"] for e in shown["timeline"]] == ["created", "imported", "merged", "imported"]
    assert shown["timeline"][1]["data"]["line"] == 2


def phone_problem(typed: str) -> str:
    from svit_appliance.core.normalise import InvalidField, normalise_phone
    with pytest.raises(InvalidField) as error:
        normalise_phone(typed, "GB")
    return str(error.value)


def test_it_writes_nothing_on_a_dry_run_and_counts_the_same(project, tmp_path):
    data_dir, project_id = project
    path = write(tmp_path / "leads.csv", ROWS)
    dry = import_json(data_dir, project_id, path, "--dry-run")
    assert persons(data_dir, project_id) == []
    real = import_json(data_dir, project_id, path)
    assert dry["dryRun"] is True and real["dryRun"] is False
    assert [dry[k] for k in ("rows", "imported", "merged", "refused")] == [real[k] for k in
                                                                         ("rows", "imported", "merged", "refused")]


def test_it_merges_everything_when_the_same_file_comes_again(project, tmp_path):
    data_dir, project_id = project
    path = write(tmp_path / "leads.csv", ROWS)
    import_json(data_dir, project_id, path)
    before = persons(data_dir, project_id)
    again = import_json(data_dir, project_id, path)
    assert (again["imported"], again["merged"], again["refused"]) == (0, 3, 3)
    assert len(persons(data_dir, project_id)) == len(before)


def test_it_reads_semicolons_a_bom_and_french_headers(project, tmp_path):
    data_dir, project_id = project
    text = "Nom;Prénom;Courriel;Téléphone\nCurie;Marie;marie@example.fr;+33 1 23 45 67 89\n"
    report = import_json(data_dir, project_id, write(tmp_path / "fr.csv", "\ufeff" + text))
    assert report["mapping"] == {"first_name": "Prénom", "last_name": "Nom", "email": "Courriel",
                                 "phone": "Téléphone"}
    [marie] = persons(data_dir, project_id)
    assert (marie["name"], marie["firstName"], marie["lastName"]) == ("Marie Curie", "Marie", "Curie")


def test_it_follows_a_given_mapping_and_refuses_a_wrong_one(project, tmp_path):
    data_dir, project_id = project
    path = write(tmp_path / "odd.csv", "Who,Reach me at\nAda,ada@example.com\n")
    report = import_json(data_dir, project_id, path, "--mapping", '{"name": "Who", "email": "Reach me at"}')
    assert (report["imported"], report["refused"]) == (1, 0)
    assert "The file has no column 'Mail'" in failing(data_dir, "persons", "import", path, "--project", project_id,
                                                      "--mapping", '{"email": "Mail"}')
    assert "--mapping must be a JSON object" in failing(data_dir, "persons", "import", path, "--project",
                                                        project_id, "--mapping", "email=Mail")


def test_it_refuses_a_file_that_is_not_utf8_text(project, tmp_path):
    data_dir, project_id = project
    path = write(tmp_path / "latin1.csv", "Name,Email\nRenée,renee@example.com\n", encoding="latin-1")
    assert "not UTF-8 text: save it as 'CSV UTF-8'" in failing(data_dir, "persons", "import", path,
                                                               "--project", project_id)
    assert persons(data_dir, project_id) == []


def test_it_writes_the_refused_rows_to_a_report_file(project, tmp_path):
    data_dir, project_id = project
    report_path = tmp_path / "refused.csv"
    run_cli(data_dir, "persons", "import", write(tmp_path / "leads.csv", ROWS), "--project", project_id,
            "--report", str(report_path))
    rows = list(csv.reader(report_path.open(encoding="utf-8")))
    assert rows[0] == ["line", "reason", "Full name", "E-mail", "Phone", "Company", "Plan"]
    assert [row[:2] for row in rows[1:3]] == [["5", "email 'not-an-email': Email is not a valid address"],
                                              ["6", "no name, email or phone"]]
    assert rows[2][2:] == ["", "", "", "", "just a plan"]


def test_it_prints_a_summary_with_the_columns_it_read(project, tmp_path):
    data_dir, project_id = project
    text = run_cli(data_dir, "persons", "import", write(tmp_path / "leads.csv", ROWS), "--project", project_id)
    assert text.splitlines()[0] == "leads.csv: 6 rows: 2 imported, 1 merged, 3 refused"
    assert "email <- 'E-mail'" in text and "line 6: no name, email or phone" in text


def test_it_tells_the_timeline_in_words_in_persons_show(project, tmp_path):
    data_dir, project_id = project
    import_json(data_dir, project_id, write(tmp_path / "leads.csv", ROWS))
    ada = next(p for p in persons(data_dir, project_id) if p["email"] == "ada@example.com")
    text = run_cli(data_dir, "persons", "show", ada["id"])
    assert text.splitlines()[1] == "  came from leads.csv (CSV import), last from leads.csv (CSV import)"
    assert "First seen: added from leads.csv (CSV import)" in text
    assert "Imported from the CSV file leads.csv, line 2" in text
    assert "Updated from leads.csv (CSV import): name changed, company changed" in text
    shown = run_cli(data_dir, "persons", "show", ada["id"], "--json")
    assert shown["timeline"][3]["story"] == "Imported from the CSV file leads.csv, line 4"

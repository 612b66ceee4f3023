"""The console's CSV import over HTTP: upload, the guessed columns to confirm, the progress page,
the report and the refused rows to download; the same operation as `svit persons import`."""
import csv
import io
import re
import sqlite3
import time

from svit_appliance.core.import_normalise import PROCESS_FROM_BYTES
from tests.conftest import run_cli

CSV = ("Nom,Prénom,Courriel,Téléphone,Remarque\n"
       "Lovelace,Ada,ada.import@example.com,+44 20 7946 0000,first\n"
       "Hopper,Grace,grace.import@example.com,,\n"
       ",,no-at-sign,,\n").encode()


def upload(admin, body: bytes = CSV, name: str = "leads.csv", csrf: str | None = None):
    token = admin.csrf("/console/persons/import") if csrf is None else csrf
    return admin.http.post("/console/persons/import", data={"csrf_token": token},
                           files={"file": (name, body, "text/csv")}, headers={"Origin": admin.base_url})


def finished(admin, path: str) -> str:
    for _ in range(200):
        page = admin.http.get(path)
        assert page.status_code == 200
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError(f"{path} still running")


def run_id(page: str) -> str:
    return re.search(r'action="/console/persons/import/(imp_[0-9a-f]+)"', page).group(1)


def test_it_shows_the_guessed_columns_with_sample_values(admin):
    page = upload(admin)
    assert page.status_code == 200, page.text
    assert re.search(r'name="column_0">.*?<option value="last_name" selected>', page.text, re.S)
    assert re.search(r'name="column_2">.*?<option value="email" selected>', page.text, re.S)
    assert re.search(r'name="column_4">\s*<option value="">keep on the person</option>(?:(?!selected).)*?</select>',
                     page.text, re.S)
    assert "ada.import@example.com" in page.text


def test_it_imports_the_confirmed_columns_and_reports_refused_rows(admin, console_server):
    confirm = upload(admin).text
    path = f"/console/persons/import/{run_id(confirm)}"
    columns = {"column_0": "last_name", "column_1": "first_name", "column_2": "email", "column_3": "phone",
               "column_4": "company"}
    started = admin.post(path, columns, form_page="/console/persons/import")
    assert (started.status_code, started.headers["location"]) == (303, path)
    report = finished(admin, path)
    assert re.search(r"<dt>Imported</dt><dd>2 new persons</dd>", report)
    assert re.search(r"<dt>Refused</dt><dd>1</dd>", report)
    assert "email &#39;no-at-sign&#39;: Email is not a valid address" in report
    refused = admin.http.get(path + "/refused.csv")
    assert refused.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(refused.text)))
    assert rows[1][:2] == ["4", "email 'no-at-sign': Email is not a valid address"]
    exported = run_cli(console_server.data_dir, "persons", "export", "--project", console_server.project["id"],
                       "--format", "jsonl")
    assert '"email":"ada.import@example.com"' in exported and '"company":"first"' in exported
    with sqlite3.connect(console_server.data_dir / "svit.db") as db:
        actors = [row[0] for row in db.execute("SELECT actor FROM audit_entry WHERE action = 'persons.import'")]
    assert "admin:admin@example.com" in actors


def test_it_counts_without_writing_on_a_dry_run(admin, console_server):
    body = b"Email\ndry.only@example.com\n"
    path = f"/console/persons/import/{run_id(upload(admin, body).text)}"
    admin.post(path, {"column_0": "email", "dry_run": "on"}, form_page="/console/persons/import")
    assert re.search(r"<dt>Would be imported</dt><dd>1 new persons</dd>", finished(admin, path))
    exported = run_cli(console_server.data_dir, "persons", "export", "--project", console_server.project["id"],
                       "--format", "jsonl")
    assert "dry.only@example.com" not in exported


def test_it_refuses_an_upload_without_the_forms_token(admin):
    response = upload(admin, csrf="forged")
    assert response.status_code == 400
    assert "could not be verified" in response.json()["detail"]


def test_it_accepts_a_file_larger_than_the_api_body_limit(admin):
    rows = "".join(f"Person {n},person{n}@big.example\n" for n in range(40_000))
    body = ("Name,Email\n" + rows).encode()
    assert len(body) > 1_048_576
    page = upload(admin, body, "big.csv")
    assert page.status_code == 200, page.text[:300]
    assert "Confirm the columns of big.csv" in page.text


def test_it_explains_a_file_that_is_not_utf8(admin):
    response = upload(admin, "Name\nRenée\n".encode("latin-1"))
    assert response.status_code == 400
    assert "not UTF-8 text" in response.json()["detail"]


def test_it_normalises_a_large_file_on_a_second_process_from_the_server(admin, console_server):
    note = "n" * 1000  # wide rows: past the size that starts a process with few rows to count
    body = ("Email,Note\n" + "".join(f"wide{n}@example.com,{note}\n" for n in range(2200))).encode()
    assert len(body) >= PROCESS_FROM_BYTES
    path = f"/console/persons/import/{run_id(upload(admin, body, 'wide.csv').text)}"
    admin.post(path, {"column_0": "email", "dry_run": "on"}, form_page="/console/persons/import")
    assert re.search(r"<dt>Would be imported</dt><dd>2200 new persons</dd>", finished(admin, path))

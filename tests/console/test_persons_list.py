"""The persons list: how many match, sort by name or date, filters (source, date range, has email,
has phone), and an export of exactly the filtered set."""
import csv
import io
import re
from datetime import timedelta

import pytest

from svit_appliance.store.models import Person, utcnow
from tests.console import seed
from tests.console.seed import storage


@pytest.fixture(scope="module")
def crowd(console_server):
    project_id = console_server.project["id"]
    source = f"integration:{console_server.integrations['webhook']['id']}"
    rows = [("Zed Young", "zed@crowd.example", None, 40), ("Amy Old", "amy@crowd.example", "+14155550101", 10),
            ("Mia Phone", None, "+14155550102", 5), ("Bob Both", "bob@crowd.example", "+14155550103", 1)]
    made = {}
    with storage(console_server.data_dir):
        for name, email, phone, days_ago in rows:
            person = seed.person(project_id, name, email, phone, source=source)
            Person.update(created_at=utcnow() - timedelta(days=days_ago)).where(Person.id == person.id).execute()
            made[name] = person.id
    return made


def names(page: str, crowd: dict) -> list[str]:
    order = sorted((page.index(f"/console/persons/{pid}\""), name) for name, pid in crowd.items()
                   if f"/console/persons/{pid}\"" in page)
    return [name for _, name in order]


def count(page: str) -> str:
    return re.search(r'<p class="count" id="persons-count">([^<]+)</p>', page).group(1)


def test_it_counts_sorts_and_filters(admin, crowd):
    page = admin.http.get("/console/persons", params={"q": "crowd"}).text
    assert count(page) == "3 persons match"
    by_name = admin.http.get("/console/persons", params={"q": "crowd.example", "sort": "name"}).text
    assert names(by_name, crowd) == ["Amy Old", "Bob Both", "Zed Young"]
    oldest = admin.http.get("/console/persons", params={"q": "crowd.example", "sort": "oldest"}).text
    assert names(oldest, crowd) == ["Zed Young", "Amy Old", "Bob Both"]
    with_phone = admin.http.get("/console/persons", params={"has": "phone", "sort": "name"}).text
    assert [n for n in names(with_phone, crowd)] == ["Amy Old", "Bob Both", "Mia Phone"]
    both = admin.http.get("/console/persons", params={"has": "both"}).text
    assert names(both, crowd) == ["Bob Both", "Amy Old"]
    since = (utcnow() - timedelta(days=12)).date().isoformat()
    until = (utcnow() - timedelta(days=3)).date().isoformat()
    ranged = admin.http.get("/console/persons", params={"from": since, "to": until}).text
    assert names(ranged, crowd) == ["Mia Phone", "Amy Old"] and count(ranged) == "2 persons match"
    searched = admin.http.get("/console/persons", params={"q": "crowd.example", "from": since, "has": "phone"}).text
    assert names(searched, crowd) == ["Bob Both", "Amy Old"]


def test_it_counts_every_person_of_the_project_unfiltered(admin, crowd):
    page = admin.http.get("/console/persons").text
    assert re.fullmatch(r"\d+ persons", count(page))


def test_it_exports_exactly_the_filtered_set(admin, crowd):
    since = (utcnow() - timedelta(days=12)).date().isoformat()
    exported = admin.http.get("/console/persons/export.csv", params={"has": "email", "from": since}).text
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(r["name"] for r in rows if r["name"] in crowd) == ["Amy Old", "Bob Both"]
    assert not any(r["email"] is None or r["email"] == "" for r in rows)

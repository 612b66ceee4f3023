"""Likely duplicates on a real SQLite database: persons written in through the normal path."""
from datetime import datetime

import pytest

from svit_appliance.core import duplicates
from svit_appliance.core.duplicates import email_key, likely_duplicates, names_close, phone_key
from svit_appliance.operations.projects import create_project
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person
from tests.core.helpers import CLI, person


@pytest.fixture
def project(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield create_project(CLI, "Acme", "UA")
    db.close()


def found(project) -> dict:
    return {(d.first.id, d.second.id): d.reason for d in likely_duplicates(project.id)}


def pair(first, second) -> tuple:
    return tuple(sorted((first.id, second.id)))


def test_it_finds_likely_duplicates(project):
    dotted = person(project, "1", email="olena.koval@gmail.com")
    tagged = person(project, "2", email="olenakoval+promo@gmail.com")
    phone_a = person(project, "3", email="p1@example.com", phone="+380 50 123 4567")
    phone_b = person(project, "4", email="p2@example.com", name="P2")
    Person.update(phone_raw="050 123 4567").where(Person.id == phone_b.id).execute()  # typed before normalisation
    person(project, "5", email="alone@example.com")
    assert found(project) == {pair(dotted, tagged): "the same mailbox written differently (dots or a +tag)",
                              pair(phone_a, phone_b): "the same phone with different emails"}


@pytest.mark.parametrize("value, key", [("Olena.K+x@GoogleMail.com", "olenak@gmail.com"),
                                        ("a.b+c@example.com", "a.b@example.com"), ("nope", None)])
def test_it_reads_an_email_as_its_mailbox(value, key):
    assert email_key(value) == key


def test_it_reads_a_phone_by_its_last_nine_digits():
    assert phone_key("+380 50 123 4567") == phone_key("050-123-45-67") == "501234567"
    assert phone_key("12345") is None



@pytest.mark.parametrize("first, second, close", [
    ("Ada Lovelace", "Ada Lovelase", True), ("Ada Lovelace", "A. Lovelace", True), ("ada lovelace", "ADA LOVELACE", True),
    ("Олена Коваль", "Олена Ковал", True), ("Ada Lovelace", "B. Lovelace", False), ("Ada Lovelace", "Ada Byron", False),
    ("Ada", "Ada Lovelace", False), ("Bob Smith", "Rob Smith", False), ("प्रिया शर्मा", "प्रिया शर्म", True),
    ("Nguyễn Văn An", "Nguyen Van An", True), ("Élodie Müller", "Elodie Mueller", True),
])
def test_it_tells_close_names(first, second, close):
    tokens = [duplicates.name_tokens(Person(name=name)) for name in (first, second)]
    assert names_close(*tokens) is close


def test_it_finds_close_names_with_one_contact_a_typo_apart(project):
    ada = person(project, "1", name="Ada Lovelace", email="ada@example.com", phone="+44 20 7946 0958")
    typo_email = person(project, "2", name="Ada Lovelase", email="ada@exmaple.com", phone="+44 20 7946 0000")
    typo_phone = person(project, "3", name="A. Lovelace", email="countess@engines.example", phone="+44 20 7946 0985")
    person(project, "4", name="Ada Lovelace", email="another.ada@example.org", phone="+44 161 496 0000")  # namesake
    person(project, "5", name="Bob Smith", email="bob@example.com", phone="+44 20 7946 0111")
    person(project, "6", name="Rob Smith", email="rob@example.com", phone="+44 20 7946 0112")  # not one name
    assert found(project) == {pair(ada, typo_email): "close names, an email one typo apart",
                              pair(ada, typo_phone): "close names, a phone one typo apart"}


def test_it_puts_close_names_with_the_same_phone_first(project):
    plain_a = person(project, "1", email="p1@example.com", phone="+380 50 123 4567")
    plain_b = person(project, "2", email="p2@example.com", name="Somebody Else")
    Person.update(phone_raw="050 123 4567").where(Person.id == plain_b.id).execute()
    ada = person(project, "3", name="Ada Lovelace", email="ada@example.com", phone="+380 67 765 4321")
    lovelase = person(project, "4", name="Ada Lovelase", email="ada.l@work.example")
    Person.update(phone_raw="067 765 4321").where(Person.id == lovelase.id).execute()
    pairs = likely_duplicates(project.id)
    assert [(pair(d.first, d.second), d.reason) for d in pairs] == [
        (pair(ada, lovelase), "close names, the same phone"),
        (pair(plain_a, plain_b), "the same phone with different emails")]


def test_it_compares_names_only_within_a_bounded_block(project, monkeypatch):
    monkeypatch.setattr(duplicates, "NAME_BLOCK", 3)
    older = person(project, "0", name="Ada Lovelace", email="ada@example.com")
    for n, name in enumerate(("Ann Lomax", "Abe Lorca", "Al Lowry")):  # newer: they fill the block ("a", "lo")
        person(project, f"x{n}", name=name, email=f"{name.split()[0].lower()}@{n}.example.org")
    Person.update(created_at=datetime(2020, 1, 1)).where(Person.id == older.id).execute()
    newer = person(project, "9", name="Ada Lovelase", email="ada@exmaple.com")
    assert found(project) == {}
    monkeypatch.setattr(duplicates, "NAME_BLOCK", 5)
    assert found(project) == {pair(older, newer): "close names, an email one typo apart"}

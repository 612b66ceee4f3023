"""The persons list's filter: one definition, written as the FTS query's SQL and as a peewee expression."""
from datetime import datetime

import pytest

from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from svit_appliance.store.models import Person
from svit_appliance.store.search import PersonFilter, as_filter

SINCE, UNTIL = datetime(2026, 1, 1), datetime(2026, 2, 1)
EVERYTHING = PersonFilter(source="integration:int_1", has_email=True, has_phone=True, since=SINCE, until=UNTIL)


def test_it_writes_the_filter_as_sql_on_the_person_table():
    assert EVERYTHING.sql() == (" AND person.first_source = ? AND person.created_at >= ? AND person.created_at < ?"
                                " AND person.email IS NOT NULL AND person.phone IS NOT NULL",
                                ["integration:int_1", SINCE, UNTIL])
    assert PersonFilter().sql() == ("", [])


@pytest.fixture
def db(tmp_path):
    db = open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield db
    db.close()


def test_it_writes_the_same_conditions_as_a_peewee_expression(db):
    sql, params = Person.select(Person.id).where(EVERYTHING.clause()).sql()
    for condition in ('"first_source" = ?', '"created_at" >= ?', '"created_at" < ?', '"email" IS NOT NULL',
                      '"phone" IS NOT NULL'):
        assert condition in sql
    assert params == ["integration:int_1", SINCE, UNTIL]
    assert PersonFilter().clause() is True


def test_it_reads_a_bare_string_as_a_source():
    assert as_filter("admin") == PersonFilter(source="admin")
    assert as_filter(None) == PersonFilter() and as_filter(EVERYTHING) is EVERYTHING

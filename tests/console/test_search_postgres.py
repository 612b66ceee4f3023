"""Console person search on PostgreSQL (the scale-out engine), against a real server."""
import secrets

import pytest

from svit_appliance.console.search import search_persons, search_term
from svit_appliance.db import close_database, open_database
from svit_appliance.settings import Settings

from ..conftest import require
from . import seed

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_available() -> bool:
    try:
        import psycopg2

        psycopg2.connect(ADMIN_URL, connect_timeout=2).close()
        return True
    except Exception:
        return False


@pytest.fixture(scope="module")
def pg_db():
    require(_postgres_available(), "PostgreSQL is not reachable on 127.0.0.1:5432")
    import psycopg2

    name = f"svit_console_{secrets.token_hex(6)}"
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    try:
        db = open_database(Settings.load({}, database_url=f"postgresql://postgres@127.0.0.1:5432/{name}"))
        yield db
        close_database()
        db.close()
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.mark.parametrize("query, expected", [
    ("grace", ["Grace Hopper"]),
    ("ada@", ["Ada Lovelace"]),
    ("+1 415 555", ["Grace Hopper"]),
    ("nobody", []),
])
def test_it_searches_persons_on_postgres(pg_db, query, expected):
    from svit_appliance.manage import create_project

    project = create_project(f"pg {query}", "US")
    seed.person(project.id, "Ada Lovelace", "ada@example.com", "+442079460958")
    seed.person(project.id, "Grace Hopper", "grace@example.com", "+14155550100")
    found = search_persons(pg_db, project.id, search_term(query), None, 50, 0)
    assert [p.name for p in found] == expected

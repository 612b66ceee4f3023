"""Person search for the console, designed for a million persons per project.

SQLite: an FTS5 trigram index over name, email and phone (migration
``console_admins_audit_search``) answers substring queries of 3+ characters from the index,
newest first, stopping at the page's LIMIT. PostgreSQL: prefix matches on expression indexes.
A query that looks like a phone number is searched by its digits.
"""
import re

from ..db import is_postgres
from ..models import Person

MIN_QUERY = 3
_PHONE_LIKE = re.compile(r"^[\d\s+().\-]+$")


def search_term(query: str) -> str:
    """What is looked up for a typed query: lower-cased text, or the digits of a phone number."""
    query = " ".join(query.split()).lower()
    if _PHONE_LIKE.match(query) and sum(c.isdigit() for c in query) >= MIN_QUERY:
        return re.sub(r"\D", "", query)
    return query


def _source_clause(source: str | None):
    # the source that brought the person in; later sources show in the timeline
    return (Person.first_source == source) if source else True


def recent_persons(project_id: str, source: str | None, limit: int, offset: int) -> list[Person]:
    return list(Person.select().where(Person.project == project_id, _source_clause(source))
                .order_by(Person.created_at.desc(), Person.id.desc()).limit(limit).offset(offset))


def search_persons(db, project_id: str, term: str, source: str | None, limit: int, offset: int) -> list[Person]:
    """Persons whose name, email or phone contains ``term`` (len >= MIN_QUERY), newest first."""
    if is_postgres(db):
        return _search_postgres(project_id, term, source, limit, offset)
    phrase = '"' + term.replace('"', '""') + '"'
    source_sql = " AND person.first_source = ?" if source else ""
    params = [phrase, project_id, *([source] if source else []), limit, offset]
    return list(Person.raw(
        "SELECT person.* FROM person_fts JOIN person ON person.rowid = person_fts.rowid "
        f"WHERE person_fts MATCH ? AND person.project_id = ?{source_sql} "
        "ORDER BY person_fts.rowid DESC LIMIT ? OFFSET ?", *params))


def _search_postgres(project_id, term, source, limit, offset) -> list[Person]:
    from peewee import fn

    like = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # LIKE (not ILIKE) with text_pattern_ops indexes: a prefix match stays an index range scan
    matches = (fn.lower(Person.name) % like) | (Person.email % like) | (Person.phone % ("+" + like))
    return list(Person.select().where(Person.project == project_id, matches, _source_clause(source))
                .order_by(Person.created_at.desc(), Person.id.desc()).limit(limit).offset(offset))

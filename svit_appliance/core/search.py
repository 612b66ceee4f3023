"""Person search for the console, designed for a million persons per project.

SQLite: an FTS5 trigram index over name, email and phone (migration
``console_admins_audit_search``) answers substring queries of 3+ characters from the index,
newest first, stopping at the page's LIMIT. PostgreSQL: prefix matches on expression indexes.
A query that looks like a phone number is searched by its digits.
"""
import re
import unicodedata

from peewee import Tuple, fn

from ..store.db import is_postgres
from ..store.models import Person
from .errors import Refused

MIN_QUERY = 3
_PHONE_LIKE = re.compile(r"^[\d\s+().\-]+$")


def search_term(query: str) -> str:
    """What is looked up for a typed query: lower-cased text, or the digits of a phone number;
    ``Refused`` when the text holds a control character."""
    # any whitespace separates words; other control characters (a NUL broke the FTS query) are
    # never part of what a person typed
    control = next((c for c in query if unicodedata.category(c) == "Cc" and not c.isspace()), None)
    if control is not None:
        raise Refused(f"The search text holds a control character (U+{ord(control):04X}): type a name, "
                      "an email or a phone number", field="q")
    query = " ".join(query.split()).lower()
    if _PHONE_LIKE.match(query) and sum(c.isdigit() for c in query) >= MIN_QUERY:
        return re.sub(r"\D", "", query)
    return query


def _source_clause(source: str | None):
    # the source that brought the person in; later sources show in the timeline
    return (Person.first_source == source) if source else True


def _postgres_match(term: str):
    like = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # LIKE (not ILIKE) with text_pattern_ops indexes: a prefix match stays an index range scan
    return (fn.lower(Person.name) % like) | (Person.email % like) | (Person.phone % ("+" + like))


def _newest_first(project_id: str, term: str | None, source: str | None):
    """Matches ordered by (created_at, id) descending: the unfiltered list, and search on PostgreSQL."""
    return (Person.select().where(Person.project == project_id, _source_clause(source),
                                  _postgres_match(term) if term else True)
            .order_by(Person.created_at.desc(), Person.id.desc()))


def _fts(project_id: str, term: str, source: str | None, limit: int, offset: int = 0,
         before_rowid: int | None = None) -> list[Person]:
    phrase = '"' + term.replace('"', '""') + '"'  # one quoted phrase: the query is never FTS syntax
    sql = ("SELECT person.*, person_fts.rowid AS fts_rowid FROM person_fts "
           "JOIN person ON person.rowid = person_fts.rowid WHERE person_fts MATCH ? AND person.project_id = ?")
    params = [phrase, project_id]
    if source:
        sql, params = sql + " AND person.first_source = ?", params + [source]
    if before_rowid is not None:
        sql, params = sql + " AND person_fts.rowid < ?", params + [before_rowid]
    return list(Person.raw(sql + " ORDER BY person_fts.rowid DESC LIMIT ? OFFSET ?", *params, limit, offset))


def recent_persons(project_id: str, source: str | None, limit: int, offset: int) -> list[Person]:
    return list(_newest_first(project_id, None, source).limit(limit).offset(offset))


def search_persons(db, project_id: str, term: str, source: str | None, limit: int, offset: int) -> list[Person]:
    """Persons whose name, email or phone contains ``term`` (len >= MIN_QUERY), newest first."""
    if is_postgres(db):
        return list(_newest_first(project_id, term, source).limit(limit).offset(offset))
    return _fts(project_id, term, source, limit, offset)


def all_matches(db, project_id: str, term: str | None, source: str | None, batch: int):
    """Every matching person, newest first, in batches that each resume after the last row
    (keyset, not OFFSET: exporting a million persons stays linear)."""
    use_fts = bool(term) and not is_postgres(db)
    query = None if use_fts else _newest_first(project_id, term, source)
    last = None
    while True:
        if use_fts:
            rows = _fts(project_id, term, source, batch, before_rowid=last.fts_rowid if last else None)
        else:
            page = query.where(Tuple(Person.created_at, Person.id) < (last.created_at, last.id)) if last else query
            rows = list(page.limit(batch))
        if rows:
            yield rows
        if len(rows) < batch:
            return
        last = rows[-1]

"""Person search for the console, designed for a million persons per project.

SQLite: an FTS5 trigram index over name, email and phone (migration
``console_admins_audit_search``) answers substring queries of 3+ characters from the index,
newest first, stopping at the page's LIMIT. PostgreSQL: prefix matches on expression indexes.
What is looked up for a typed query (``core.search.search_term``) is the caller's to say.
"""
import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from peewee import OP, Expression, Tuple, fn

from .db import dialect
from .models import Person

COUNT_CAP = 10_000  # counting stops here: "more than 10,000" costs no more than one page of a big project


@dataclass(frozen=True)
class PersonFilter:
    """What the persons list narrows to, besides a search term: the source that brought a person
    in (later sources show in the timeline), having an email or a phone, created in a date range."""

    source: str | None = None
    has_email: bool = False
    has_phone: bool = False
    since: datetime | None = None
    until: datetime | None = None  # exclusive

    def conditions(self) -> list[tuple]:
        """(field, operator, value) of each condition set: the one definition that both the SQL
        text of the FTS query (``sql``) and the peewee queries (``clause``) are written from."""
        conditions = [(Person.first_source, OP.EQ, self.source), (Person.created_at, OP.GTE, self.since),
                      (Person.created_at, OP.LT, self.until)]
        present = [condition for condition in conditions if condition[2]]
        present += [(field, OP.IS_NOT, None) for field, wanted in ((Person.email, self.has_email),
                                                                   (Person.phone, self.has_phone)) if wanted]
        return present

    def sql(self) -> tuple[str, list]:
        """The filter as raw SQL on ``person`` (for the SQLite FTS query) and its parameters."""
        parts, params = [], []
        for field, op, value in self.conditions():
            parts.append(f"person.{field.column_name} {op} {'NULL' if value is None else '?'}")
            if value is not None:
                params.append(field.db_value(value))
        return "".join(f" AND {part}" for part in parts), params

    def clause(self):
        """The same filter as a peewee expression."""
        present = [Expression(field, op, value) for field, op, value in self.conditions()]
        return reduce(operator.and_, present) if present else True


def as_filter(filters: "PersonFilter | str | None") -> PersonFilter:
    """A bare string is a source, as callers that only filter by source pass it."""
    return filters if isinstance(filters, PersonFilter) else PersonFilter(source=filters or None)


def _postgres_match(term: str):
    like = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # LIKE (not ILIKE) with text_pattern_ops indexes: a prefix match stays an index range scan
    return (fn.lower(Person.name) % like) | (Person.email % like) | (Person.phone % ("+" + like))


_ORDERS = {"newest": (Person.created_at.desc(), Person.id.desc()), "oldest": (Person.created_at, Person.id),
           "name": (Person.name.is_null(), Person.name, Person.created_at.desc())}
_FTS_ORDERS = {"newest": "person_fts.rowid DESC", "oldest": "person_fts.rowid", "name": "person.name IS NULL, person.name"}
SORTS = tuple(_ORDERS)


def _newest_first(project_id: str, term: str | None, source: "PersonFilter | str | None", sort: str = "newest"):
    """Matches ordered by (created_at, id) descending (or as ``sort`` says): the unfiltered list,
    and search on PostgreSQL."""
    return (Person.select().where(Person.project == project_id, as_filter(source).clause(),
                                  _postgres_match(term) if term else True)
            .order_by(*_ORDERS.get(sort, _ORDERS["newest"])))


def _fts_where(project_id: str, term: str, source: "PersonFilter | str | None") -> tuple[str, list]:
    phrase = '"' + term.replace('"', '""') + '"'  # one quoted phrase: the query is never FTS syntax
    extra, extra_params = as_filter(source).sql()
    return ("FROM person_fts JOIN person ON person.rowid = person_fts.rowid "
            "WHERE person_fts MATCH ? AND person.project_id = ?" + extra), [phrase, project_id, *extra_params]


def _fts(project_id: str, term: str, source: "PersonFilter | str | None", limit: int, offset: int = 0,
         before_rowid: int | None = None, sort: str = "newest") -> list[Person]:
    where, params = _fts_where(project_id, term, source)
    sql = "SELECT person.*, person_fts.rowid AS fts_rowid " + where
    if before_rowid is not None:
        sql, params = sql + " AND person_fts.rowid < ?", params + [before_rowid]
    order = _FTS_ORDERS.get(sort, _FTS_ORDERS["newest"])
    return list(Person.raw(sql + f" ORDER BY {order} LIMIT ? OFFSET ?", *params, limit, offset))


def recent_persons(project_id: str, source: "PersonFilter | str | None", limit: int, offset: int,
                   sort: str = "newest") -> list[Person]:
    return list(_newest_first(project_id, None, source, sort).limit(limit).offset(offset))


def search_persons(db, project_id: str, term: str, source: "PersonFilter | str | None", limit: int, offset: int,
                   sort: str = "newest") -> list[Person]:
    """Persons whose name, email or phone contains ``term`` (a ``core.search.search_term`` of at
    least ``MIN_QUERY`` characters), newest first."""
    if not dialect(db).has_fts:
        return list(_newest_first(project_id, term, source, sort).limit(limit).offset(offset))
    return _fts(project_id, term, source, limit, offset, sort=sort)


def count_persons(db, project_id: str, term: str | None, source: "PersonFilter | str | None",
                  cap: int = COUNT_CAP) -> int:
    """How many persons match, counted up to ``cap + 1`` (more means "more than cap")."""
    if term and dialect(db).has_fts:
        where, params = _fts_where(project_id, term, source)
        row = db.execute_sql(f"SELECT COUNT(*) FROM (SELECT 1 {where} LIMIT ?)", (*params, cap + 1)).fetchone()
        return row[0]
    return _newest_first(project_id, term, source).limit(cap + 1).count()


def all_matches(db, project_id: str, term: str | None, source: str | None, batch: int):
    """Every matching person, newest first, in batches that each resume after the last row
    (keyset, not OFFSET: exporting a million persons stays linear)."""
    use_fts = bool(term) and dialect(db).has_fts
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

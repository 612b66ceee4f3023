"""Persons: search, filter, sort, count, page, detail with the timeline, edit, delete (erase), export."""
import logging
from datetime import datetime, timedelta

from ..core.errors import Refused
from ..core.export import export_chunks
from ..core.search import MIN_QUERY, search_term
from ..core.sources import source_names
from ..core.story import event_story
from ..http.errors import ApiError
from ..operations import persons
from ..operations.persons import EDITABLE, InvalidFields
from ..store.details import job_statuses
from ..store.models import Person
from ..store.search import COUNT_CAP, SORTS, PersonFilter, all_matches, count_persons, recent_persons, search_persons
from ..store.timeline import events_of
from .web import PAGE_SIZE, Paging, actor, form_value, go, page_number, project_id, query_value, render


def sources(project) -> list[tuple[str, str]]:
    """(stored source, name) of everything persons can come from: integrations and client tokens."""
    return list(source_names(project.id).items())


def _date(request, name: str, days_after: int = 0) -> datetime | None:
    try:
        day = datetime.strptime(query_value(request, name, 10), "%Y-%m-%d")
    except ValueError:
        return None
    return day + timedelta(days=days_after)


log = logging.getLogger("svit.console")


def _search_term(query: str) -> str:
    try:
        return search_term(query)
    except Refused as refusal:  # answered 400 by the route; one line in the log instead of a crash
        log.warning("refused a persons search: %s", refusal)
        raise


def _filters(request) -> tuple[str, PersonFilter]:
    """The search text and what else the list is narrowed to (dates are whole UTC days, both included)."""
    return query_value(request, "q").strip(), PersonFilter(
        source=query_value(request, "source") or None, has_email=query_value(request, "has") in ("email", "both"),
        has_phone=query_value(request, "has") in ("phone", "both"), since=_date(request, "from"),
        until=_date(request, "to", days_after=1))


def _sort(request) -> str:
    sort = query_value(request, "sort")
    return sort if sort in SORTS else "newest"


def find_persons(request, limit: int, offset: int) -> tuple[list[Person], str | None, int | None]:
    """A page of the list, the hint when the search is too short, and how many match in all."""
    query, filters = _filters(request)
    project_id, db = request.ctx.project.id, request.app.ctx.services.db
    if not query:
        return (recent_persons(project_id, filters, limit, offset, _sort(request)), None,
                count_persons(db, project_id, None, filters))
    term = _search_term(query)
    if len(term) < MIN_QUERY:
        return [], f"Type at least {MIN_QUERY} characters (or digits of a phone number) to search.", None
    return (search_persons(db, project_id, term, filters, limit, offset, _sort(request)), None,
            count_persons(db, project_id, term, filters))


def list_persons(request):
    if request.ctx.project is None:
        return render(request, "persons.html", persons=[], paging=None, q="", filters=PersonFilter(), sort="newest",
                      sources=[], source_labels={}, hint=None, total=None, cap=COUNT_CAP, args={})
    page = page_number(request)
    rows, hint, total = find_persons(request, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    query, filters = _filters(request)
    choices = sources(request.ctx.project)
    return render(request, "persons.html", persons=rows[:PAGE_SIZE], paging=Paging.of(request, page, len(rows) > PAGE_SIZE),
                  q=query, filters=filters, sort=_sort(request), sources=choices, source_labels=dict(choices),
                  hint=hint, total=total, cap=COUNT_CAP, args={k: query_value(request, k, 10) for k in ("has", "from", "to")})


def get_person(request, person_id: str) -> Person:
    return persons.get_person(person_id, project_id(request))


def show_person(request, person_id: str):
    person = get_person(request, person_id)
    events = events_of(person.id)
    jobs = job_statuses({e.job_id for e in events if e.job_id})
    names = source_names(person.project_id)
    stories = {e.id: event_story(e.kind, e.source_type, e.source_id, e.data, names) for e in events}
    return render(request, "person.html", person=person, events=events, jobs=jobs, stories=stories,
                  source_labels=names)


def edit_person_form(request, person_id: str):
    person = get_person(request, person_id)
    return render(request, "person_edit.html", person=person, values={f: getattr(person, f) or "" for f in EDITABLE},
                  errors={})


def edit_person(request, person_id: str):
    person = get_person(request, person_id)
    values = {field: form_value(request, field, 500) for field in EDITABLE}
    try:
        persons.edit_person(actor(request), person.id, values, project_id(request))
    except InvalidFields as error:
        return render(request, "person_edit.html", person=person, values=values, errors=error.errors)
    return go(request, f"/console/persons/{person.id}", "Person saved.")


def delete_person(request, person_id: str):
    persons.erase_person(actor(request), person_id, project_id(request))
    return go(request, "/console/persons", "The person was erased: their timeline, the raw bodies that carried them "
                                           "and spam with their email or phone are gone.")


EXPORT_BATCH = 1000
EXPORT_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def export_batches(request):
    query, filters = _filters(request)
    term = _search_term(query) if query else None
    if term is not None and len(term) < MIN_QUERY:
        return iter(())
    return all_matches(request.app.ctx.services.db, request.ctx.project.id, term, filters, EXPORT_BATCH)


async def export_persons(request, fmt: str):
    """The persons the current filter shows, as CSV or JSON lines (``core.export``). Each batch is
    read and turned into text on the pool, then sent from here: memory stays flat, the loop free."""
    if request.ctx.project is None:
        raise ApiError("NOT_FOUND", "Create a project first: there is nothing to export")
    work = request.app.ctx.services.work
    response = await request.respond(content_type=EXPORT_CONTENT_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="persons.{fmt}"'})
    chunks = export_chunks(export_batches(request), fmt)
    while (chunk := await work.run(next, chunks, None)) is not None:
        await response.send(chunk)
    await work.run(_record_export, request, fmt)
    await response.eof()


def _record_export(request, fmt: str) -> None:
    query, filters = _filters(request)
    # whether a search narrowed the export, never what was typed: it may be a person's email or phone
    persons.record_export(actor(request), request.ctx.project.id,
                          {"searched": bool(query), "source": filters.source, "format": fmt, **_filter_details(filters)})


def _filter_details(filters: PersonFilter) -> dict:
    details = {"hasEmail": filters.has_email, "hasPhone": filters.has_phone,
               "from": filters.since.date().isoformat() if filters.since else None,
               "to": (filters.until - timedelta(days=1)).date().isoformat() if filters.until else None}
    return {key: value for key, value in details.items() if value}


async def export_persons_csv(request):
    return await export_persons(request, "csv")


async def export_persons_jsonl(request):
    return await export_persons(request, "jsonl")

"""Persons: search, filter by source, page, detail with the timeline, edit, delete (erase), export."""
import asyncio
import logging

from ..core import audit
from ..core.errors import Refused
from ..core.export import export_chunks
from ..core.search import MIN_QUERY, all_matches, recent_persons, search_persons, search_term
from ..http.errors import ApiError
from ..operations import persons
from ..operations.persons import EDITABLE, InvalidFields
from ..store.models import ClientToken, IngestionJob, Integration, Person, PersonEvent
from .web import PAGE_SIZE, Paging, actor, form_value, go, page_number, project_id, query_value, render


def sources(project) -> list[tuple[str, str]]:
    """(id, label) of everything persons can come from: integrations and client tokens."""
    integrations = Integration.select(Integration.id, Integration.name, Integration.type).where(
        Integration.project == project).order_by(Integration.name)
    tokens = ClientToken.select(ClientToken.id, ClientToken.name).where(ClientToken.project == project)
    return ([(i.id, f"{i.name} ({i.type})") for i in integrations]
            + [(t.id, f"{t.name} (contact form)") for t in tokens])


def _filters(request):
    source = query_value(request, "source")
    return query_value(request, "q").strip(), (source or None)


log = logging.getLogger("svit.console")


def _search_term(query: str) -> str:
    try:
        return search_term(query)
    except Refused as refusal:  # answered 400 by the route; one line in the log instead of a crash
        log.warning("refused a persons search: %s", refusal)
        raise


def find_persons(request, limit: int, offset: int) -> tuple[list[Person], str | None]:
    query, source = _filters(request)
    project_id = request.ctx.project.id
    if not query:
        return recent_persons(project_id, source, limit, offset), None
    term = _search_term(query)
    if len(term) < MIN_QUERY:
        return [], f"Type at least {MIN_QUERY} characters (or digits of a phone number) to search."
    return search_persons(request.app.ctx.db, project_id, term, source, limit, offset), None


async def list_persons(request):
    if request.ctx.project is None:
        return render(request, "persons.html", persons=[], paging=None, q="", source="", sources=[], source_labels={},
                      hint=None)
    page = page_number(request)
    rows, hint = find_persons(request, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    query, source = _filters(request)
    choices = sources(request.ctx.project)
    return render(request, "persons.html", persons=rows[:PAGE_SIZE], paging=Paging.of(request, page, len(rows) > PAGE_SIZE),
                  q=query, source=source or "", sources=choices, source_labels=dict(choices), hint=hint)


def get_person(request, person_id: str) -> Person:
    return persons.get_person(person_id, project_id(request))


async def show_person(request, person_id: str):
    person = get_person(request, person_id)
    events = list(PersonEvent.select().where(PersonEvent.person == person)
                  .order_by(PersonEvent.created_at, PersonEvent.id))
    job_ids = {e.job_id for e in events if e.job_id}
    jobs = {j.id: j for j in IngestionJob.select(IngestionJob.id, IngestionJob.status)
            .where(IngestionJob.id.in_(job_ids))} if job_ids else {}
    return render(request, "person.html", person=person, events=events, jobs=jobs)


async def edit_person_form(request, person_id: str):
    person = get_person(request, person_id)
    return render(request, "person_edit.html", person=person, values={f: getattr(person, f) or "" for f in EDITABLE},
                  errors={})


async def edit_person(request, person_id: str):
    person = get_person(request, person_id)
    values = {field: form_value(request, field, 500) for field in EDITABLE}
    try:
        persons.edit_person(actor(request), person.id, values, project_id(request))
    except InvalidFields as error:
        return render(request, "person_edit.html", person=person, values=values, errors=error.errors)
    return go(request, f"/console/persons/{person.id}", "Person saved.")


async def delete_person(request, person_id: str):
    # off the event loop: finding the raw bodies reads every job body of the project, and the WAL
    # checkpoint may wait for other readers
    await asyncio.to_thread(persons.erase_person, actor(request), person_id, project_id(request))
    return go(request, "/console/persons", "The person was erased: their timeline, the raw bodies that carried them "
                                           "and spam with their email or phone are gone.")


EXPORT_BATCH = 1000
EXPORT_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def export_batches(request):
    query, source = _filters(request)
    term = _search_term(query) if query else None
    if term is not None and len(term) < MIN_QUERY:
        return iter(())
    return all_matches(request.app.ctx.db, request.ctx.project.id, term, source, EXPORT_BATCH)


async def export_persons(request, fmt: str):
    """The persons the current filter shows, as CSV or JSON lines (``core.export``)."""
    if request.ctx.project is None:
        raise ApiError("NOT_FOUND", "Create a project first: there is nothing to export")
    response = await request.respond(content_type=EXPORT_CONTENT_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="persons.{fmt}"'})
    for chunk in export_chunks(export_batches(request), fmt):
        await response.send(chunk)
    query, source = _filters(request)
    # whether a search narrowed the export, never what was typed: it may be a person's email or phone
    audit.record(actor(request), "person.export", request.ctx.project.id,
                 {"searched": bool(query), "source": source, "format": fmt})
    await response.eof()


async def export_persons_csv(request):
    return await export_persons(request, "csv")


async def export_persons_jsonl(request):
    return await export_persons(request, "jsonl")

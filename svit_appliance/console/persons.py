"""Persons: search, filter by source, page, detail with the timeline, edit, delete, CSV export."""
import csv
import io

from peewee import IntegrityError

from ..core import audit
from ..http.errors import ApiError
from ..core.ids import new_id
from ..store.models import ClientToken, Integration, IngestionJob, Person, PersonEvent, utcnow
from ..core.normalise import InvalidField, normalise_email, normalise_phone
from .search import MIN_QUERY, all_matches, recent_persons, search_persons, search_term
from .web import PAGE_SIZE, Paging, actor, form_value, go, page_number, query_value, render

EDITABLE = ("name", "first_name", "last_name", "email", "phone", "company")
CSV_COLUMNS = ("id", "name", "first_name", "last_name", "email", "phone", "company", "first_source",
               "last_source", "created_at", "updated_at")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def find_persons(request, limit: int, offset: int) -> tuple[list[Person], str | None]:
    query, source = _filters(request)
    project_id = request.ctx.project.id
    if not query:
        return recent_persons(project_id, source, limit, offset), None
    term = search_term(query)
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
    person = Person.get_or_none(Person.id == person_id, Person.project == request.ctx.project)
    if person is None:
        raise ApiError("NOT_FOUND", f"Person with ID {person_id} not found in this project")
    return person


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


def _clean(values: dict, region: str) -> tuple[dict, dict]:
    errors, cleaned = {}, {}
    for field in EDITABLE:
        value = values[field].strip()
        if len(value) > 200:
            errors[field] = "At most 200 characters"
        cleaned[field] = value or None
    for field, normalise in (("email", normalise_email), ("phone", lambda v: normalise_phone(v, region))):
        try:
            cleaned[field + "_normalised"] = normalise(cleaned[field]) if cleaned[field] else None
        except InvalidField as error:
            errors[field] = str(error)
    return cleaned, errors


async def edit_person(request, person_id: str):
    person = get_person(request, person_id)
    values = {field: form_value(request, field, 500) for field in EDITABLE}
    cleaned, errors = _clean(values, request.ctx.project.default_region)
    if not errors:
        errors = _save_edit(request, person, cleaned)
    if errors:
        return render(request, "person_edit.html", person=person, values=values, errors=errors)
    return go(request, f"/console/persons/{person.id}", "Person saved.")


def _save_edit(request, person: Person, cleaned: dict) -> dict:
    before = {f: getattr(person, f) for f in EDITABLE}
    person.name, person.first_name, person.last_name, person.company = (
        cleaned["name"], cleaned["first_name"], cleaned["last_name"], cleaned["company"])
    person.email, person.email_raw = cleaned["email_normalised"], cleaned["email"]
    person.phone, person.phone_raw = cleaned["phone_normalised"], cleaned["phone"]
    person.updated_at = utcnow()
    changes = {f: {"from": before[f], "to": getattr(person, f)} for f in EDITABLE if before[f] != getattr(person, f)}
    if not changes:
        return {}
    try:
        with Person._meta.database.atomic():
            person.save()
            PersonEvent.create(id=new_id("evt"), person=person, kind="edited", source_type="admin",
                               source_id=request.ctx.session.admin.id, data={"changes": changes})
    except IntegrityError:
        return {"email": "Another person of this project already has this email or phone"}
    audit.record(actor(request), "person.edit", person.id, {"fields": sorted(changes)})
    return {}


async def delete_person(request, person_id: str):
    person = get_person(request, person_id)
    with Person._meta.database.atomic():
        PersonEvent.delete().where(PersonEvent.person == person).execute()
        person.delete_instance()
    audit.record(actor(request), "person.delete", person.id, {})
    return go(request, "/console/persons", "The person and their timeline were deleted.")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


EXPORT_BATCH = 1000


def export_batches(request):
    query, source = _filters(request)
    term = search_term(query) if query else None
    if term is not None and len(term) < MIN_QUERY:
        return iter(())
    return all_matches(request.app.ctx.db, request.ctx.project.id, term, source, EXPORT_BATCH)


async def export_persons(request):
    if request.ctx.project is None:
        raise ApiError("NOT_FOUND", "Create a project first: there is nothing to export")
    batches = export_batches(request)
    response = await request.respond(content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="persons.csv"'})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for rows in batches:
        for person in rows:
            writer.writerow([csv_cell(getattr(person, column)) for column in CSV_COLUMNS])
        await response.send(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    await response.send(buffer.getvalue())
    query, source = _filters(request)
    audit.record(actor(request), "person.export", request.ctx.project.id, {"q": query, "source": source})
    await response.eof()

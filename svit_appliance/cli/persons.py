"""``svit persons export|show|edit|delete``."""
import sys

from ..core.export import EXPORT_FORMATS, export_chunks
from ..core.search import all_matches
from ..core.views import person_view
from ..operations import persons, projects
from ..operations.persons import EDITABLE
from ..store.db import database
from ..store.models import PersonEvent, iso_utc
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data

EXPORT_BATCH = 1000


def register(commands) -> None:
    group = add_group(commands, "persons", "show, edit, delete and export persons")
    export = add_command(group, "export", cmd_export, "export a project's persons to stdout, newest first")
    export.add_argument("--project", required=True)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="jsonl (one person per line) or csv")
    show = add_command(group, "show", cmd_show, "show a person and its timeline", json_output=True)
    show.add_argument("person_id")
    edit = add_command(group, "edit", cmd_edit, "change a person's fields (an empty value clears one)",
                       json_output=True)
    edit.add_argument("person_id")
    for field in EDITABLE:
        edit.add_argument(f"--{field.replace('_', '-')}", dest=field)
    delete = add_command(group, "delete", cmd_delete, "delete a person and their timeline", json_output=True)
    delete.add_argument("person_id")


def cmd_export(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    batches = all_matches(database.obj, args.project, None, None, EXPORT_BATCH)
    for chunk in export_chunks(batches, args.format):
        sys.stdout.write(chunk)
    return 0


def timeline(person_id: str) -> list[dict]:
    events = PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.created_at, PersonEvent.id)
    return [{"kind": e.kind, "source": e.source_type, "sourceId": e.source_id, "jobId": e.job_id,
             "data": e.data, "at": iso_utc(e.created_at)} for e in events]


def cmd_show(args) -> int:
    open_existing_data(args)
    person = persons.get_person(args.person_id)
    view = {**person_view(person), "timeline": timeline(person.id)}
    lines = [f"{person.id}  {person.name or '(no name)'}  {person.email or '-'}  {person.phone or '-'}"]
    lines += [f"  {e['at']}  {e['kind']:<14} {e['source']}" + (f" {e['jobId']}" if e["jobId"] else "")
              for e in view["timeline"]]
    emit(args, view, "\n".join(lines))
    return 0


def cmd_edit(args) -> int:
    open_data(args)
    values = {field: getattr(args, field) for field in EDITABLE if getattr(args, field) is not None}
    changes = persons.edit_person(cli_actor(), args.person_id, values)
    view = person_view(persons.get_person(args.person_id))
    emit(args, {**view, "changes": changes},
         f"{view['id']}: " + (", ".join(f"{f} changed" for f in changes) if changes else "nothing changed"))
    return 0


def cmd_delete(args) -> int:
    open_data(args)
    persons.delete_person(cli_actor(), args.person_id)
    emit(args, {"id": args.person_id, "deleted": True}, f"deleted {args.person_id} and their timeline")
    return 0

"""``svit persons export|import|show|edit|delete``."""
import json
import os
import sys

from ..core.errors import Refused
from ..core.export import EXPORT_FORMATS, export_chunks
from ..core.person_import import ImportReport, refusals_csv
from ..core.search import all_matches
from ..core.sources import source_name, source_names
from ..core.story import event_story
from ..core.views import person_view
from ..operations import imports, persons, projects
from ..operations.persons import EDITABLE
from ..store.db import database
from ..store.models import PersonEvent, iso_utc
from .output import add_command, add_group, cli_actor, emit, open_data

EXPORT_BATCH = 1000


def register(commands) -> None:
    group = add_group(commands, "persons", "show, edit, delete and export persons")
    export = add_command(group, "export", cmd_export, "export a project's persons to stdout, newest first")
    export.add_argument("--project", required=True)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="jsonl (one person per line) or csv")
    add_import_command(group)
    show = add_command(group, "show", cmd_show, "show a person and its timeline", json_output=True)
    show.add_argument("person_id")
    edit = add_command(group, "edit", cmd_edit, "change a person's fields (an empty value clears one)",
                       json_output=True)
    edit.add_argument("person_id")
    for field in EDITABLE:
        edit.add_argument(f"--{field.replace('_', '-')}", dest=field)
    delete = add_command(group, "delete", cmd_delete, "delete a person and their timeline", json_output=True)
    delete.add_argument("person_id")


def add_import_command(group) -> None:
    command = add_command(group, "import", cmd_import, "import persons from a CSV file (merged like every source)",
                          json_output=True)
    command.add_argument("file", help="a CSV file, UTF-8, its first line naming the columns")
    command.add_argument("--project", required=True)
    command.add_argument("--mapping", help='person field -> column, JSON: {"email": "E-mail", "name": "Full name"}; '
                         "fields not given are guessed from the headers, null leaves a field unread")
    command.add_argument("--dry-run", action="store_true", help="count what would be imported, merged and refused; "
                         "write nothing")
    command.add_argument("--report", metavar="FILE", help="write the refused rows (line, reason, the row) to this CSV")


def _mapping_option(text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        mapping = json.loads(text)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict):
        raise Refused('--mapping must be a JSON object such as {"email": "E-mail", "name": "Full name"}')
    return mapping


def _progress_bar(done: int, total: int, report: ImportReport) -> None:
    share = done / total if total else 1.0
    bar = "#" * int(share * 30)
    sys.stderr.write(f"\r[{bar:<30}] {share:4.0%}  {report.rows} rows")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_import(args) -> int:
    open_data(args)
    mapping = _mapping_option(args.mapping)
    try:
        stream = open(args.file, "rb")
    except OSError as error:
        raise Refused(f"Cannot read {args.file}: {error.strerror}") from None
    with stream:
        report = imports.import_persons(cli_actor(), args.project, stream, args.file, os.fstat(stream.fileno()).st_size,
                                        mapping, args.dry_run, _progress_bar if sys.stderr.isatty() else None)
    if args.report:
        with open(args.report, "w", encoding="utf-8", newline="") as out:
            out.write(refusals_csv(report))
    emit(args, report.view(), _import_summary(report))
    return 0


def _import_summary(report: ImportReport) -> str:
    verb = "would be " if report.dry_run else ""
    lines = [f"{report.file}: {report.rows} rows: {report.imported} {verb}imported, {report.merged} {verb}merged, "
             f"{report.refused} refused" + (" (dry run: nothing written)" if report.dry_run else ""),
             "columns: " + (", ".join(f"{field} <- {header!r}" for field, header in report.mapping.items())
                            or "none recognised (give --mapping)")]
    lines += [f"  line {r.line}: {r.reason}" for r in report.refusals[:20]]
    if report.refused > 20:
        lines.append(f"  ... {report.refused - 20} more refused rows (--report FILE writes them all)")
    return "\n".join(lines)


def cmd_export(args) -> int:
    open_data(args)
    projects.get_project(args.project)
    batches = all_matches(database.obj, args.project, None, None, EXPORT_BATCH)
    for chunk in export_chunks(batches, args.format):
        sys.stdout.write(chunk)
    return 0


def timeline(person_id: str, names: dict[str, str]) -> list[dict]:
    events = PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.created_at, PersonEvent.id)
    return [{"kind": e.kind, "source": e.source_type, "sourceId": e.source_id, "jobId": e.job_id,
             "data": e.data, "at": iso_utc(e.created_at), "story": event_story(e.kind, e.source_type, e.source_id,
                                                                              e.data, names)} for e in events]


def cmd_show(args) -> int:
    open_data(args)
    person = persons.get_person(args.person_id)
    names = source_names(person.project_id)
    events = timeline(person.id, names)
    lines = [f"{person.id}  {person.name or '(no name)'}  {person.email or '-'}  {person.phone or '-'}",
             f"  came from {source_name(person.first_source, names) or '-'}, "
             f"last from {source_name(person.last_source, names) or '-'}"]
    for event in events:
        lines.append(f"  {event['at']}  {event['story'].sentence}")
        lines += [f"      {label}: {value}" for label, value in event["story"].details]
    for event in events:
        event["story"] = event["story"].sentence
    emit(args, {**person_view(person), "timeline": events}, "\n".join(lines))
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

"""``svit persons export|import|show|edit|erase|duplicates|merge|unmerge``."""
import json
import os
import sys

from ..core.duplicates import likely_duplicates
from ..core.errors import Refused
from ..core.export import EXPORT_FORMATS, export_chunks
from ..core.merges import MERGE_FIELDS
from ..core.person_import import ImportReport, collecting_less, refusals_csv
from ..core.sources import source_name, source_names
from ..core.story import event_story
from ..core.subject import subject_access
from ..core.views import person_view
from ..operations import imports, merges, persons, projects
from ..operations.persons import EDITABLE
from ..store.db import database
from ..store.models import iso_utc
from ..store.search import all_matches
from .output import add_command, add_group, cli_actor, emit, field_list, open_data, open_existing_data

EXPORT_BATCH = 1000


def register(commands) -> None:
    group = add_group(commands, "persons", "show, edit, import, merge, erase and export persons")
    export = add_command(group, "export", cmd_export, "export a project's persons to stdout, newest first")
    export.add_argument("--project", required=True)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="jsonl (one person per line) or csv")
    add_import_command(group)
    show = add_command(group, "show", cmd_show, "show everything held about a person: fields, timeline told in "
                       "words, the raw bodies that mention them, spam carrying them (--json for a subject-access "
                       "request)", json_output=True)
    show.add_argument("person_id")
    edit = add_command(group, "edit", cmd_edit, "change a person's fields (an empty value clears one)",
                       json_output=True)
    edit.add_argument("person_id")
    for field in EDITABLE:
        edit.add_argument(f"--{field.replace('_', '-')}", dest=field)
    erase = add_command(group, "erase", cmd_erase, "erase a person: their row, timeline and spam, the raw bodies "
                        "that mention them, and the traces in the database files", json_output=True)
    erase.add_argument("person_id")
    duplicates = add_command(group, "duplicates", cmd_duplicates, "likely duplicates of a project: the same mailbox "
                             "written differently, the same phone, close names with an email or phone one typo "
                             "apart", json_output=True)
    duplicates.add_argument("--project", required=True)
    merge = add_command(group, "merge", cmd_merge, "merge OTHER into KEEP (both timelines kept; undo with unmerge "
                        "for 30 days)", json_output=True)
    merge.add_argument("keep_id")
    merge.add_argument("other_id")
    merge.add_argument("--from-other", help=f"comma-separated fields that take OTHER's value: {','.join(MERGE_FIELDS)}")
    unmerge = add_command(group, "unmerge", cmd_unmerge, "undo a merge: both persons back exactly as they were",
                          json_output=True)
    unmerge.add_argument("merge_id")


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
    with stream, collecting_less():
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
    open_existing_data(args)
    projects.get_project(args.project)
    batches = all_matches(database.obj, args.project, None, None, EXPORT_BATCH)
    for chunk in export_chunks(batches, args.format):
        sys.stdout.write(chunk)
    return 0


def cmd_show(args) -> int:
    open_existing_data(args)
    person = persons.get_person(args.person_id)
    view = subject_access(person)
    names = source_names(person.project_id)
    stories = [event_story(e["kind"], e["source"], e["sourceId"], e["data"], names) for e in view["timeline"]]
    lines = [f"{person.id}  {person.name or '(no name)'}  {person.email or '-'}  {person.phone or '-'}",
             f"  came from {source_name(person.first_source, names) or '-'}, "
             f"last from {source_name(person.last_source, names) or '-'}"]
    for event, story in zip(view["timeline"], stories):
        event["story"] = story.sentence
        lines.append(f"  {event['at']}  {story.sentence}")
        lines += [f"      {label}: {value}" for label, value in story.details]
    lines += [f"  raw bodies mentioning them: {', '.join(j['jobId'] for j in view['jobs']) or 'none'}",
              f"  spam carrying them: {len(view['spam'])}  (--json shows all of it)"]
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


def cmd_erase(args) -> int:
    open_existing_data(args)
    erased = persons.erase_person(cli_actor(), args.person_id)
    emit(args, {"id": args.person_id, "erased": True, **erased},
         f"erased {args.person_id}: {erased['timelineEvents']} timeline event(s), {erased['spamDeleted']} spam "
         f"post(s) deleted, {erased['jobBodiesErased']} job body(ies) emptied"
         + ("" if erased["walCheckpointed"] else "; the write-ahead log is still in use by another process and is "
            "emptied at its next checkpoint"))
    return 0


def merge_view(merge) -> dict:
    return {"mergeId": merge.id, "keptId": merge.kept_id, "mergedId": merge.merged_id, "actor": merge.actor,
            "createdAt": iso_utc(merge.created_at), "undoneAt": iso_utc(merge.undone_at)}


def cmd_duplicates(args) -> int:
    open_existing_data(args)
    projects.get_project(args.project)
    pairs = [{"first": person_view(d.first), "second": person_view(d.second), "reason": d.reason}
             for d in likely_duplicates(args.project)]
    emit(args, pairs, "\n".join(f"{p['first']['id']}  {p['second']['id']}  {p['reason']}" for p in pairs)
         or "no likely duplicates")
    return 0


def cmd_merge(args) -> int:
    open_data(args)
    merge = merges.merge_persons(cli_actor(), args.keep_id, args.other_id, field_list(args.from_other))
    emit(args, merge_view(merge), f"merged {merge.merged_id} into {merge.kept_id} ({merge.id}); "
                                  f"undo with: svit persons unmerge {merge.id}")
    return 0


def cmd_unmerge(args) -> int:
    open_data(args)
    merge = merges.unmerge_persons(cli_actor(), args.merge_id)
    emit(args, merge_view(merge), f"{merge.kept_id} and {merge.merged_id} are back as they were")
    return 0

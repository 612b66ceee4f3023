"""``svit persons export|show|edit|erase|duplicates|merge|unmerge``."""
import sys

from ..core.export import EXPORT_FORMATS, export_chunks
from ..core.merges import MERGE_FIELDS, likely_duplicates
from ..core.search import all_matches
from ..core.subject import subject_access
from ..core.views import person_view
from ..operations import merges, persons, projects
from ..operations.persons import EDITABLE
from ..store.db import database
from ..store.models import iso_utc
from .output import add_command, add_group, cli_actor, emit, field_list, open_data, open_existing_data

EXPORT_BATCH = 1000


def register(commands) -> None:
    group = add_group(commands, "persons", "show, edit, erase and export persons")
    export = add_command(group, "export", cmd_export, "export a project's persons to stdout, newest first")
    export.add_argument("--project", required=True)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="jsonl (one person per line) or csv")
    show = add_command(group, "show", cmd_show, "show everything held about a person: fields, timeline, the raw "
                       "bodies that mention them, spam carrying them (--json for a subject-access request)",
                       json_output=True)
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
                             "written differently, the same phone", json_output=True)
    duplicates.add_argument("--project", required=True)
    merge = add_command(group, "merge", cmd_merge, "merge OTHER into KEEP (both timelines kept; undo with unmerge "
                        "for 30 days)", json_output=True)
    merge.add_argument("keep_id")
    merge.add_argument("other_id")
    merge.add_argument("--from-other", help=f"comma-separated fields that take OTHER's value: {','.join(MERGE_FIELDS)}")
    unmerge = add_command(group, "unmerge", cmd_unmerge, "undo a merge: both persons back exactly as they were",
                          json_output=True)
    unmerge.add_argument("merge_id")


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
    lines = [f"{person.id}  {person.name or '(no name)'}  {person.email or '-'}  {person.phone or '-'}"]
    lines += [f"  {e['at']}  {e['kind']:<14} {e['source']}" + (f" {e['jobId']}" if e["jobId"] else "")
              for e in view["timeline"]]
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

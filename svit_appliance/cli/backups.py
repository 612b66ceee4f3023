"""``svit backup [--to DIR]``, ``svit backup list`` and ``svit restore FILE``."""
import sys
from pathlib import Path

from ..operations import backups
from ..store.backup import backup_folder, list_backups
from ..store.db import sqlite_file
from .output import add_command, cli_actor, emit, load_settings


def register(commands) -> None:
    backup = add_command(commands, "backup", cmd_backup,
                         "back the database up now (verified, compressed); `svit backup list` lists backups",
                         json_output=True)
    backup.add_argument("--to", metavar="DIR", help="write the backup here instead of <data-dir>/backups")
    actions = backup.add_subparsers(dest="action", metavar="[list]")
    listing = add_command(actions, "list", cmd_list, "list the backups in <data-dir>/backups, newest first",
                          json_output=True)
    listing.add_argument("--to", metavar="DIR", help="list this folder instead of <data-dir>/backups")
    restore = add_command(commands, "restore", cmd_restore,
                          "replace the database with a backup (verified first; the server must be stopped)",
                          json_output=True)
    restore.add_argument("file", help="a svit-*.db.gz backup")


def _postgres(settings) -> bool:
    if sqlite_file(settings) is None:
        print(f"svit: {backups.POSTGRES_ADVICE}", file=sys.stderr)
        return True
    return False


def _line(record) -> str:
    state = "verified" if record.verified else f"NOT VERIFIED ({record.check})"
    return f"{record.createdAt}  {record.sizeBytes:>12} bytes  schema v{record.schemaVersion}  {state}  {record.file}"


def cmd_backup(args) -> int:
    settings = load_settings(args)
    if _postgres(settings):
        return 2
    made = backups.create_backup(cli_actor(), settings, Path(args.to) if args.to else None)
    emit(args, made.as_json(), _line(made))
    return 0 if made.verified else 1


def cmd_list(args) -> int:
    settings = load_settings(args)
    if _postgres(settings):
        return 2
    records = list_backups(Path(args.to) if args.to else backup_folder(settings.data_path))
    emit(args, [r.as_json() for r in records], "\n".join(_line(r) for r in records) or "no backups")
    return 0


def cmd_restore(args) -> int:
    settings = load_settings(args)
    if _postgres(settings):
        return 2
    kept = backups.restore(cli_actor(), settings, Path(args.file))
    where = f"; the replaced database is kept in {kept}" if kept else ""
    emit(args, {"restored": str(Path(args.file).resolve()), "replacedKeptAt": str(kept) if kept else None},
         f"restored {args.file} into {settings.data_path}{where}")
    return 0

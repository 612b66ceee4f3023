"""``svit doctor``'s checks: each says what it found and, when something needs doing, what to do.

A check is ``ok``, a ``warning`` (worth a look) or ``action`` (something needs doing: the command
exits non-zero). Nothing here writes to the database, and a missing database is not created.
"""
import json
import os
import shutil
import socket
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..settings import Settings
from ..store import health, stats
from ..store.datadir import exposed
from ..store.db import build_database, database, sqlite_file
from ..store.migrations import MIGRATIONS
from ..store.models import utcnow
from .backups import backup_status

MiB = 1 << 20
WAL_WARN_BYTES = 64 * MiB
DISK_SPARE_BYTES = 64 * MiB
STUCK_JOB_AGE = timedelta(minutes=5)
CLOCK_TOLERANCE = timedelta(minutes=5)
EARLIEST_SANE_YEAR = 2025


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "ok", "warning", "action" or "skipped"
    summary: str
    advice: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def ok(name, summary) -> Check:
    return Check(name, "ok", summary)


def warning(name, summary, advice) -> Check:
    return Check(name, "warning", summary, advice)


def action(name, summary, advice) -> Check:
    return Check(name, "action", summary, advice)


def skipped(name, summary) -> Check:
    return Check(name, "skipped", summary)


def run_checks(settings: Settings) -> list[Check]:
    db_file = sqlite_file(settings)
    sqlite = db_file is not None
    checks = [check_data_dir(settings.data_path) if sqlite else skipped("data directory", "PostgreSQL holds the data")]
    if sqlite and not db_file.exists():
        checks.append(action("database", f"no database at {db_file}",
                             "start `svit serve` (or run `svit migrate`) to create it, or point --data-dir at the right place"))
        return checks + [check_port(settings), check_clock(None)]
    if sqlite:
        checks += [check_disk(settings.data_path, db_file), check_integrity(db_file), check_wal(db_file)]
    db = build_database(settings)
    database.initialize(db)
    try:
        checks += [_guarded("durability", check_durability) if sqlite
                   else skipped("durability", "PostgreSQL's own settings apply"),
                   _guarded("migrations", check_migrations),
                   check_backup(settings) if sqlite else skipped("backup", "on PostgreSQL, back up with pg_dump"),
                   _guarded("queue", check_queue), check_port(settings),
                   _guarded("clock", lambda: check_clock(health.newest_record_time()))]
    finally:
        db.close()
    return checks


def _guarded(name: str, check) -> Check:
    """A check whose query the database refuses (damaged, unreachable) becomes that check's finding."""
    try:
        return check()
    except Exception as error:  # any driver error is the finding
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return action(name, f"the database could not answer: {first_line}",
                      "a missing schema is created by `svit migrate`; a damaged SQLite database is restored "
                      "with `svit restore` (see the integrity check)")


def needs_action(checks: list[Check]) -> bool:
    return any(check.status == "action" for check in checks)


def check_data_dir(path: Path) -> Check:
    name = "data directory"
    if not path.is_dir():
        return action(name, f"{path} does not exist", "start `svit serve` once, or pass the right --data-dir")
    if not os.access(path, os.W_OK | os.X_OK):
        return action(name, f"{path} is not writable by this user ({os.geteuid()})",
                      f"run svit as the directory's owner, or `chown -R <svit user> {path}`")
    wide = exposed(path)
    if wide:
        modes = ", ".join(f"{p} is {mode:04o}" for p, mode in wide)
        return warning(name, f"other users can read personal data: {modes}", f"`chmod -R go-rwx {path}`")
    return ok(name, f"{path} is writable and private")


def check_disk(path: Path, db_file: Path) -> Check:
    used = sum(p.stat().st_size for p in (db_file, stats.wal_file(db_file)) if p.exists())
    free = shutil.disk_usage(path).free
    # a backup needs a database's worth of space, and so does a VACUUM or a migration's copy
    needed = 2 * used + DISK_SPARE_BYTES
    summary = f"{free / MiB:.0f} MiB free, database {used / MiB:.1f} MiB"
    if free < needed:
        return action("disk space", summary,
                      f"free at least {needed / MiB:.0f} MiB: backups and migrations copy the database; "
                      "a full disk makes ingestion answer 503")
    return ok("disk space", summary)


def check_integrity(db_file: Path) -> Check:
    found = health.quick_check(db_file)
    if found == ["ok"]:
        return ok("integrity", "PRAGMA quick_check: ok")
    return action("integrity", "PRAGMA quick_check: " + "; ".join(found[:3]),
                  "stop svit and `svit restore` the newest verified backup (`svit backup list`)")


def check_wal(db_file: Path) -> Check:
    wal = stats.wal_file(db_file)
    size = wal.stat().st_size if wal.exists() else 0
    summary = f"write-ahead log {size / MiB:.1f} MiB"
    if size > WAL_WARN_BYTES:
        return warning("WAL size", summary,
                       "a long-lived reader holds checkpoints back; a restart of svit folds the log into the database")
    return ok("WAL size", summary)


def check_durability() -> Check:
    mode, synchronous = health.durability()
    summary = f"journal_mode={mode}, synchronous={synchronous} (2 is FULL)"
    if mode != "wal" or synchronous != 2:
        return action("durability", summary,
                      "svit needs WAL and synchronous=FULL so that an accepted job survives power loss; "
                      "WAL needs a local file system (not NFS or SMB): move the data directory to a local disk")
    return ok("durability", summary)


def check_migrations() -> Check:
    applied = health.recorded_migrations()
    known = len(MIGRATIONS)
    newer = {v for v in applied if v > known}
    if newer:
        return action("migrations", f"the database has schema version {max(newer)}, this svit knows {known}",
                      "run the newer svit that migrated it, or restore a backup made by this version")
    pending = known - len(applied)
    if pending:
        return warning("migrations", f"{pending} migration(s) pending",
                       "`svit serve` or `svit migrate` applies them, after backing the database up")
    return ok("migrations", f"schema version {known}, up to date")


def check_backup(settings: Settings) -> Check:
    status = backup_status(settings)
    if status.last is None:
        return warning("backup", "no backup yet", "run `svit backup` (svit serve also backs up on its schedule)")
    last = status.last
    summary = (f"last backup {status.age_seconds / 3600:.1f} h ago, {last.sizeBytes / MiB:.1f} MiB, "
               f"{'verified' if last.verified else 'NOT verified'}: {last.file}")
    if status.warning:
        return action("backup", summary, f"{status.warning}; run `svit backup` and check the server's log")
    return ok("backup", summary)


def check_queue() -> Check:
    now = utcnow()
    counts = stats.job_counts()
    oldest = stats.oldest_due_job_at()
    depth = counts.get("queued", 0) + counts.get("processing", 0)
    summary = (f"{depth} job(s) waiting or running, {counts.get('failed', 0)} failed"
               + (f"; oldest due job waiting {(now - oldest).total_seconds():.0f} s" if oldest and oldest < now else ""))
    if oldest and now - oldest > STUCK_JOB_AGE:
        return warning("queue", summary, "no worker is taking jobs: is `svit serve` running without --no-worker, "
                                         "or a `svit worker` beside it?")
    if counts.get("failed"):
        return warning("queue", summary, "see `svit jobs list --status failed`; `svit jobs retry --all-failed` retries them")
    return ok("queue", summary)


def check_port(settings: Settings) -> Check:
    name, where = "port", f"{settings.host}:{settings.port}"
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((settings.host, settings.port))
            return ok(name, f"{where} is free for `svit serve`")
        except OSError:
            pass
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "") else settings.host
    try:
        with urllib.request.urlopen(f"http://{host}:{settings.port}/healthz", timeout=2) as answer:
            if json.loads(answer.read()).get("status") == "ok":
                return ok(name, f"{where} is in use by a running svit (it answers /healthz)")
    except Exception:  # refused, not HTTP, not JSON: not svit
        pass
    return action(name, f"{where} is in use by another program",
                  f"stop it (`ss -ltnp 'sport = :{settings.port}'` shows which) or choose another --port / SVIT_PORT")


def check_clock(newest: datetime | None) -> Check:
    """``newest``: the newest time the database records (None: no database, or nothing in it)."""
    now = utcnow()
    if now.year < EARLIEST_SANE_YEAR:
        return action("clock", f"the system clock says {now:%Y-%m-%d %H:%M} UTC", "set the time (enable NTP: `timedatectl set-ntp true`)")
    if newest and newest - now > CLOCK_TOLERANCE:
        return action("clock", f"the newest record is {(newest - now).total_seconds() / 60:.0f} min in the future "
                               f"(clock {now:%Y-%m-%d %H:%M} UTC)",
                      "the clock went backwards: set it right (enable NTP: `timedatectl set-ntp true`); "
                      "retries, leases and retention go by it")
    return ok("clock", f"{now:%Y-%m-%d %H:%M:%S} UTC, not behind the database's newest record")

"""Verified, compressed copies of the live SQLite database, and putting one back.

A backup is ``svit-<UTC time>.db.gz`` with a manifest ``<same name>.json`` beside it (time,
sizes, checksum, schema version, verified). The manifests live next to the files rather than
in the database so that a restore, which replaces the database, never loses the record of the
backups made after the one restored.
"""
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .db import SQLITE_FILE
from .migrations import MIGRATIONS

BACKUP_DIR = "backups"
SUFFIX = ".db.gz"
MANIFEST_SUFFIX = ".json"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup could not be made, or a file cannot be restored; the message says why."""


@dataclass(frozen=True)
class BackupRecord:
    file: str  # absolute path of the compressed copy
    createdAt: str
    sizeBytes: int  # compressed
    databaseBytes: int  # uncompressed
    sha256: str  # of the compressed file
    schemaVersion: int
    verified: bool
    check: str  # "ok", or what integrity_check said

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.createdAt, "%Y-%m-%dT%H:%M:%S.%fZ")

    def as_json(self) -> dict:
        return asdict(self)


def backup_folder(data_path: Path) -> Path:
    return Path(data_path) / BACKUP_DIR


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def make_backup(data_path: Path, folder: Path | None = None, busy_timeout_s: float = 5.0) -> BackupRecord:
    """Copy ``<data_path>/svit.db`` while it is in use, check the copy, compress it, record it.

    SQLite's online backup API copies in one step, inside one read transaction: in WAL mode that
    is a consistent snapshot and never blocks the writers."""
    source_path = Path(data_path) / SQLITE_FILE
    if not source_path.exists():
        raise BackupError(f"no database at {source_path}: nothing to back up")
    folder = Path(folder) if folder else backup_folder(data_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # copies of personal data: owner only
    created = _now()
    target = _unused_name(folder, "svit-" + created.strftime("%Y%m%dT%H%M%S%fZ"))
    raw = target.with_name(target.name[: -len(SUFFIX)] + ".db.partial")
    try:
        _online_copy(source_path, raw, busy_timeout_s)
        check, version = inspect_database(raw)
        database_bytes = raw.stat().st_size
        _compress(raw, target.with_name(target.name + ".partial"))
        os.replace(target.with_name(target.name + ".partial"), target)
    finally:
        raw.unlink(missing_ok=True)
        target.with_name(target.name + ".partial").unlink(missing_ok=True)
    record = BackupRecord(str(target), _iso(created), target.stat().st_size, database_bytes, file_sha256(target),
                          version, check == "ok" and 0 < version <= len(MIGRATIONS), check)
    _write_manifest(target, record)
    return record


def _online_copy(source_path: Path, target: Path, busy_timeout_s: float) -> None:
    source = sqlite3.connect(source_path, timeout=busy_timeout_s)
    copy = sqlite3.connect(target)
    os.chmod(target, 0o600)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()


def inspect_database(path: Path) -> tuple[str, int]:
    """``PRAGMA integrity_check``'s verdict ("ok" or its first complaint) and the schema version."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        verdict = "ok" if rows == [("ok",)] else "; ".join(str(row[0]) for row in rows[:3])
        try:
            version = connection.execute("SELECT MAX(version) FROM svit_schema_migrations").fetchone()[0] or 0
        except sqlite3.DatabaseError:
            version = 0
        return verdict, version
    except sqlite3.DatabaseError as error:
        return f"not a readable SQLite database ({error})", 0
    finally:
        connection.close()


def _compress(source: Path, target: Path) -> None:
    # level 6: a typical database shrinks 4-10x at a fraction of level 9's time
    with open(source, "rb") as raw, open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out, \
            gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as packed:
        shutil.copyfileobj(raw, packed, CHUNK)
        packed.flush()
        os.fsync(out.fileno())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _unused_name(folder: Path, stem: str) -> Path:
    candidate, n = folder / f"{stem}{SUFFIX}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{SUFFIX}"
    return candidate


def manifest_path(backup: Path) -> Path:
    return Path(str(backup) + MANIFEST_SUFFIX)


def _write_manifest(backup: Path, record: BackupRecord) -> None:
    partial = manifest_path(backup).with_suffix(".partial")
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(json.dumps(record.as_json(), indent=1))
    os.replace(partial, manifest_path(backup))


def read_manifest(backup: Path) -> BackupRecord | None:
    try:
        return BackupRecord(**json.loads(manifest_path(backup).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def list_backups(folder: Path) -> list[BackupRecord]:
    """Every recorded backup in ``folder`` whose file is still there, newest first."""
    records = []
    for manifest in Path(folder).glob(f"*{SUFFIX}{MANIFEST_SUFFIX}"):
        record = read_manifest(Path(str(manifest)[: -len(MANIFEST_SUFFIX)]))
        if record and (Path(folder) / Path(record.file).name).exists():
            records.append(record)
    return sorted(records, key=lambda r: r.createdAt, reverse=True)


def last_backup(data_path: Path) -> BackupRecord | None:
    backups = list_backups(backup_folder(data_path))
    return backups[0] if backups else None


def prune_backups(folder: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` newest recorded backups; return the files removed."""
    removed = []
    for record in list_backups(folder)[keep:]:
        path = Path(folder) / Path(record.file).name
        path.unlink(missing_ok=True)
        manifest_path(path).unlink(missing_ok=True)
        removed.append(str(path))
    return removed


def unpack_verified(backup: Path, target: Path) -> tuple[int, BackupRecord | None]:
    """Decompress ``backup`` into ``target`` and check it; return its schema version.

    Refuses (BackupError) a file whose checksum differs from its manifest, that is not gzip, or
    whose database fails ``integrity_check`` or was made by a newer svit."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"{backup} does not exist")
    record = read_manifest(backup)
    if record and file_sha256(backup) != record.sha256:
        raise BackupError(f"{backup} is corrupted: its SHA-256 differs from the one recorded when it was made")
    try:
        with gzip.open(backup, "rb") as packed, open(target, "wb") as raw:
            shutil.copyfileobj(packed, raw, CHUNK)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"{backup} is not a readable svit backup (gzip: {error})") from None
    check, version = inspect_database(target)
    if check != "ok" or version == 0:
        target.unlink(missing_ok=True)
        reason = check if check != "ok" else "it holds no svit schema"
        raise BackupError(f"{backup} is not a usable svit database: {reason}")
    if version > len(MIGRATIONS):
        target.unlink(missing_ok=True)
        raise BackupError(f"{backup} has schema version {version}, newer than this svit knows "
                          f"({len(MIGRATIONS)}): restore it with the svit that made it")
    return version, record


def restore_backup(backup: Path, data_path: Path) -> Path | None:
    """Replace ``<data_path>/svit.db`` with the verified contents of ``backup``; the caller holds
    the data directory exclusively. Returns where the replaced database was kept (None if none)."""
    data_path = Path(data_path)
    data_path.mkdir(parents=True, exist_ok=True)
    live = data_path / SQLITE_FILE
    incoming = data_path / (SQLITE_FILE + ".restoring")
    unpack_verified(backup, incoming)
    kept = None
    if live.exists():
        _checkpoint(live)
        folder = backup_folder(data_path)
        folder.mkdir(parents=True, exist_ok=True)
        kept = folder / f"replaced-{_now().strftime('%Y%m%dT%H%M%SZ')}.db"
        n = 1
        while kept.exists():
            n += 1
            kept = folder / f"replaced-{_now().strftime('%Y%m%dT%H%M%SZ')}-{n}.db"
        os.replace(live, kept)
    for leftover in (SQLITE_FILE + "-wal", SQLITE_FILE + "-shm"):
        (data_path / leftover).unlink(missing_ok=True)
    os.replace(incoming, live)
    return kept


def _checkpoint(live: Path) -> None:
    """Fold the WAL into the file, so the database kept aside is complete on its own."""
    connection = sqlite3.connect(live)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()

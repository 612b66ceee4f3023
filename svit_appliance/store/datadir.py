"""The data directory: private to its owner, checked before anything is stored in it.

It holds personal data, provider signing secrets and the form-stamp key, so the directory is
created 0700 and its files 0600 (SQLite gives ``-wal`` and ``-shm`` files the mode of their
database file). Wider permissions found on an existing directory are reported, not changed:
the owner may have chosen them.
"""
import logging
import os
import stat
import tempfile
from pathlib import Path

log = logging.getLogger("svit.data")

PRIVATE_UMASK = 0o077  # what every command that opens data runs under: new files 0600, directories 0700
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
DATA_FILE_PATTERNS = ("svit.db*", "queue.db*")
POINT_ELSEWHERE = "point --data-dir (or SVIT_DATA_DIR) at another directory"


class StartupError(Exception):
    """A command cannot start as told (unusable data directory, no data to read, port taken): one line
    says why and how to fix it, and the command exits with status 2."""


def prepare_data_dir(path: Path) -> None:
    """Create the directory (0700) when missing; refuse a file, or a directory this user cannot write."""
    if path.exists() and not path.is_dir():
        raise StartupError(f"the data directory {path} is a file, not a directory: {POINT_ELSEWHERE}")
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StartupError(f"cannot create the data directory {path} ({error.strerror}): {POINT_ELSEWHERE}") from None
    try:
        tempfile.TemporaryFile(dir=path).close()
    except OSError as error:
        raise StartupError(f"cannot write in the data directory {path} ({error.strerror}): give this user "
                           f"write access to it, or {POINT_ELSEWHERE}") from None
    for existing in data_files(path):
        if not os.access(existing, os.R_OK | os.W_OK):
            raise StartupError(f"cannot read and write {existing}: give this user access to it, or {POINT_ELSEWHERE}")


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (SQLite reads an empty file as a new database)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass


def data_files(path: Path) -> list[Path]:
    return sorted(f for pattern in DATA_FILE_PATTERNS for f in path.glob(pattern) if f.is_file())


def exposed(path: Path) -> list[tuple[Path, int]]:
    """The directory and data files that other users may read or enter, with their modes."""
    found = [(p, stat.S_IMODE(p.stat().st_mode)) for p in [path, *data_files(path)] if p.exists()]
    return [(p, mode) for p, mode in found if mode & 0o077]


def warn_if_exposed(path: Path) -> bool:
    """Log one warning line (with the chmod that fixes it) when the data is open to other users."""
    wide = exposed(path)
    if wide:
        modes = ", ".join(f"{p if p == path else p.name} {mode:04o}" for p, mode in wide)
        log.warning("the data directory is open to other users (%s) but holds personal data and secrets; "
                    "fix with: chmod -R go-rwx %s", modes, path)
    return bool(wide)

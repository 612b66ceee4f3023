"""Who uses the data directory: ``svit serve`` and ``svit worker`` share it, ``svit restore`` needs it alone.

An advisory lock (``flock``) on ``<data-dir>/svit.lock``: held as long as the process lives and
released by the kernel however it ends, ``kill -9`` included, so a stale lock cannot exist.
"""
import fcntl
import os
from pathlib import Path

LOCK_FILE = "svit.lock"


class DataDirBusy(Exception):
    """Another process (a server or a worker) has the data directory open."""


def _open(data_path: Path) -> int:
    Path(data_path).mkdir(parents=True, exist_ok=True)
    return os.open(Path(data_path) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)


def hold_shared(data_path: Path) -> int:
    """Mark the data directory as in use for the life of this process; returns the descriptor."""
    fd = _open(data_path)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def hold_exclusive(data_path: Path) -> int:
    """Take the data directory alone, or raise DataDirBusy at once (never waits)."""
    fd = _open(data_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataDirBusy(f"a svit server or worker is running on {data_path}: stop it first") from None
    return fd


def release(fd: int) -> None:
    os.close(fd)

"""Which build is running: the version and, in the binary, the commit it was built from."""
import json
import subprocess
from pathlib import Path

from . import __version__
from .resources import CHECKOUT_ROOT, is_frozen, resource_path

BUILD_INFO_FILE = "build-info.json"


def checkout_commit(root: Path = CHECKOUT_ROOT) -> str | None:
    """The checkout's commit, suffixed ``-dirty`` when tracked files differ; None outside git."""
    if not (root / ".git").exists():
        return None
    try:
        commit = _git(root, "rev-parse", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("-dirty" if dirty else "")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, timeout=10).stdout.strip()


def build_info() -> dict:
    """``version``, ``commit`` (None when unknown), ``builtAt`` (binary only) and ``frozen``."""
    if is_frozen():
        recorded = json.loads(resource_path(BUILD_INFO_FILE).read_text())
        return {"version": __version__, "commit": recorded["commit"], "builtAt": recorded["builtAt"], "frozen": True}
    return {"version": __version__, "commit": checkout_commit(), "builtAt": None, "frozen": False}

"""Where the program's own files (``web/`` templates and static assets) live.

One helper so a frozen binary can point it elsewhere (PyInstaller's ``sys._MEIPASS``).
"""
import sys
from pathlib import Path

_ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))


def resource_path(relative: str) -> Path:
    """The absolute path of a bundled resource, e.g. ``resource_path("web/templates")``."""
    return _ROOT / relative

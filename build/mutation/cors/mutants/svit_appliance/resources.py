"""Where the read-only files shipped with svit live: a checkout, or the frozen binary.

Templates, static assets and the binary's build record are looked up through
``resource_path`` only, so the same code finds them in ``web/`` of a checkout (or an
editable install), in ``svit_appliance/web`` of a wheel install (setup.py puts it there),
and inside the one-file binary, which unpacks them into ``sys._MEIPASS``. That unpack
folder is temporary and read-only for us: data always goes to the data directory.
"""
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_ROOT = PACKAGE_DIR.parent


def is_frozen() -> bool:
    """True inside the PyInstaller binary."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    if is_frozen():
        return Path(sys._MEIPASS)
    return PACKAGE_DIR if (PACKAGE_DIR / "web").is_dir() else CHECKOUT_ROOT


def resource_path(relative: str) -> Path:
    """The absolute path of a shipped file or folder, e.g. ``resource_path("web/templates")``."""
    return bundle_root() / relative

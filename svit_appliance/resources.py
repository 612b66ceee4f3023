"""Where the program's own files (templates, static assets) are."""
from pathlib import Path


def resource_path(relative: str) -> Path:
    return Path(__file__).resolve().parent.parent / relative

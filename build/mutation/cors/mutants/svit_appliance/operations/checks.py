"""Input checks the operations share."""
from ..core.errors import Refused

MAX_NAME = 200


def clean_name(name: str | None, what: str, hint: str = "") -> str:
    """A trimmed name of 1 to ``MAX_NAME`` characters."""
    name = (name or "").strip()
    if not name:
        raise Refused(f"Give the {what} a name{hint}", "name")
    if len(name) > MAX_NAME:
        raise Refused(f"The {what}'s name must be at most {MAX_NAME} characters", "name")
    return name


def in_project(record, project_id: str | None) -> bool:
    return record is not None and (project_id is None or record.project_id == project_id)

"""Projects' writes (reading one is ``store.access.find_project``, which the access cache shares)."""
from .models import Project


def insert_project(project_id: str, name: str, default_region: str) -> Project:
    return Project.create(id=project_id, name=name, default_region=default_region)


def set_project_fields(project_id: str, values: dict) -> None:
    """Set ``values`` (the model's field names: ``name``, ``default_region``) of the project."""
    Project.update(**values).where(Project.id == project_id).execute()

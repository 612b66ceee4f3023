"""Integrations' writes (reading one is ``store.access.find_integration``, which the access cache shares)."""
from .models import Integration


def insert_integration(integration_id: str, project_id: str, type_name: str, name: str) -> Integration:
    return Integration.create(id=integration_id, project=project_id, type=type_name, name=name, config={})


def set_integration_enabled(integration_id: str, enabled: bool) -> None:
    Integration.update(enabled=enabled).where(Integration.id == integration_id).execute()


def set_integration_type(integration_id: str, type_name: str, config: dict) -> None:
    """Another type, with the config the new type keeps."""
    Integration.update(type=type_name, config=config).where(Integration.id == integration_id).execute()


def set_integration_config(integration_id: str, config: dict) -> None:
    Integration.update(config=config).where(Integration.id == integration_id).execute()

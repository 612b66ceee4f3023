"""Destinations as admins make and change them (the delivery worker's statements are ``store.deliveries``)."""
from .models import Destination


def find_destination(destination_id: str) -> Destination | None:
    return Destination.get_or_none(Destination.id == destination_id)


def insert_destination(destination_id: str, project_id: str, name: str, kind: str, config: dict,
                       events: list[str]) -> Destination:
    return Destination.create(id=destination_id, project=project_id, name=name, kind=kind, config=config,
                              events=events, enabled=True)


def set_destination_enabled(destination_id: str, enabled: bool) -> None:
    """Turned on or off by an admin; turning it on also forgets a failing streak and why it was disabled."""
    changes = {"enabled": enabled}
    if enabled:
        changes.update(failing_since=None, disabled_reason=None)
    Destination.update(**changes).where(Destination.id == destination_id).execute()


def delete_destination(destination: Destination) -> None:
    """The destination with its deliveries and their attempts."""
    destination.delete_instance(recursive=True)


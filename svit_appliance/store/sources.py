"""Where persons come from: a project's integrations and contact form tokens, by name (one
integration is ``store.access.find_integration``)."""
from .models import ClientToken, Integration


def integration_names(project_id: str) -> list[tuple[str, str, str]]:
    """(id, name, type) of the project's integrations, by name."""
    return list(Integration.select(Integration.id, Integration.name, Integration.type)
                .where(Integration.project == project_id).order_by(Integration.name).tuples())


def form_names(project_id: str) -> list[tuple[str, str]]:
    """(id, name) of the project's contact form (client) tokens, by name."""
    return list(ClientToken.select(ClientToken.id, ClientToken.name)
                .where(ClientToken.project == project_id).order_by(ClientToken.name).tuples())


def find_client_token(token_id: str) -> ClientToken | None:
    return ClientToken.get_or_none(ClientToken.id == token_id)

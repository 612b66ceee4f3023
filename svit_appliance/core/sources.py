"""Where a person came from, in words: the stored source (``integration:int_...``,
``client_token:ctk_...``, ``import:leads.csv``, ``admin``) as a person reads it."""
from ..store.models import ClientToken, Integration


def source_names(project_id: str) -> dict[str, str]:
    """Stored source -> its name, for every integration and contact form token of the project."""
    integrations = Integration.select(Integration.id, Integration.name, Integration.type).where(
        Integration.project == project_id).order_by(Integration.name)
    tokens = ClientToken.select(ClientToken.id, ClientToken.name).where(
        ClientToken.project == project_id).order_by(ClientToken.name)
    return {**{f"integration:{i.id}": f"{i.name} ({i.type})" for i in integrations},
            **{f"client_token:{t.id}": f"{t.name} (contact form)" for t in tokens}}


def source_name(source: str | None, names: dict[str, str]) -> str:
    """``names[source]``; a CSV import by its file, a bare id by its name, else the value itself."""
    if not source:
        return ""
    if source in names:
        return names[source]
    kind, _, rest = source.partition(":")
    if kind == "import" and rest:
        return f"{rest} (CSV import)"
    if kind == "admin":
        return "an admin (by hand)"
    return names.get(f"integration:{source}") or names.get(f"client_token:{source}") or source

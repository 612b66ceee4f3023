"""Where a person came from, in words: the stored source (``integration:int_...``,
``client_token:ctk_...``, ``import:leads.csv``, ``admin``) as a person reads it."""
from ..store import sources


def source_names(project_id: str) -> dict[str, str]:
    """Stored source -> its name, for every integration and contact form token of the project."""
    integrations = {f"integration:{integration_id}": f"{name} ({kind})"
                    for integration_id, name, kind in sources.integration_names(project_id)}
    forms = {f"client_token:{token_id}": f"{name} (contact form)" for token_id, name in sources.form_names(project_id)}
    return {**integrations, **forms}


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

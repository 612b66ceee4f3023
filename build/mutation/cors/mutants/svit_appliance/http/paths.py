"""Where the external API's routes live: the one table of their paths, written as the contract
writes them (``{integrationId}``). The API's route table, the OpenAPI document, the console and
the CLI all build their paths and links from it."""
import re

API_BASE = "/api/v1/external"

API_PATHS = {
    "ping": API_BASE + "/ping",
    "ingest": API_BASE + "/data-ingestion/{integrationId}",
    "show_job": API_BASE + "/data-ingestion/jobs/{jobId}",
    "client_form": API_BASE + "/client/form",
}

_PARAMETER = re.compile(r"\{(\w+)\}")


def api_path(name: str, **parameters: str) -> str:
    """A concrete path, e.g. ``api_path("ingest", integrationId="int_...")``."""
    return API_PATHS[name].format(**parameters)


def route_path(name: str) -> str:
    """The path in Sanic's syntax, parameters in snake case: ``<integration_id:str>``."""
    return _PARAMETER.sub(lambda match: f"<{_snake(match[1])}:str>", API_PATHS[name])


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()

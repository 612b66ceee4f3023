"""The external API's route table."""
from ..contact_form import route as form
from . import ingest, jobs, ping

BASE = "/api/v1/external"

ROUTES = (
    ("GET", "/ping", ping.ping, "ping"),
    ("POST", "/data-ingestion/<integration_id:str>", ingest.ingest, "ingest"),
    ("GET", "/data-ingestion/jobs/<job_id:str>", jobs.show_job, "show_job"),
    ("POST", "/client/form", form.submit_form, "client_form"),
    ("OPTIONS", "/client/form", form.preflight, "client_form_preflight"),
)


def setup_api(app) -> None:
    for method, path, handler, name in ROUTES:
        app.add_route(handler, BASE + path, methods=[method], name=f"api_{name}")

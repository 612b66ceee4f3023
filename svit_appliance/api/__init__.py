"""The external API's route table; paths come from ``http.paths``, the one table of them."""
from ..contact_form import route as form
from ..http.paths import route_path
from . import ingest, jobs, ping

ROUTES = (
    ("GET", "ping", ping.ping),
    ("POST", "ingest", ingest.ingest),
    ("GET", "show_job", jobs.show_job),
    ("POST", "client_form", form.submit_form),
    ("OPTIONS", "client_form", form.preflight),
)


# their handlers read the body themselves, after the token, origin or signature header checked out
STREAMED = {("POST", "ingest"), ("POST", "client_form")}


def setup_api(app) -> None:
    for method, name, handler in ROUTES:
        app.add_route(handler, route_path(name), methods=[method], name=f"api_{name}_{method.lower()}",
                      stream=(method, name) in STREAMED)

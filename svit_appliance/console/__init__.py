"""The admin console under ``/console``: one readable route table, server-rendered pages, every
route run through one wrapper (``guard.console_route``: the guard, the handler and its page off the
event loop)."""
from sanic.constants import HTTP_METHODS
from sanic.exceptions import NotFound

from ..resources import resource_path
from . import (
    auditlog,
    dashboard,
    destinations,
    errors,
    imports,
    integrations,
    jobs,
    merges,
    persons,
    projects,
    rejected,
    reprocess,
    signin,
    spam,
    tokens,
    upkeep,
)
from .guard import console_route
from .web import console_headers, console_request

ROUTES = (
    ("GET", "/", dashboard.dashboard, "dashboard"),
    ("GET", "/login", signin.login_form, "login_form"),
    ("POST", "/login", signin.login, "login"),
    ("POST", "/logout", signin.logout, "logout"),
    ("GET", "/setup", signin.setup_form, "setup_form"),
    ("POST", "/setup", signin.setup, "setup"),
    ("GET", "/persons", persons.list_persons, "persons"),
    ("GET", "/persons/export.csv", persons.export_persons_csv, "persons_export"),
    ("GET", "/persons/export.jsonl", persons.export_persons_jsonl, "persons_export_jsonl"),
    ("GET", "/persons/import", imports.import_form, "import_form"),
    ("POST", "/persons/import", imports.upload, "import_upload"),
    ("POST", "/persons/import/<run_id:str>", imports.start_import, "import_start"),
    ("GET", "/persons/import/<run_id:str>", imports.show_import, "import"),
    ("GET", "/persons/import/<run_id:str>/refused.csv", imports.refused_rows, "import_refused"),
    ("GET", "/persons/duplicates", merges.list_duplicates, "persons_duplicates"),
    ("GET", "/persons/merge", merges.merge_preview, "persons_merge_preview"),
    ("POST", "/persons/merge", merges.merge, "persons_merge"),
    ("POST", "/persons/merges/<merge_id:str>/undo", merges.undo, "persons_unmerge"),
    ("GET", "/persons/<person_id:str>", persons.show_person, "person"),
    ("GET", "/persons/<person_id:str>/edit", persons.edit_person_form, "person_edit_form"),
    ("POST", "/persons/<person_id:str>/edit", persons.edit_person, "person_edit"),
    ("POST", "/persons/<person_id:str>/delete", persons.delete_person, "person_delete"),
    ("GET", "/integrations", integrations.list_integrations, "integrations"),
    ("GET", "/integrations/new", integrations.new_integration_form, "integration_new"),
    ("POST", "/integrations", integrations.create_integration, "integration_create"),
    ("GET", "/integrations/<integration_id:str>", integrations.show_integration, "integration"),
    ("POST", "/integrations/<integration_id:str>/settings", integrations.save_settings, "integration_settings"),
    ("POST", "/integrations/<integration_id:str>/toggle", integrations.toggle_integration, "integration_toggle"),
    ("POST", "/integrations/<integration_id:str>/try", integrations.try_payload, "integration_try"),
    ("POST", "/integrations/<integration_id:str>/reprocess", integrations.reprocess_start, "integration_reprocess"),
    ("POST", "/integrations/<integration_id:str>/reprocess/stop", reprocess.stop, "integration_reprocess_stop"),
    ("GET", "/tokens", tokens.list_tokens, "tokens"),
    ("POST", "/tokens/server", tokens.create_server_token, "server_token_create"),
    ("POST", "/tokens/client", tokens.create_client_token, "client_token_create"),
    ("POST", "/tokens/<token_id:str>/revoke", tokens.revoke_token, "token_revoke"),
    ("GET", "/tokens/client/<token_id:str>", tokens.show_client_token, "client_token"),
    ("POST", "/tokens/client/<token_id:str>", tokens.edit_client_token, "client_token_edit"),
    ("GET", "/tokens/client/<token_id:str>/preview", tokens.preview_client_token, "client_token_preview"),
    ("GET", "/jobs", jobs.list_jobs, "jobs"),
    ("POST", "/jobs/retry-failed", jobs.retry_all, "jobs_retry_failed"),
    ("GET", "/jobs/<job_id:str>", jobs.show_job, "job"),
    ("POST", "/jobs/<job_id:str>/retry", jobs.retry_one, "job_retry"),
    ("GET", "/audit", auditlog.list_audit, "audit"),
    ("GET", "/spam", spam.list_spam, "spam"),
    ("POST", "/spam/<spam_id:str>/release", spam.release_spam, "spam_release"),
    ("GET", "/rejected", rejected.list_rejected, "rejected"),
    ("POST", "/rejected/allow-origin", rejected.allow_origin, "rejected_allow_origin"),
    ("POST", "/rejected/enable-integration", rejected.enable_integration, "rejected_enable_integration"),
    ("POST", "/rejected/change-type", rejected.change_type, "rejected_change_type"),
    ("GET", "/projects", projects.list_projects, "projects"),
    ("POST", "/projects", projects.create_project, "project_create"),
    ("POST", "/projects/use", projects.use_project, "project_use"),
    ("POST", "/projects/<project_id:str>", projects.update_project, "project_update"),
    ("GET", "/destinations", destinations.list_destinations, "destinations"),
    ("GET", "/destinations/new", destinations.new_destination_form, "destination_new"),
    ("POST", "/destinations", destinations.create_destination, "destination_create"),
    ("GET", "/destinations/<destination_id:str>", destinations.show_destination, "destination"),
    ("POST", "/destinations/<destination_id:str>/toggle", destinations.toggle_destination, "destination_toggle"),
    ("POST", "/destinations/<destination_id:str>/delete", destinations.delete_destination, "destination_delete"),
    ("POST", "/destinations/<destination_id:str>/test", destinations.send_test, "destination_test"),
    ("POST", "/deliveries/<delivery_id:str>/redeliver", destinations.redeliver, "delivery_redeliver"),
    ("GET", "/settings", upkeep.show_settings, "settings"),
)

# Handlers that read their own body (an upload larger than SVIT_MAX_BODY_BYTES) and check its CSRF token.
STREAMED = (imports.upload,)


def no_such_page(request, rest: str):
    raise NotFound()


def setup_console(app) -> None:
    for method, path, handler, name in ROUTES:
        app.add_route(console_route(handler), "/console" + path, methods=[method], name=f"console_{name}",
                      stream=handler in STREAMED)
    app.static("/console/static", str(resource_path("web/static")), name="console_static")
    # every other path under /console is a console route too, so that sign-in and the security
    # headers come with its 404 as they come with any console page
    app.add_route(console_route(no_such_page), "/console/<rest:[^/].*>", methods=list(HTTP_METHODS), name="console_no_such_page")
    # the console's middleware runs on the console's routes only: the API's requests skip two calls each
    console_routes = [route.name for route in app.router.routes if route.name.startswith(f"{app.name}.console_")]
    app.register_named_middleware(console_request, console_routes, "request")
    app.register_named_middleware(console_headers, console_routes, "response")
    errors.setup_error_pages(app)

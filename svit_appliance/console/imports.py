"""Import persons from a CSV upload: upload, confirm the guessed columns, watch the progress
bar, read the report (refused rows downloadable). The import itself is the CLI's operation,
run on a thread of this process; runs are kept in memory (the audit log keeps every result)."""
import secrets
import tempfile
import threading
from pathlib import Path

from sanic.response import text

from ..core.person_import import refusals_csv
from ..http.errors import ApiError
from ..http.limits import read_body
from ..operations import imports
from ..processors.csv_columns import PERSON_FIELDS
from ..store.db import database
from .runs import ImportRun
from .web import actor, check_csrf, go, project_id, render

SAMPLE_ROWS = 3
KEPT_RUNS = 20


def _run(request, run_id: str) -> ImportRun:
    run = request.app.ctx.services.runs.imports.get(run_id)
    if run is None or run.project_id != project_id(request):
        raise ApiError("NOT_FOUND", f"Import {run_id} not found (imports are kept until the appliance restarts)")
    return run


def import_form(request):
    runs = request.app.ctx.services.runs
    with runs.lock:
        shown = [r for r in runs.imports.values() if r.project_id == project_id(request)]
    return render(request, "persons_import.html", runs=list(reversed(shown)), limit=request.app.ctx.services.settings.import_max_bytes)


# A streaming route: the body may be larger than SVIT_MAX_BODY_BYTES, so the guard cannot read
# the form before this handler; the CSRF token is checked once the body is in.
async def upload(request):
    services = request.app.ctx.services
    request.body = await read_body(request, services.settings.import_max_bytes)
    return await services.work.run(_uploaded, request)


def _uploaded(request):
    check_csrf(request)  # parsing the form: the whole upload
    upload = request.files.get("file") if request.files else None
    if upload is None or not upload.body:
        return go(request, "/console/persons/import", "Choose a CSV file to import")
    run = _save(request, upload)
    return render(request, "persons_import_confirm.html", run=run, fields=PERSON_FIELDS)


def _save(request, upload) -> ImportRun:
    folder = request.app.ctx.services.settings.data_path / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=folder, suffix=".csv", delete=False)
    with handle:
        handle.write(upload.body)
    path = Path(handle.name)
    with open(path, "rb") as stream:
        csv_file = imports.read_header(stream, len(upload.body))
        samples = [cells for _, cells in zip(range(SAMPLE_ROWS), (cells for _, cells in csv_file.rows))]
        guessed = imports.mapping_for(csv_file, None)
    run = ImportRun("imp_" + secrets.token_hex(8), project_id(request), upload.name or "upload.csv", path,
                    len(upload.body), csv_file.headers, guessed, samples)
    runs = request.app.ctx.services.runs
    with runs.lock:
        runs.imports[run.id] = run
        dropped = [runs.imports.pop(old) for old in list(runs.imports)[:-KEPT_RUNS]]
    for old in dropped:
        old.path.unlink(missing_ok=True)
    return run


def _mapping(request, run: ImportRun) -> dict:
    """Every field unread unless a column was given it on the confirm page."""
    mapping = dict.fromkeys(PERSON_FIELDS)
    for position, header in enumerate(run.headers):
        chosen = request.form.get(f"column_{position}", "")
        if chosen in PERSON_FIELDS and mapping[chosen] is None:
            mapping[chosen] = header
    return mapping


def start_import(request, run_id: str):
    run = _run(request, run_id)
    with run.lock:
        if run.state != "uploaded":
            return go(request, f"/console/persons/import/{run.id}")
        run.state = "running"
    dry_run = request.form.get("dry_run") == "on"
    thread = threading.Thread(target=_import, args=(run, actor(request), _mapping(request, run), dry_run),
                              name=f"svit-import-{run.id}", daemon=True)
    thread.start()
    return go(request, f"/console/persons/import/{run.id}")


def _import(run: ImportRun, who, mapping: dict, dry_run: bool) -> None:
    try:
        with open(run.path, "rb") as stream:
            run.report = imports.import_persons(who, run.project_id, stream, run.file_name, run.size, mapping,
                                                dry_run, run.progress)
        run.state = "done"
    except Exception as error:  # shown on the page; the rows before it are committed
        run.error, run.state = str(error) or error.__class__.__name__, "failed"
    finally:
        database.close()
        run.path.unlink(missing_ok=True)


def show_import(request, run_id: str):
    return render(request, "persons_import_progress.html", run=_run(request, run_id))


def refused_rows(request, run_id: str):
    run = _run(request, run_id)
    if run.report is None:
        raise ApiError("NOT_FOUND", f"Import {run_id} has no report yet")
    name = run.file_name.rsplit(".", 1)[0].replace('"', "") + "-refused.csv"
    return text(refusals_csv(run.report), content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}"'})

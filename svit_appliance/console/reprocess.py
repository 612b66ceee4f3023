"""The integration page's "Reprocess stored bodies": a preview (dry run), and a run on a thread of
its own that the page follows with a progress line, stops and resumes."""
import threading
from datetime import datetime

from ..core.errors import Refused
from ..operations import integrations, jobs
from ..pipeline.reprocess import FINISHED, ReprocessTally
from ..store.db import database
from .runs import ReprocessRun
from .web import actor, form_list, form_value, go, project_id


def run_of(request, integration_id: str) -> ReprocessRun | None:
    return request.app.ctx.services.runs.reprocessing.get(integration_id)


def _options(request) -> tuple[list[str], datetime | None]:
    statuses = [s for s in form_list(request, "status") if s] or list(FINISHED)
    since = form_value(request, "since", 40).strip()
    try:
        return statuses, datetime.fromisoformat(since) if since else None
    except ValueError:
        raise Refused(f"Since {since!r} is not a date: pick one like 2026-11-30", "since") from None


def preview(request, integration_id: str) -> ReprocessTally:
    statuses, since = _options(request)
    return jobs.reprocess_jobs(actor(request), integration_id, statuses, since, dry_run=True,
                               project_id=project_id(request))


def _work(run: ReprocessRun, who, integration_id: str, after: str | None, project: str | None) -> None:
    try:
        jobs.reprocess_jobs(who, integration_id, run.statuses, run.since, after, project_id=project,
                            stopping=run.stop.is_set, tally=run.tally)
    except Refused as error:
        run.error = str(error)
    finally:
        database.close()  # this thread's connection


def start(request, integration_id: str):
    integration = integrations.get_integration(integration_id, project_id(request))
    page = f"/console/integrations/{integration.id}#reprocess"
    runs = request.app.ctx.services.runs
    with runs.lock:
        current = runs.reprocessing.get(integration.id)
        if current is not None and current.running:
            return go(request, page, "Reprocessing is already running.")
        resume = form_value(request, "resume") == "1" and current is not None
        if resume:
            run, after = ReprocessRun(current.statuses, current.since), current.tally.last_job_id
        else:
            statuses, since = _options(request)
            run, after = ReprocessRun(statuses, since), None
        run.thread = threading.Thread(target=_work, args=(run, actor(request), integration.id, after,
                                                          project_id(request)),
                                      name=f"svit-reprocess-{integration.id}", daemon=True)
        runs.reprocessing[integration.id] = run
        run.thread.start()
    return go(request, page, "Reprocessing resumed." if resume else "Reprocessing started.")


def stop(request, integration_id: str):
    integration = integrations.get_integration(integration_id, project_id(request))
    run = run_of(request, integration.id)
    if run is not None:
        run.stop.set()
    return go(request, f"/console/integrations/{integration.id}#reprocess",
              "Stopping after the current job: resume whenever you like.")

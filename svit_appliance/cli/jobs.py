"""``svit jobs list|retry``."""
from ..core.views import job_operator_view
from ..operations import jobs
from ..store.models import JOB_STATUSES, IngestionJob
from .output import add_command, add_group, cli_actor, emit, open_data, open_existing_data, positive_int


def register(commands) -> None:
    group = add_group(commands, "jobs", "list and retry ingestion jobs")
    listing = add_command(group, "list", cmd_list, "list ingestion jobs, newest first", json_output=True)
    listing.add_argument("--status", choices=JOB_STATUSES, action="append", help="only jobs in this status (repeatable)")
    listing.add_argument("--project", help="only jobs of this project")
    listing.add_argument("--limit", type=positive_int, default=100, help="at most this many (default 100)")
    retry = add_command(group, "retry", cmd_retry, "queue failed jobs again with fresh attempts", json_output=True)
    target = retry.add_mutually_exclusive_group(required=True)
    target.add_argument("job_id", nargs="?", help="the failed job to retry")
    target.add_argument("--all-failed", action="store_true", help="retry every failed job (of --project, if given)")
    retry.add_argument("--project", help="with --all-failed: only this project's failed jobs")


def cmd_list(args) -> int:
    open_existing_data(args)
    query = (IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"])
             .order_by(IngestionJob.id.desc()).limit(args.limit))
    if args.status:
        query = query.where(IngestionJob.status.in_(args.status))
    if args.project:
        query = query.where(IngestionJob.project == args.project)
    views = [job_operator_view(job) for job in query]
    lines = [f"{v['jobId']}  {v['status']:<10} attempts {v['attempts']}  persons {len(v['personIds'])}"
             + (f"  error: {v['error']}" if v["error"] and v["status"] != "succeeded" else "")
             + (f"  warning: {v['warning']}" if v["warning"] else "") for v in views]
    emit(args, views, "\n".join(lines) or "no jobs")
    return 0


def _doorbell(settings):
    from ..pipeline.queue import JobQueue

    return JobQueue.from_settings(settings).ring_quietly


def cmd_retry(args) -> int:
    settings = open_data(args)
    if args.all_failed:
        ids = jobs.retry_failed_jobs(cli_actor(), _doorbell(settings), args.project)
    else:
        jobs.retry_job(cli_actor(), args.job_id, _doorbell(settings))
        ids = [args.job_id]
    emit(args, {"retried": ids}, f"queued {len(ids)} failed job(s) again" if ids else "no failed jobs to retry")
    return 0

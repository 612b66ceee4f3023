"""``svit jobs list|retry|reprocess``."""
import signal
import sys
from datetime import datetime, timezone

from tqdm import tqdm

from ..core.errors import Refused
from ..core.views import job_operator_view
from ..operations import jobs
from ..store import lists
from ..store.models import JOB_STATUSES
from .output import add_command, add_group, cli_actor, emit, field_list, open_data, open_existing_data, positive_int


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
    again = add_command(group, "reprocess", cmd_reprocess,
                        "run an integration's stored bodies again through its current processor (after a mapping or "
                        "processor fix); persons the jobs wrote are updated, never duplicated; Ctrl-C stops after "
                        "the current job and prints how to resume", json_output=True)
    again.add_argument("--integration", required=True)
    again.add_argument("--since", help="only jobs received since this date or time (UTC), e.g. 2026-11-30")
    again.add_argument("--status", default="succeeded,failed", help="comma-separated: succeeded, failed (default both)")
    again.add_argument("--after", metavar="JOB_ID", help="resume: only jobs after this one (the last one done)")
    again.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")


def cmd_list(args) -> int:
    open_existing_data(args)
    views = [job_operator_view(job) for job in lists.newest_jobs(args.limit, args.status, args.project)]
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


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Refused(f"--since {text!r} is not a date or time: write it like 2026-11-30 or 2026-11-30T08:00Z",
                      "since") from None
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _summary(args, tally) -> str:
    verb = "would be" if args.dry_run else "were"
    text = (f"{tally.jobs} of {tally.total} job(s) {'checked' if args.dry_run else 'reprocessed'}: "
            f"{tally.succeeded} succeeded, {tally.failed} failed; {tally.persons_new} person(s) {verb} created, "
            f"{tally.persons_updated} {verb} updated")
    for job_id, error in tally.errors.items():
        text += f"\n  {job_id}: {error}"
    if tally.stopped:
        text += (f"\nstopped; resume with: svit jobs reprocess --integration {args.integration} --after "
                 f"{tally.last_job_id}" if tally.last_job_id else "\nstopped before the first job")
    return text


def cmd_reprocess(args) -> int:
    open_data(args)
    interrupted = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    bar = tqdm(unit="job", file=sys.stderr, disable=None, desc="dry run" if args.dry_run else "reprocessing")
    try:
        def advance(tally):
            bar.total = tally.total
            bar.update(1)

        tally = jobs.reprocess_jobs(cli_actor(), args.integration, field_list(args.status), _since(args.since),
                                    args.after, args.dry_run, on_job=advance, stopping=lambda: bool(interrupted))
    finally:
        bar.close()
        signal.signal(signal.SIGINT, previous)
    emit(args, {"integrationId": args.integration, "dryRun": args.dry_run, **tally.view()}, _summary(args, tally))
    return 130 if tally.stopped else 0

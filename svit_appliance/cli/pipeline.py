"""The processing pipeline's commands: ``svit worker``, ``svit jobs ...``, ``svit persons ...`` and
``svit integration configure``. ``register`` adds them to the ``svit`` parser (cli.py)."""
import argparse
import csv
import json
import logging
import signal
import sys
import threading

from ..core import audit
from ..operations import manage
from ..store.db import open_database
from ..pipeline.jobs import JOB_STATUSES, retry_jobs
from ..store.models import IngestionJob, Person, PersonEvent, iso_utc
from ..core.persons import person_view
from ..settings import parse_positive_int

log = logging.getLogger("svit.worker")

EXPORT_COLUMNS = ("id", "name", "firstName", "lastName", "email", "emailTyped", "phone", "phoneTyped", "company",
                  "attributes", "firstSource", "lastSource", "createdAt", "updatedAt")


def positive_int(text: str) -> int:
    try:
        return parse_positive_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer") from None


def register(commands, command, integration_actions) -> None:
    """Add the pipeline's subcommands; ``command`` is cli.py's subcommand factory."""
    worker = command(commands, "worker", cmd_worker, "run a standalone job worker on the same data (svit serve --no-worker runs the API alone)")
    worker.add_argument("--threads", type=positive_int, help="worker threads (env SVIT_WORKER_THREADS, default 1)")

    jobs = commands.add_parser("jobs", help="list and retry ingestion jobs").add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = command(jobs, "list", cmd_jobs_list, "list ingestion jobs, newest first", json_output=True)
    listing.add_argument("--status", choices=JOB_STATUSES, action="append", help="only jobs in this status (repeatable)")
    listing.add_argument("--project", help="only jobs of this project")
    listing.add_argument("--limit", type=positive_int, default=100, help="at most this many (default 100)")
    retry = command(jobs, "retry", cmd_jobs_retry, "queue failed jobs again with fresh attempts", json_output=True)
    target = retry.add_mutually_exclusive_group(required=True)
    target.add_argument("job_id", nargs="?", help="the failed job to retry")
    target.add_argument("--all-failed", action="store_true", help="retry every failed job")

    persons = commands.add_parser("persons", help="show and export persons").add_subparsers(dest="action", metavar="ACTION", required=True)
    export = command(persons, "export", cmd_persons_export, "export a project's persons to stdout")
    export.add_argument("--project", required=True)
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="jsonl (one person per line) or csv")
    show = command(persons, "show", cmd_persons_show, "show a person and its timeline", json_output=True)
    show.add_argument("person_id")

    configure = command(integration_actions, "configure", cmd_integration_configure,
                        "set an integration's signing secret or field mapping", json_output=True)
    configure.add_argument("integration_id")
    secret = configure.add_mutually_exclusive_group()
    secret.add_argument("--signing-secret", help="the provider's webhook signing secret")
    secret.add_argument("--clear-signing-secret", action="store_true", help="forget the signing secret")
    configure.add_argument("--mapping", help='WEBHOOK only: JSON object of person field to dotted path, e.g. '
                                             '\'{"email": "contact.email"}\'; \'{}\' clears it')


def _open(args):
    from . import load_settings

    settings = load_settings(args)
    open_database(settings)
    return settings


def _queue(settings):
    from ..pipeline.queue import JobQueue

    return JobQueue.from_settings(settings)


def _emit(args, value, human: str) -> None:
    print(json.dumps(value, ensure_ascii=False) if getattr(args, "json", False) else human)


def cmd_worker(args) -> int:
    from . import load_settings
    from ..pipeline.queue import Worker
    from ..server import configure_logging

    settings = load_settings(args, worker_threads=args.threads)
    configure_logging(settings)
    open_database(settings)
    worker = Worker(_queue(settings), settings)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    worker.start()
    log.info("svit worker running (data: %s); Ctrl-C or SIGTERM stops it",
             "SVIT_DATABASE_URL" if settings.database_url else settings.data_path)
    while not stopping.wait(0.5):
        pass
    worker.stop()
    return 0


def job_view(job: IngestionJob) -> dict:
    return {"jobId": job.id, "projectId": job.project_id, "integrationId": job.integration_id, "status": job.status,
            "attempts": job.attempts, "receivedAt": iso_utc(job.received_at), "processedAt": iso_utc(job.processed_at),
            "nextAttemptAt": iso_utc(job.next_attempt_at) if job.status == "queued" else None,
            "personIds": job.person_ids or [], "error": job.last_error}


def cmd_jobs_list(args) -> int:
    _open(args)
    query = (IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"])
             .order_by(IngestionJob.id.desc()).limit(args.limit))
    if args.status:
        query = query.where(IngestionJob.status.in_(args.status))
    if args.project:
        query = query.where(IngestionJob.project == args.project)
    views = [job_view(job) for job in query]
    lines = [f"{v['jobId']}  {v['status']:<10} attempts {v['attempts']}  persons {len(v['personIds'])}"
             + (f"  error: {v['error']}" if v["error"] and v["status"] != "succeeded" else "") for v in views]
    _emit(args, views, "\n".join(lines) or "no jobs")
    return 0


def cmd_jobs_retry(args) -> int:
    settings = _open(args)
    if args.all_failed:
        ids = retry_jobs()
    else:
        job = IngestionJob.select(IngestionJob.id, IngestionJob.status).where(IngestionJob.id == args.job_id).first()
        if job is None:
            raise manage.ManageError(f"Job {args.job_id} not found")
        if job.status != "failed":
            raise manage.ManageError(f"Job {args.job_id} is {job.status}, not failed: only failed jobs are retried")
        ids = retry_jobs([args.job_id])
    if ids:
        _queue(settings).ring_quietly(ids)
        audit.record(audit.cli_actor(), "job.retry", args.job_id or "all-failed", {"count": len(ids)})
    _emit(args, {"retried": ids}, f"queued {len(ids)} failed job(s) again" if ids else "no failed jobs to retry")
    return 0


def cmd_persons_export(args) -> int:
    _open(args)
    manage.get_project(args.project)
    persons = Person.select().where(Person.project == args.project).order_by(Person.id).iterator()
    if args.format == "jsonl":
        for person in persons:
            sys.stdout.write(json.dumps(person_view(person), ensure_ascii=False) + "\n")
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for person in persons:
        view = person_view(person)
        view["attributes"] = json.dumps(view["attributes"], ensure_ascii=False)
        writer.writerow([view[column] for column in EXPORT_COLUMNS])
    return 0


def timeline(person_id: str) -> list[dict]:
    events = PersonEvent.select().where(PersonEvent.person == person_id).order_by(PersonEvent.created_at, PersonEvent.id)
    return [{"kind": e.kind, "source": e.source_type, "sourceId": e.source_id, "jobId": e.job_id,
             "data": e.data, "at": iso_utc(e.created_at)} for e in events]


def cmd_persons_show(args) -> int:
    _open(args)
    person = Person.get_or_none(Person.id == args.person_id)
    if person is None:
        raise manage.ManageError(f"Person {args.person_id} not found")
    view = {**person_view(person), "timeline": timeline(person.id)}
    lines = [f"{person.id}  {person.name or '(no name)'}  {person.email or '-'}  {person.phone or '-'}"]
    lines += [f"  {e['at']}  {e['kind']:<14} {e['source']}" + (f" {e['jobId']}" if e["jobId"] else "")
              for e in view["timeline"]]
    _emit(args, view, "\n".join(lines))
    return 0


def cmd_integration_configure(args) -> int:
    _open(args)
    mapping = None
    if args.mapping is not None:
        try:
            mapping = json.loads(args.mapping)
        except ValueError as error:
            raise manage.ManageError(f"--mapping is not valid JSON: {error}") from None
    secret = "" if args.clear_signing_secret else args.signing_secret
    integration = manage.configure_integration(args.integration_id, signing_secret=secret, mapping=mapping)
    view = manage.integration_view(integration)
    audit.record(audit.cli_actor(), "integration.configure", integration.id,
                 {"signingSecretSet": view["signingSecretSet"], "mapping": view["mapping"]})
    _emit(args, view, f"{integration.id} configured: signing secret {'set' if view['signingSecretSet'] else 'not set'}, "
                      f"mapping {json.dumps(view['mapping']) if view['mapping'] else 'none'}")
    return 0

"""``svit serve``, ``svit worker``, ``svit migrate`` and ``svit version``."""
import argparse
import logging
import signal
import threading

from ..settings import SETTINGS_TABLE, option_help
from ..store.connect import open_database
from ..store.db import data_home
from .output import add_command, emit, load_settings, positive_int, warn_about_permissions

log = logging.getLogger("svit.worker")


def settings_epilog() -> str:
    lines = ["settings (environment variables; command-line options win):"]
    for setting in SETTINGS_TABLE:
        lines.append(f"  {setting.env:<30} default {setting.default!r}")
        lines.append(f"      {setting.help}")
    return "\n".join(lines)


def register(commands) -> None:
    serve = add_command(commands, "serve", cmd_serve, "run the appliance (API, worker)",
                        epilog=settings_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", help=option_help("host", "listen address"))
    serve.add_argument("--port", type=int, help=option_help("port", "listen port"))
    serve.add_argument("--no-worker", action="store_true", help="run the API only; `svit worker` processes jobs")
    serve.add_argument("--worker-process", action="store_true", default=None,
                       help=option_help("worker_process", "run the job worker as a child process, not threads inside"))
    serve.add_argument("--tls-cert", metavar="FILE", help=option_help("tls_cert", "serve HTTPS with this PEM certificate chain"))
    serve.add_argument("--tls-key", metavar="FILE", help=option_help("tls_key", "the certificate's PEM private key"))
    serve.add_argument("--http-redirect-port", type=int, metavar="PORT",
                       help=option_help("http_redirect_port", "plain-HTTP port that only redirects to HTTPS"))
    worker = add_command(commands, "worker", cmd_worker,
                         "run a standalone job worker on the same data (svit serve --no-worker runs the API alone)")
    worker.add_argument("--threads", type=positive_int, help=option_help("worker_threads", "worker threads"))
    add_command(commands, "migrate", cmd_migrate, "apply pending database migrations and exit")
    add_command(commands, "version", cmd_version, "print the version and the commit it was built from",
                json_output=True)


def cmd_serve(args) -> int:
    from ..server import serve

    return serve(load_settings(args, host=args.host, port=args.port, serve_worker=False if args.no_worker else None,
                               worker_process=args.worker_process,
                               tls_cert=args.tls_cert, tls_key=args.tls_key,
                               http_redirect_port=args.http_redirect_port))


def cmd_worker(args) -> int:
    from ..pipeline.worker_process import parent_gone
    from ..server import configure_logging
    from ..services import Services

    settings = load_settings(args, worker_threads=args.threads)
    configure_logging(settings)
    services = Services.for_worker(settings)
    services.start_worker()  # holds the data directory's shared lock: `svit restore` waits for it to stop
    warn_about_permissions(settings)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    log.info("svit worker running (data: %s); Ctrl-C or SIGTERM stops it", data_home(settings))
    while not stopping.wait(0.5):
        if parent_gone():
            log.warning("svit serve, which started this worker, is gone: stopping")
            break
    services.stop_worker()
    return 0


def cmd_migrate(args) -> int:
    from ..store.upgrade import upgrade_schema

    settings = load_settings(args)
    result = upgrade_schema(open_database(settings, upgrade=False), settings.data_path)
    warn_about_permissions(settings)
    print(f"database at {data_home(settings)} is up to date"
          + (f" ({', '.join(result.applied)} applied)" if result.applied else "")
          + (f"; backup of the previous version: {result.backup}" if result.backup else ""))
    return 0


def cmd_version(args) -> int:
    from ..buildinfo import build_info

    info = build_info()
    built = f", built {info['builtAt']}" if info["builtAt"] else ""
    emit(args, info, f"svit {info['version']} (commit {info['commit'] or 'unknown'}{built})")
    return 0

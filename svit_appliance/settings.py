"""Every setting of the appliance: the ``Settings`` dataclass is the table. Each field carries its
environment variable, parser and help as metadata; parsing, ``svit serve --help``, ``svit settings``
and the table in docs/settings.md all read them from there."""
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Mapping


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the variable."""


def parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise ValueError("expected true or false")


def parse_positive_int(raw: str) -> int:
    value = int(raw.strip())
    if value <= 0:
        raise ValueError("expected a positive integer")
    return value


def parse_positive_float(raw: str) -> float:
    value = float(raw.strip())
    if not value > 0 or value == float("inf"):
        raise ValueError("expected a positive number")
    return value


def parse_port(raw: str) -> int:
    value = int(raw.strip())
    if not 0 <= value <= 65535:
        raise ValueError("expected a port number between 0 and 65535")
    return value


def parse_region(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValueError("expected a two-letter region code such as US or GB")
    return code


def parse_log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
    return level


def parse_log_format(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("text", "json"):
        raise ValueError("expected text or json")
    return value


def parse_networks(raw: str) -> str:
    """Comma-separated addresses or CIDRs (``127.0.0.1, 10.0.0.0/8, ::1``), kept as written."""
    import ipaddress

    for item in raw.split(","):
        if item.strip():
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise ValueError(f"{item.strip()!r} is not an IP address or CIDR such as 10.0.0.0/8") from None
    return raw.strip()


def parse_non_negative_int(raw: str) -> int:
    value = int(raw.strip())
    if value < 0:
        raise ValueError("expected 0 or a positive integer")
    return value


def parse_non_negative_float(raw: str) -> float:
    value = float(raw.strip())
    if not value >= 0 or value == float("inf"):
        raise ValueError("expected 0 or a positive number")
    return value


def parse_rate_limit(raw: str) -> str:
    """``N/second|minute|hour|day`` (``limits`` syntax, e.g. ``30/minute`` or ``100/5 minutes``) or ``off``."""
    import limits

    text = raw.strip().lower()
    if text == "off":
        return text
    try:
        item = limits.parse(text)
    except ValueError:
        raise ValueError("expected a rate such as 30/minute, 500/hour or off") from None
    if item.amount < 1:
        raise ValueError("expected at least 1 request per period, or off")
    return text


DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(raw: str) -> float:
    """Seconds, written ``90``, ``90s``, ``30m``, ``12h`` or ``1d``; ``off`` (0) turns the task off."""
    text = raw.strip().lower()
    if text == "off":
        return 0.0
    unit = DURATION_UNITS.get(text[-1:]) if text[-1:].isalpha() else 1
    if unit is None:
        raise ValueError("expected a duration such as 90s, 30m, 12h, 1d, or off")
    value = float(text[:-1] if text[-1:].isalpha() else text) * unit
    if not value > 0 or value == float("inf"):
        raise ValueError("expected a positive duration such as 90s, 30m, 12h, 1d, or off")
    return value


def parse_delays(raw: str) -> str:
    """Comma-separated positive seconds, e.g. ``5,300,1800``."""
    try:
        delays = [float(part) for part in raw.split(",")]
    except ValueError:
        raise ValueError("expected comma-separated seconds such as 5,300,1800") from None
    if not delays or not all(0 < d < float("inf") for d in delays):
        raise ValueError("expected comma-separated positive seconds such as 5,300,1800")
    return ",".join(f"{d:g}" for d in delays)


def parse_host_list(raw: str) -> str:
    """Comma-separated host names or IP addresses, lower-cased, without spaces."""
    hosts = [part.strip().lower() for part in raw.split(",") if part.strip()]
    if any(" " in host or "/" in host for host in hosts):
        raise ValueError("expected comma-separated host names or IP addresses such as crm.internal,10.0.0.5")
    return ",".join(hosts)


def parse_hour(raw: str) -> int:
    value = int(raw.strip())
    if not 0 <= value <= 23:
        raise ValueError("expected an hour from 0 to 23")
    return value


def parse_base_url(raw: str) -> str:
    url = raw.strip().rstrip("/")
    if url and not (url.startswith("https://") or url.startswith("http://")) or " " in url:
        raise ValueError("expected an http:// or https:// address such as https://crm.acme.example")
    return url


@dataclass(frozen=True)
class Setting:
    """One row of the table, as ``--help`` and the docs show it."""

    name: str
    env: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    see: str | None = None  # a docs page that says more, as a Markdown link


def setting(env: str, default: Any, parse: Callable[[str], Any], help: str, see: str | None = None) -> Any:
    """A field of ``Settings``: its default, and how it is read from the environment and explained."""
    return field(default=default, metadata={"env": env, "parse": parse, "help": help, "see": see})


@dataclass(frozen=True)
class Settings:
    """Every setting's value, read once from the environment and the command line."""

    data_dir: str = setting("SVIT_DATA_DIR", "./svit-data", str,
            "Directory holding svit.db (all data) and queue.db (the job doorbells).")
    host: str = setting("SVIT_HOST", "127.0.0.1", str,
            "Address `svit serve` listens on; 0.0.0.0 to accept connections from other hosts.")
    port: int = setting("SVIT_PORT", 8000, parse_port, "TCP port `svit serve` listens on.")
    database_url: str = setting("SVIT_DATABASE_URL", "", str,
            "Empty for SQLite in the data directory, or postgresql://user@host/db for scale-out.",
            see="[Scale out](scale-out.md)")
    queue_url: str = setting("SVIT_QUEUE_URL", "", str,
            "Empty for the SQLite queue in the data directory, or redis://host:6379/0 for scale-out.",
            see="[Scale out](scale-out.md)")
    max_body_bytes: int = setting("SVIT_MAX_BODY_BYTES", 1_048_576, parse_positive_int,
            "Largest request body accepted; larger ones get 413 PAYLOAD_TOO_LARGE.")
    import_max_bytes: int = setting("SVIT_IMPORT_MAX_BYTES", 16_777_216, parse_positive_int,
            "Largest CSV file the console accepts for a person import (held in memory, within SVIT_MAX_BUFFERED_BYTES; `svit persons import` has no limit).")
    form_max_body_bytes: int = setting("SVIT_FORM_MAX_BODY_BYTES", 65_536, parse_positive_int,
            "Largest contact form body accepted (checked after the client token and origin); larger get 413.")
    header_timeout_seconds: float = setting("SVIT_HEADER_TIMEOUT_SECONDS", 10.0, parse_positive_float,
            "A request's headers must arrive within this time of its first byte, else the connection is closed.")
    body_timeout_seconds: float = setting("SVIT_BODY_TIMEOUT_SECONDS", 20.0, parse_positive_float,
            "A request's body must arrive within this time after its headers, else the connection is closed.")
    body_min_rate: int = setting("SVIT_BODY_MIN_RATE", 1024, parse_positive_int,
            "Slowest average body upload accepted after its first 5 s, in bytes per second.")
    keep_alive_timeout_seconds: float = setting("SVIT_KEEP_ALIVE_TIMEOUT_SECONDS", 15.0, parse_positive_float,
            "An idle keep-alive connection is closed after this time.")
    response_timeout_seconds: float = setting("SVIT_RESPONSE_TIMEOUT_SECONDS", 30.0, parse_positive_float,
            "A request not answered within this time gets 503 SERVICE_UNAVAILABLE.")
    max_connections: int = setting("SVIT_MAX_CONNECTIONS", 512, parse_positive_int,
            "Open connections served at once; more get 503 and are closed (kept under the open-files limit).")
    max_buffered_bytes: int = setting("SVIT_MAX_BUFFERED_BYTES", 33_554_432, parse_positive_int,
            "Bytes of request bodies held in memory by all requests together; a request past it gets 503.")
    max_json_depth: int = setting("SVIT_MAX_JSON_DEPTH", 64, parse_positive_int,
            "Deepest JSON nesting accepted in a body; deeper ones get 400 INVALID_REQUEST.")
    default_phone_region: str = setting("SVIT_DEFAULT_PHONE_REGION", "US", parse_region,
            "Region used to read phone numbers typed without +, for new projects.")
    writer_batch_max: int = setting("SVIT_WRITER_BATCH_MAX", 512, parse_positive_int,
            "Most accepted ingestion requests committed together in one transaction.")
    sqlite_busy_timeout_ms: int = setting("SVIT_SQLITE_BUSY_TIMEOUT_MS", 5000, parse_positive_int,
            "How long a SQLite write waits for a lock held by another process before failing.")
    access_log: bool = setting("SVIT_ACCESS_LOG", True, parse_bool,
            "Log one line per request (method, path, status, duration, request id).")
    log_level: str = setting("SVIT_LOG_LEVEL", "INFO", parse_log_level,
            "DEBUG, INFO, WARNING or ERROR.")
    log_format: str = setting("SVIT_LOG_FORMAT", "text", parse_log_format,
            "text, or json for one JSON object per line (for log shippers).",
            see="[Monitoring](monitoring.md#logs)")
    tls_cert: str = setting("SVIT_TLS_CERT", "", str,
            "PEM certificate chain file: with SVIT_TLS_KEY, `svit serve` speaks HTTPS (both re-read on SIGHUP).",
            see="[HTTPS](https.md)")
    tls_key: str = setting("SVIT_TLS_KEY", "", str, "PEM private key file of SVIT_TLS_CERT.",
            see="[HTTPS](https.md)")
    http_redirect_port: int = setting("SVIT_HTTP_REDIRECT_PORT", 0, parse_port,
            "With HTTPS on, also listen on this plain-HTTP port and only redirect to HTTPS; 0 for none.")
    trusted_proxies: str = setting("SVIT_TRUSTED_PROXIES", "", parse_networks,
            "Comma-separated proxy addresses/CIDRs whose X-Forwarded-For, Forwarded and X-Forwarded-Proto are believed.",
            see="[Behind a proxy](https.md#behind-a-proxy)")
    metrics_token: str = setting("SVIT_METRICS_TOKEN", "", str,
            "Bearer token that GET /metrics requires; empty turns /metrics off (404).")
    form_min_fill_seconds: float = setting("SVIT_FORM_MIN_FILL_SECONDS", 0.5, parse_non_negative_float,
            "Contact form posts sent sooner than this (seconds, decimals allowed) after the embed script loaded "
            "are quarantined as spam; keep it short (autofill fills a form in about a second); 0 turns it off.")
    inspector_retention_days: int = setting("SVIT_INSPECTOR_RETENTION_DAYS", 7, parse_positive_int,
            "Refused requests the inspector keeps (console: Rejected requests) are deleted after this many days.")
    spam_retention_days: int = setting("SVIT_SPAM_RETENTION_DAYS", 30, parse_positive_int,
            "Quarantined contact form posts (the spam inbox) are deleted after this many days.")
    form_ip_rate_limit: str = setting("SVIT_FORM_IP_RATE_LIMIT", "20/minute", parse_rate_limit,
            "Contact form posts accepted per client IP (e.g. 20/minute, 100/hour) or off; more get 429.",
            see="[Contact form](contact-form.md)")
    form_token_rate_limit: str = setting("SVIT_FORM_TOKEN_RATE_LIMIT", "600/minute", parse_rate_limit,
            "Contact form posts accepted per client token without its own --rate-limit, or off; more get 429.")
    signin_address_rate_limit: str = setting("SVIT_SIGNIN_ADDRESS_RATE_LIMIT", "4/15 minutes", parse_rate_limit,
            "Console sign-in tries per client address (a success forgives its earlier failures), or off; "
            "below 5 per 15 minutes one address cannot lock an admin out.")
    serve_worker: bool = setting("SVIT_SERVE_WORKER", True, parse_bool,
            "Run the job worker inside `svit serve`; false (or --no-worker) when `svit worker` runs apart.")
    worker_process: bool = setting("SVIT_WORKER_PROCESS", False, parse_bool,
            "Run `svit serve`'s job worker (and delivery) as a child process it starts, restarts and stops, instead "
            "of threads inside: the accept path keeps an interpreter of its own (--worker-process).",
            see="[Processing](processing.md)")
    worker_threads: int = setting("SVIT_WORKER_THREADS", 1, parse_positive_int,
            "Worker threads per process; 1-2 on SQLite (more only contend for the lock).")
    job_max_attempts: int = setting("SVIT_JOB_MAX_ATTEMPTS", 5, parse_positive_int,
            "Attempts before a job is marked failed (a body its type cannot read fails at once).")
    job_lease_seconds: int = setting("SVIT_JOB_LEASE_SECONDS", 60, parse_positive_int,
            "How long a worker owns a claimed job; after that the sweeper hands it to another.")
    job_backoff_seconds: float = setting("SVIT_JOB_BACKOFF_SECONDS", 2.0, parse_positive_float,
            "Delay before the first retry; doubled per attempt, with random jitter.")
    sweeper_interval_seconds: float = setting("SVIT_SWEEPER_INTERVAL_SECONDS", 10.0, parse_positive_float,
            "How often the sweeper re-queues expired leases and jobs whose doorbell was lost.")
    public_base_url: str = setting("SVIT_PUBLIC_BASE_URL", "", parse_base_url,
            "Address the console is reached at (e.g. https://crm.acme.example); notifications link to persons there.",
            see="[Destinations](destinations.md)")
    outbound_allow_hosts: str = setting("SVIT_OUTBOUND_ALLOW_HOSTS", "", parse_host_list,
            "Destination hosts allowed although they resolve to loopback, private or link-local addresses "
            "(on-premises receivers), comma-separated.")
    outbound_connect_timeout_seconds: float = setting("SVIT_OUTBOUND_CONNECT_TIMEOUT_SECONDS", 5.0, parse_positive_float,
            "How long a delivery waits to connect to a destination.")
    outbound_timeout_seconds: float = setting("SVIT_OUTBOUND_TIMEOUT_SECONDS", 15.0, parse_positive_float,
            "Longest a delivery attempt may take in all (connect, send, answer).")
    delivery_retry_delays: str = setting("SVIT_DELIVERY_RETRY_DELAYS", "5,300,1800,7200,18000,36000", parse_delays,
            "Seconds before each retry of a failed delivery, with x0.8 to x1.2 jitter; after the last the delivery is failed.")
    delivery_poll_seconds: float = setting("SVIT_DELIVERY_POLL_SECONDS", 1.0, parse_positive_float,
            "How often the delivery worker looks for deliveries that are due.")
    delivery_concurrency: int = setting("SVIT_DELIVERY_CONCURRENCY", 8, parse_positive_int,
            "Deliveries the delivery worker claims together and sends at the same time (a slow receiver holds up only its own).")
    digest_hour: int = setting("SVIT_DIGEST_HOUR", 8, parse_hour,
            "Hour (0-23, the server's local time, TZ) the daily digest goes to email destinations that opt in.")
    backup_interval: float = setting("SVIT_BACKUP_INTERVAL", 86400.0, parse_duration,
            "How often `svit serve` backs the SQLite database up into <data-dir>/backups (seconds, or 30m, 12h, 1d; off for never).",
            see="[Run it](run.md)")
    backup_keep: int = setting("SVIT_BACKUP_KEEP", 14, parse_positive_int,
            "How many backups in <data-dir>/backups are kept; older ones are deleted after each new backup.")
    body_retention_days: int = setting("SVIT_BODY_RETENTION_DAYS", 30, parse_positive_int,
            "Raw bodies of succeeded jobs are redacted this many days after processing (the job's metadata stays).")
    audit_retention_days: int = setting("SVIT_AUDIT_RETENTION_DAYS", 365, parse_positive_int,
            "Audit log entries older than this many days are deleted.")
    retention_interval: float = setting("SVIT_RETENTION_INTERVAL", 3600.0, parse_duration,
            "How often `svit serve` applies the retention policies (seconds, or 30m, 1h; off for never).",
            see="[Run it](run.md)")

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (command-line options)."""
        environ = {} if environ is None else environ
        values = {row.name: _read(row, environ) for row in SETTINGS_TABLE}
        for name, value in overrides.items():
            if value is not None:
                values[name] = _coerce(setting_named(name), value)
        return cls(**values)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def worker_inside(self) -> bool:
        """``svit serve`` runs the job worker and delivery as threads of its own process."""
        return self.serve_worker and not self.worker_process


SETTINGS_TABLE: tuple[Setting, ...] = tuple(
    Setting(f.name, f.metadata["env"], f.default, f.metadata["parse"], f.metadata["help"], f.metadata["see"])
    for f in fields(Settings))


def setting_named(name: str) -> Setting:
    return next(s for s in SETTINGS_TABLE if s.name == name)


def option_help(name: str, text: str) -> str:
    """Help for the command-line option that overrides a setting: its variable and default."""
    setting = setting_named(name)
    return f"{text} (env {setting.env}, default {setting.default if setting.default != '' else 'none'})"


def _read(setting: Setting, environ: Mapping[str, str]) -> Any:
    raw = environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    return _coerce(setting, raw)


def _coerce(setting: Setting, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return setting.parse(value)
    except ValueError as error:
        raise SettingsError(f"{setting.env}={value!r}: {error}") from None

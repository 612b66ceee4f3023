"""Every setting of the appliance, in one table that drives parsing, ``--help`` and docs/settings.md."""
from dataclasses import dataclass, make_dataclass
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
    name: str
    env: str
    default: Any
    parse: Callable[[str], Any]
    help: str


SETTINGS_TABLE: tuple[Setting, ...] = (
    Setting("data_dir", "SVIT_DATA_DIR", "./svit-data", str,
            "Directory holding svit.db (all data) and queue.db (the job doorbells)."),
    Setting("host", "SVIT_HOST", "127.0.0.1", str,
            "Address `svit serve` listens on; 0.0.0.0 to accept connections from other hosts."),
    Setting("port", "SVIT_PORT", 8000, parse_port, "TCP port `svit serve` listens on."),
    Setting("database_url", "SVIT_DATABASE_URL", "", str,
            "Empty for SQLite in the data directory, or postgresql://user@host/db for scale-out."),
    Setting("queue_url", "SVIT_QUEUE_URL", "", str,
            "Empty for the SQLite queue in the data directory, or redis://host:6379/0 for scale-out."),
    Setting("max_body_bytes", "SVIT_MAX_BODY_BYTES", 1_048_576, parse_positive_int,
            "Largest request body accepted; larger ones get 413 PAYLOAD_TOO_LARGE."),
    Setting("import_max_bytes", "SVIT_IMPORT_MAX_BYTES", 16_777_216, parse_positive_int,
            "Largest CSV file the console accepts for a person import (held in memory, within SVIT_MAX_BUFFERED_BYTES; `svit persons import` has no limit)."),
    Setting("form_max_body_bytes", "SVIT_FORM_MAX_BODY_BYTES", 65_536, parse_positive_int,
            "Largest contact form body accepted (checked after the client token and origin); larger get 413."),
    Setting("header_timeout_seconds", "SVIT_HEADER_TIMEOUT_SECONDS", 10.0, parse_positive_float,
            "A request's headers must arrive within this time of its first byte, else the connection is closed."),
    Setting("body_timeout_seconds", "SVIT_BODY_TIMEOUT_SECONDS", 20.0, parse_positive_float,
            "A request's body must arrive within this time after its headers, else the connection is closed."),
    Setting("body_min_rate", "SVIT_BODY_MIN_RATE", 1024, parse_positive_int,
            "Slowest average body upload accepted after its first 5 s, in bytes per second."),
    Setting("keep_alive_timeout_seconds", "SVIT_KEEP_ALIVE_TIMEOUT_SECONDS", 15.0, parse_positive_float,
            "An idle keep-alive connection is closed after this time."),
    Setting("response_timeout_seconds", "SVIT_RESPONSE_TIMEOUT_SECONDS", 30.0, parse_positive_float,
            "A request not answered within this time gets 503 SERVICE_UNAVAILABLE."),
    Setting("max_connections", "SVIT_MAX_CONNECTIONS", 512, parse_positive_int,
            "Open connections served at once; more get 503 and are closed (kept under the open-files limit)."),
    Setting("max_buffered_bytes", "SVIT_MAX_BUFFERED_BYTES", 33_554_432, parse_positive_int,
            "Bytes of request bodies held in memory by all requests together; a request past it gets 503."),
    Setting("max_json_depth", "SVIT_MAX_JSON_DEPTH", 64, parse_positive_int,
            "Deepest JSON nesting accepted in a body; deeper ones get 400 INVALID_REQUEST."),
    Setting("default_phone_region", "SVIT_DEFAULT_PHONE_REGION", "US", parse_region,
            "Region used to read phone numbers typed without +, for new projects."),
    Setting("writer_batch_max", "SVIT_WRITER_BATCH_MAX", 512, parse_positive_int,
            "Most accepted ingestion requests committed together in one transaction."),
    Setting("sqlite_busy_timeout_ms", "SVIT_SQLITE_BUSY_TIMEOUT_MS", 5000, parse_positive_int,
            "How long a SQLite write waits for a lock held by another process before failing."),
    Setting("access_log", "SVIT_ACCESS_LOG", True, parse_bool,
            "Log one line per request (method, path, status, duration, request id)."),
    Setting("log_level", "SVIT_LOG_LEVEL", "INFO", parse_log_level,
            "DEBUG, INFO, WARNING or ERROR."),
    Setting("log_format", "SVIT_LOG_FORMAT", "text", parse_log_format,
            "text, or json for one JSON object per line (for log shippers)."),
    Setting("tls_cert", "SVIT_TLS_CERT", "", str,
            "PEM certificate chain file: with SVIT_TLS_KEY, `svit serve` speaks HTTPS (both re-read on SIGHUP)."),
    Setting("tls_key", "SVIT_TLS_KEY", "", str, "PEM private key file of SVIT_TLS_CERT."),
    Setting("http_redirect_port", "SVIT_HTTP_REDIRECT_PORT", 0, parse_port,
            "With HTTPS on, also listen on this plain-HTTP port and only redirect to HTTPS; 0 for none."),
    Setting("trusted_proxies", "SVIT_TRUSTED_PROXIES", "", parse_networks,
            "Comma-separated proxy addresses/CIDRs whose X-Forwarded-For, Forwarded and X-Forwarded-Proto are believed."),
    Setting("metrics_token", "SVIT_METRICS_TOKEN", "", str,
            "Bearer token that GET /metrics requires; empty turns /metrics off (404)."),
    Setting("form_min_fill_seconds", "SVIT_FORM_MIN_FILL_SECONDS", 0.5, parse_non_negative_float,
            "Contact form posts sent sooner than this (seconds, decimals allowed) after the embed script loaded "
            "are quarantined as spam; keep it short (autofill fills a form in about a second); 0 turns it off."),
    Setting("spam_retention_days", "SVIT_SPAM_RETENTION_DAYS", 30, parse_positive_int,
            "Quarantined contact form posts (the spam inbox) are deleted after this many days."),
    Setting("form_ip_rate_limit", "SVIT_FORM_IP_RATE_LIMIT", "20/minute", parse_rate_limit,
            "Contact form posts accepted per client IP (e.g. 20/minute, 100/hour) or off; more get 429."),
    Setting("form_token_rate_limit", "SVIT_FORM_TOKEN_RATE_LIMIT", "600/minute", parse_rate_limit,
            "Contact form posts accepted per client token without its own --rate-limit, or off; more get 429."),
    Setting("signin_address_rate_limit", "SVIT_SIGNIN_ADDRESS_RATE_LIMIT", "4/15 minutes", parse_rate_limit,
            "Console sign-in tries per client address (a success forgives its earlier failures), or off; "
            "below 5 per 15 minutes one address cannot lock an admin out."),
    Setting("serve_worker", "SVIT_SERVE_WORKER", True, parse_bool,
            "Run the job worker inside `svit serve`; false (or --no-worker) when `svit worker` runs apart."),
    Setting("worker_process", "SVIT_WORKER_PROCESS", False, parse_bool,
            "Run `svit serve`'s job worker (and delivery) as a child process it starts, restarts and stops, instead "
            "of threads inside: the accept path keeps an interpreter of its own (--worker-process)."),
    Setting("worker_threads", "SVIT_WORKER_THREADS", 1, parse_positive_int,
            "Worker threads per process; 1-2 on SQLite (more only contend for the lock)."),
    Setting("job_max_attempts", "SVIT_JOB_MAX_ATTEMPTS", 5, parse_positive_int,
            "Attempts before a job is marked failed (a body its type cannot read fails at once)."),
    Setting("job_lease_seconds", "SVIT_JOB_LEASE_SECONDS", 60, parse_positive_int,
            "How long a worker owns a claimed job; after that the sweeper hands it to another."),
    Setting("job_backoff_seconds", "SVIT_JOB_BACKOFF_SECONDS", 2.0, parse_positive_float,
            "Delay before the first retry; doubled per attempt, with random jitter."),
    Setting("sweeper_interval_seconds", "SVIT_SWEEPER_INTERVAL_SECONDS", 10.0, parse_positive_float,
            "How often the sweeper re-queues expired leases and jobs whose doorbell was lost."),
    Setting("public_base_url", "SVIT_PUBLIC_BASE_URL", "", parse_base_url,
            "Address the console is reached at (e.g. https://crm.acme.example); notifications link to persons there."),
    Setting("outbound_allow_hosts", "SVIT_OUTBOUND_ALLOW_HOSTS", "", parse_host_list,
            "Destination hosts allowed although they resolve to loopback, private or link-local addresses "
            "(on-premises receivers), comma-separated."),
    Setting("outbound_connect_timeout_seconds", "SVIT_OUTBOUND_CONNECT_TIMEOUT_SECONDS", 5.0, parse_positive_float,
            "How long a delivery waits to connect to a destination."),
    Setting("outbound_timeout_seconds", "SVIT_OUTBOUND_TIMEOUT_SECONDS", 15.0, parse_positive_float,
            "Longest a delivery attempt may take in all (connect, send, answer)."),
    Setting("delivery_retry_delays", "SVIT_DELIVERY_RETRY_DELAYS", "5,300,1800,7200,18000,36000", parse_delays,
            "Seconds before each retry of a failed delivery, with jitter; after the last the delivery is failed."),
    Setting("delivery_poll_seconds", "SVIT_DELIVERY_POLL_SECONDS", 1.0, parse_positive_float,
            "How often the delivery worker looks for deliveries that are due."),
    Setting("delivery_concurrency", "SVIT_DELIVERY_CONCURRENCY", 8, parse_positive_int,
            "Deliveries the delivery worker claims together and sends at the same time (a slow receiver holds up only its own)."),
    Setting("digest_hour", "SVIT_DIGEST_HOUR", 8, parse_hour,
            "Hour (0-23, the server's local time) the daily digest goes to email destinations that opt in."),
    Setting("backup_interval", "SVIT_BACKUP_INTERVAL", 86400.0, parse_duration,
            "How often `svit serve` backs the SQLite database up into <data-dir>/backups (seconds, or 30m, 12h, 1d; off for never)."),
    Setting("backup_keep", "SVIT_BACKUP_KEEP", 14, parse_positive_int,
            "How many backups in <data-dir>/backups are kept; older ones are deleted after each new backup."),
    Setting("body_retention_days", "SVIT_BODY_RETENTION_DAYS", 30, parse_positive_int,
            "Raw bodies of succeeded jobs are redacted this many days after processing (the job's metadata stays)."),
    Setting("audit_retention_days", "SVIT_AUDIT_RETENTION_DAYS", 365, parse_positive_int,
            "Audit log entries older than this many days are deleted."),
    Setting("retention_interval", "SVIT_RETENTION_INTERVAL", 3600.0, parse_duration,
            "How often `svit serve` applies the retention policies (seconds, or 30m, 1h; off for never)."),
)


def _load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
    """Defaults, then environment variables, then explicit overrides (command-line options)."""
    environ = {} if environ is None else environ
    values = {setting.name: _read(setting, environ) for setting in SETTINGS_TABLE}
    for name, value in overrides.items():
        if value is not None:
            values[name] = _coerce(setting_named(name), value)
    return cls(**values)


def _data_path(self) -> Path:
    return Path(self.data_dir).expanduser().resolve()


def _worker_inside(self) -> bool:
    """``svit serve`` runs the job worker and delivery as threads of its own process."""
    return self.serve_worker and not self.worker_process


# The settings object's fields are the table's rows, so a setting is declared exactly once.
Settings = make_dataclass(
    "Settings",
    [(setting.name, type(setting.default)) for setting in SETTINGS_TABLE],
    frozen=True,
    namespace={"load": classmethod(_load), "data_path": property(_data_path), "worker_inside": property(_worker_inside),
               "__doc__": "Every setting's value, read once from the environment and the command line."},
)


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

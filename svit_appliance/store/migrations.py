"""The schema, as an ordered list of migrations compiled into the program.

Each migration is a function ``(db, types)`` run once, in order, inside a transaction;
the table ``svit_schema_migrations`` records which ones ran. Never edit a released
migration: append a new one.
"""
import json
import secrets
from datetime import datetime, timezone
from typing import Callable

from .db import dialect


def _execute_all(db, types: dict, statements: list[str]) -> None:
    for statement in statements:
        db.execute_sql(statement.format(**types))


def initial_schema(db, types: dict) -> None:
    _execute_all(db, types, [
        """CREATE TABLE project (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, default_region TEXT NOT NULL,
            created_at {ts} NOT NULL)""",
        """CREATE TABLE server_token (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL, prefix TEXT NOT NULL, token_hash TEXT NOT NULL,
            created_at {ts} NOT NULL, last_used_at {ts}, expires_at {ts}, revoked_at {ts})""",
        "CREATE INDEX server_token_prefix ON server_token(prefix)",
        "CREATE INDEX server_token_project ON server_token(project_id)",
        """CREATE TABLE client_token (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL, prefix TEXT NOT NULL, token_hash TEXT NOT NULL,
            allowed_origins TEXT NOT NULL, required_fields TEXT NOT NULL,
            allow_no_origin {bool} NOT NULL, rate_limit_per_minute INTEGER,
            enabled {bool} NOT NULL, created_at {ts} NOT NULL, last_used_at {ts},
            expires_at {ts}, revoked_at {ts})""",
        "CREATE INDEX client_token_prefix ON client_token(prefix)",
        "CREATE INDEX client_token_project ON client_token(project_id)",
        """CREATE TABLE integration (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL, type TEXT NOT NULL, config TEXT NOT NULL,
            enabled {bool} NOT NULL, created_at {ts} NOT NULL)""",
        "CREATE INDEX integration_project ON integration(project_id)",
        """CREATE TABLE ingestion_job (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            integration_id TEXT NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
            body {blob} NOT NULL, content_type TEXT NOT NULL, idempotency_key TEXT,
            status TEXT NOT NULL, attempts INTEGER NOT NULL, lease_owner TEXT,
            lease_expires_at {ts}, next_attempt_at {ts}, last_error TEXT,
            person_ids TEXT NOT NULL, received_at {ts} NOT NULL, processed_at {ts})""",
        "CREATE INDEX ingestion_job_idempotency ON ingestion_job(integration_id, idempotency_key)",
        "CREATE INDEX ingestion_job_status ON ingestion_job(status, next_attempt_at)",
        "CREATE INDEX ingestion_job_project ON ingestion_job(project_id, received_at)",
        """CREATE TABLE person (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT, first_name TEXT, last_name TEXT, email TEXT, email_raw TEXT,
            phone TEXT, phone_raw TEXT, company TEXT, attributes TEXT NOT NULL,
            first_source TEXT, last_source TEXT, created_at {ts} NOT NULL, updated_at {ts} NOT NULL)""",
        "CREATE UNIQUE INDEX person_project_email ON person(project_id, email)",
        "CREATE UNIQUE INDEX person_project_phone ON person(project_id, phone)",
        "CREATE INDEX person_project_created ON person(project_id, created_at)",
        """CREATE TABLE person_event (
            id TEXT PRIMARY KEY, person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, source_type TEXT NOT NULL, source_id TEXT, job_id TEXT,
            data TEXT NOT NULL, created_at {ts} NOT NULL)""",
        "CREATE INDEX person_event_person ON person_event(person_id, created_at)",
        "CREATE INDEX person_event_job ON person_event(job_id)",
    ])


CONFIG_TABLES = ("project", "server_token", "client_token", "integration")


def config_version_counter(db, types: dict) -> None:
    """A counter bumped by triggers whenever a project, token or integration changes, from any
    process; the API caches those rows and re-reads them only when the counter moves."""
    db.execute_sql("CREATE TABLE config_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)")
    db.execute_sql("INSERT INTO config_version (id, version) VALUES (1, 0)")
    if dialect(db).name == "postgresql":  # statement-level triggers call a function there
        db.execute_sql(
            "CREATE FUNCTION svit_bump_config_version() RETURNS trigger AS $$ BEGIN "
            "UPDATE config_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql")
        for table in CONFIG_TABLES:
            db.execute_sql(f"CREATE TRIGGER {table}_config_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
                           "FOR EACH STATEMENT EXECUTE FUNCTION svit_bump_config_version()")
        return
    for table in CONFIG_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(f"CREATE TRIGGER {table}_{event.lower()}_config_version AFTER {event} ON {table} "
                           "BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; END")


def contact_form(db, types: dict) -> None:
    """Caught form spam, stored apart; the form stamp's HMAC key, generated once here so every
    process of one installation shares it; and an index for finding a form post's (or any
    source key's) timeline event, which ``upsert_person`` looks up on every keyed write."""
    _execute_all(db, types, [
        """CREATE TABLE form_spam (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            client_token_id TEXT NOT NULL REFERENCES client_token(id) ON DELETE CASCADE,
            ip TEXT, reason TEXT NOT NULL, fields TEXT NOT NULL, created_at {ts} NOT NULL)""",
        "CREATE INDEX form_spam_token ON form_spam(client_token_id, created_at)",
        "CREATE INDEX form_spam_project ON form_spam(project_id, created_at)",
        "CREATE TABLE appliance_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX person_event_source_key ON person_event(source_id, kind)",
    ])
    db.execute_sql(f"INSERT INTO appliance_secret (name, value) VALUES ('form_stamp_key', {db.param})",
                   (secrets.token_hex(32),))
def console_admins_audit_search(db, types: dict) -> None:
    """Admins, their sessions, the first-run setup link, the audit log, and person search:
    FTS5 trigram on SQLite (substring search on name/email/phone kept in sync by triggers,
    whoever writes the person), expression indexes on PostgreSQL."""
    _execute_all(db, types, [
        """CREATE TABLE admin_user (
            id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL, locked_until {ts}, last_login_at {ts}, created_at {ts} NOT NULL)""",
        """CREATE TABLE admin_session (
            id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
            admin_id TEXT NOT NULL REFERENCES admin_user(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL, created_at {ts} NOT NULL, last_seen_at {ts} NOT NULL)""",
        "CREATE INDEX admin_session_admin ON admin_session(admin_id)",
        """CREATE TABLE setup_token (
            id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, created_at {ts} NOT NULL, used_at {ts})""",
        """CREATE TABLE audit_entry (
            id TEXT PRIMARY KEY, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
            details TEXT NOT NULL, created_at {ts} NOT NULL)""",
        "CREATE INDEX audit_entry_created ON audit_entry(created_at)",
        # newest-first pages, unfiltered and by source, straight from an index (no sort of the project)
        "CREATE INDEX person_project_newest ON person(project_id, created_at, id)",
        "CREATE INDEX person_project_source_newest ON person(project_id, first_source, created_at, id)",
        "CREATE INDEX ingestion_job_integration ON ingestion_job(integration_id, received_at)",
    ])
    if not dialect(db).has_fts:
        _execute_all(db, types, [
            "CREATE INDEX person_name_lower ON person(project_id, lower(name) text_pattern_ops)",
            "CREATE INDEX person_email_prefix ON person(project_id, email text_pattern_ops)",
            "CREATE INDEX person_phone_prefix ON person(project_id, phone text_pattern_ops)",
        ])
        return
    _execute_all(db, types, [
        "CREATE VIRTUAL TABLE person_fts USING fts5(name, email, phone, content='person', "
        "content_rowid='rowid', tokenize='trigram')",
        "INSERT INTO person_fts(person_fts) VALUES ('rebuild')",
        """CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
            INSERT INTO person_fts(rowid, name, email, phone) VALUES (new.rowid, new.name, new.email, new.phone);
        END""",
        """CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
            INSERT INTO person_fts(person_fts, rowid, name, email, phone)
            VALUES ('delete', old.rowid, old.name, old.email, old.phone);
        END""",
        """CREATE TRIGGER person_fts_update AFTER UPDATE OF name, email, phone ON person BEGIN
            INSERT INTO person_fts(person_fts, rowid, name, email, phone)
            VALUES ('delete', old.rowid, old.name, old.email, old.phone);
            INSERT INTO person_fts(rowid, name, email, phone) VALUES (new.rowid, new.name, new.email, new.phone);
        END""",
    ])


def job_pipeline_indexes(db, types: dict) -> None:
    """The sweeper looks for expired leases."""
    _execute_all(db, types, ["CREATE INDEX ingestion_job_lease ON ingestion_job(status, lease_expires_at)"])


def queue_signing_key(db, types: dict) -> None:
    """The queue's message signing key, made once and shared by every process of an installation
    (huey unpickles what it dequeues, so a Redis anyone can write to must not be trusted)."""
    db.execute_sql(f"INSERT INTO appliance_secret (name, value) VALUES ('queue_signing_key', {db.param})",
                   (secrets.token_hex(32),))


def drop_redundant_person_index(db, types: dict) -> None:
    """person_project_newest (project, created_at, id) serves every query the older
    (project, created_at) index did; one index less to write for every new person."""
    db.execute_sql("DROP INDEX IF EXISTS person_project_created")


def client_token_rate_limit_text(db, types: dict) -> None:
    """A client token's own rate limit in the settings' syntax (``30/minute``, ``500/hour``, ``off``)
    instead of a number of posts per minute: one format for every rate limit."""
    _execute_all(db, types, [
        "ALTER TABLE client_token ADD COLUMN rate_limit TEXT",
        "UPDATE client_token SET rate_limit = CAST(rate_limit_per_minute AS TEXT) || '/minute' "
        "WHERE rate_limit_per_minute IS NOT NULL",
        "ALTER TABLE client_token DROP COLUMN rate_limit_per_minute",
    ])


def person_erasure(db, types: dict) -> None:
    """A job whose body was erased with a person keeps its metadata and says when the body went; audit
    entries of console exports stop keeping the search typed (it may be a person's email or phone)."""
    db.execute_sql("ALTER TABLE ingestion_job ADD COLUMN body_erased_at {ts}".format(**types))
    rows = db.execute_sql("SELECT id, details FROM audit_entry WHERE action = 'person.export'").fetchall()
    for entry_id, details in rows:
        kept = json.loads(details)
        searched = bool(kept.pop("q", None))
        db.execute_sql(f"UPDATE audit_entry SET details = {db.param} WHERE id = {db.param}",
                       (json.dumps({**kept, "searched": searched}, separators=(",", ":")), entry_id))


def no_lead_lost(db, types: dict) -> None:
    """A job's warning (succeeded, but no person found); quarantined form posts keep what
    releasing them needs (the person id the sender was told, the normalised email and phone a
    repeat is recognised by, the Referer) and are pruned by age."""
    _execute_all(db, types, [
        "ALTER TABLE ingestion_job ADD COLUMN warning TEXT",
        "ALTER TABLE form_spam ADD COLUMN answer_id TEXT",
        "ALTER TABLE form_spam ADD COLUMN email TEXT",
        "ALTER TABLE form_spam ADD COLUMN phone TEXT",
        "ALTER TABLE form_spam ADD COLUMN referer TEXT",
        "CREATE INDEX form_spam_email ON form_spam(project_id, email)",
        "CREATE INDEX form_spam_phone ON form_spam(project_id, phone)",
        "CREATE INDEX form_spam_created ON form_spam(created_at)",
    ])


def destinations(db, types: dict) -> None:
    """Leads flow out: per-project destinations, the delivery outbox (written with the person
    write that caused it) and one log row per delivery attempt."""
    _execute_all(db, types, [
        """CREATE TABLE destination (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL, kind TEXT NOT NULL, config TEXT NOT NULL, events TEXT NOT NULL,
            enabled {bool} NOT NULL, failing_since {ts}, disabled_reason TEXT, created_at {ts} NOT NULL)""",
        "CREATE INDEX destination_project ON destination(project_id)",
        """CREATE TABLE delivery (
            id TEXT PRIMARY KEY, destination_id TEXT NOT NULL REFERENCES destination(id) ON DELETE CASCADE,
            event TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
            next_attempt_at {ts} NOT NULL, lease_owner TEXT, lease_expires_at {ts}, last_error TEXT,
            created_at {ts} NOT NULL, delivered_at {ts})""",
        "CREATE INDEX delivery_due ON delivery(status, next_attempt_at)",
        "CREATE INDEX delivery_destination ON delivery(destination_id, created_at)",
        """CREATE TABLE delivery_attempt (
            id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
            attempt INTEGER NOT NULL, started_at {ts} NOT NULL, status_code INTEGER, latency_ms INTEGER NOT NULL,
            response TEXT, error TEXT)""",
        "CREATE INDEX delivery_attempt_delivery ON delivery_attempt(delivery_id, attempt)",
    ])


def retention(db, types: dict) -> None:
    """When a succeeded job's raw body was redacted; a partial index finds the bodies still due for
    redaction without touching new jobs (they enter it only once they succeed)."""
    _execute_all(db, types, [
        "ALTER TABLE ingestion_job ADD COLUMN body_redacted_at {ts}",
        "CREATE INDEX ingestion_job_body_retention ON ingestion_job(processed_at) "
        "WHERE status = 'succeeded' AND body_redacted_at IS NULL",
    ])


def rejected_requests(db, types: dict) -> None:
    """Refused API requests, for the inspector: against a project when one could be told, else
    appliance-wide (project_id NULL); ``count`` is how many refusals a sampled row stands for."""
    _execute_all(db, types, [
        """CREATE TABLE rejected_request (
            id TEXT PRIMARY KEY, project_id TEXT REFERENCES project(id) ON DELETE CASCADE,
            subject_id TEXT, created_at {ts} NOT NULL, method TEXT NOT NULL, route TEXT NOT NULL,
            status INTEGER NOT NULL, code TEXT NOT NULL, detail TEXT NOT NULL, client_address TEXT,
            origin TEXT, user_agent TEXT, signature TEXT, body_excerpt TEXT, count INTEGER NOT NULL)""",
        "CREATE INDEX rejected_request_project ON rejected_request(project_id, id)",
        "CREATE INDEX rejected_request_created ON rejected_request(created_at)",
    ])


def person_merges(db, types: dict) -> None:
    """Merges of two persons, with both as they were, so a merge can be undone exactly."""
    _execute_all(db, types, [
        """CREATE TABLE person_merge (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            kept_id TEXT NOT NULL, merged_id TEXT NOT NULL, kept_before TEXT NOT NULL, merged_before TEXT NOT NULL,
            moved_event_ids TEXT NOT NULL, merge_event_id TEXT NOT NULL, actor TEXT NOT NULL,
            created_at {ts} NOT NULL, undone_at {ts})""",
        "CREATE INDEX person_merge_project ON person_merge(project_id, created_at)",
    ])


MIGRATIONS: tuple[tuple[str, Callable], ...] = (
    ("initial_schema", initial_schema),
    ("config_version_counter", config_version_counter),
    ("contact_form", contact_form),
    ("console_admins_audit_search", console_admins_audit_search),
    ("job_pipeline_indexes", job_pipeline_indexes),
    ("queue_signing_key", queue_signing_key),
    ("drop_redundant_person_index", drop_redundant_person_index),
    ("client_token_rate_limit_text", client_token_rate_limit_text),
    ("person_erasure", person_erasure),
    ("no_lead_lost", no_lead_lost),
    ("destinations", destinations),
    ("retention", retention),
    ("rejected_requests", rejected_requests),
    ("person_merges", person_merges),
)


def _ensure_ledger(db) -> None:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS svit_schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )


def applied_versions(db) -> set[int]:
    _ensure_ledger(db)
    return {row[0] for row in db.execute_sql("SELECT version FROM svit_schema_migrations")}


def pending_migrations(db, migrations=MIGRATIONS) -> list[tuple[int, str]]:
    done = applied_versions(db)
    return [(n, name) for n, (name, _) in enumerate(migrations, start=1) if n not in done]


def migrate(db, migrations=MIGRATIONS) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied."""
    types = dialect(db).column_types
    applied = []
    for version, (name, step) in enumerate(migrations, start=1):
        with db.atomic():
            dialect(db).migration_lock(db)
            if version in applied_versions(db):
                continue
            step(db, types)
            db.execute_sql(
                "INSERT INTO svit_schema_migrations (version, name, applied_at) VALUES ({0}, {0}, {0})"
                .format(db.param),
                (version, name, datetime.now(timezone.utc).replace(tzinfo=None)),
            )
            applied.append(name)
    return applied

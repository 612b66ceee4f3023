"""peewee models: the shape of the data, bound to whichever database ``db.open_database`` set up.

The schema itself is created by the ordered migrations in ``migrations.py``.
"""
import json
from datetime import datetime, timezone

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .db import database


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp is stored in."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with milliseconds and ``Z``, as the API writes times."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class JSONField(TextField):
    """JSON stored as text, portable across SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Project(BaseModel):
    id = CharField(primary_key=True)
    name = CharField()
    default_region = CharField(max_length=2)
    created_at = DateTimeField(default=utcnow)


def _token_backref(field) -> str:
    """Each token table's own accessor on Project (``server_tokens``, ``client_tokens``); none for ``Token``."""
    return "+" if field.model.__name__ == "Token" else f"{field.model._meta.table_name}s"


class Token(BaseModel):
    """What server and client tokens share: a secret shown once, kept as its hash and found by its
    prefix. No table of its own; each subclass is one (``server_token``, ``client_token``)."""

    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, backref=_token_backref, on_delete="CASCADE")
    name = CharField()
    prefix = CharField(index=True)
    token_hash = CharField()
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)
    expires_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)


class ServerToken(Token):
    pass


class ClientToken(Token):
    allowed_origins = JSONField(default=list)
    required_fields = JSONField(default=lambda: ["phone"])
    allow_no_origin = BooleanField(default=True)
    rate_limit = CharField(null=True)  # None: SVIT_FORM_TOKEN_RATE_LIMIT applies
    enabled = BooleanField(default=True)


class Integration(BaseModel):
    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, backref="integrations", on_delete="CASCADE")
    name = CharField()
    type = CharField()
    config = JSONField(default=dict)
    enabled = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


# queued (waiting, maybe for a retry) -> processing (leased) -> succeeded or failed
JOB_STATUSES = ("queued", "processing", "succeeded", "failed")


class IngestionJob(BaseModel):
    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, on_delete="CASCADE")
    integration = ForeignKeyField(Integration, backref="jobs", on_delete="CASCADE")
    body = BlobField()
    content_type = CharField()
    idempotency_key = CharField(null=True)
    status = CharField(default="queued")
    attempts = IntegerField(default=0)
    lease_owner = CharField(null=True)
    lease_expires_at = DateTimeField(null=True)
    next_attempt_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    person_ids = JSONField(default=list)
    received_at = DateTimeField(default=utcnow)
    processed_at = DateTimeField(null=True)
    body_erased_at = DateTimeField(null=True)  # the body carried a person who was erased; metadata is kept
    warning = TextField(null=True)  # why a succeeded job produced no person
    body_redacted_at = DateTimeField(null=True)  # retention emptied the body; the rest stays


class Person(BaseModel):
    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, backref="persons", on_delete="CASCADE")
    name = CharField(null=True)
    first_name = CharField(null=True)
    last_name = CharField(null=True)
    email = CharField(null=True)
    email_raw = CharField(null=True)
    phone = CharField(null=True)
    phone_raw = CharField(null=True)
    company = CharField(null=True)
    attributes = JSONField(default=dict)
    first_source = CharField(null=True)
    last_source = CharField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class PersonEvent(BaseModel):
    id = CharField(primary_key=True)
    person = ForeignKeyField(Person, backref="events", on_delete="CASCADE")
    kind = CharField()
    source_type = CharField()
    source_id = CharField(null=True)
    job_id = CharField(null=True)
    data = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)


class FormSpam(BaseModel):
    """A contact form submission caught as spam: kept apart from persons, for review and counting."""

    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, on_delete="CASCADE")
    client_token = ForeignKeyField(ClientToken, on_delete="CASCADE")
    ip = CharField(null=True)
    reason = CharField()
    fields = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    answer_id = CharField(null=True)  # the person id the sender was told
    email = CharField(null=True)  # normalised, so a repeat gets the same answer
    phone = CharField(null=True)
    referer = TextField(null=True)


class ApplianceSecret(BaseModel):
    """Keys the appliance generates once for itself (e.g. the form stamp's HMAC key)."""

    name = CharField(primary_key=True)
    value = CharField()




class RejectedRequest(BaseModel):
    """A refused API request as the inspector keeps it (tokens and secrets masked in the excerpt)."""

    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, null=True, on_delete="CASCADE")
    subject_id = CharField(null=True)  # the integration or client token the request named
    created_at = DateTimeField(default=utcnow)
    method = CharField()
    route = CharField()
    status = IntegerField()
    code = CharField()
    detail = TextField()
    client_address = CharField(null=True)
    origin = CharField(null=True)
    user_agent = CharField(null=True)
    signature = CharField(null=True)
    body_excerpt = TextField(null=True)
    count = IntegerField(default=1)


class PersonMerge(BaseModel):
    """Two persons merged into one, both kept as they were (``*_before``) so the merge can be undone."""

    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, on_delete="CASCADE")
    kept_id = CharField()
    merged_id = CharField()
    kept_before = JSONField()
    merged_before = JSONField()
    moved_event_ids = JSONField(default=list)
    merge_event_id = CharField()
    actor = CharField()
    created_at = DateTimeField(default=utcnow)
    undone_at = DateTimeField(null=True)


class AdminUser(BaseModel):
    id = CharField(primary_key=True)
    email = CharField(unique=True)
    password_hash = CharField()
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    last_login_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class AdminSession(BaseModel):
    id = CharField(primary_key=True)
    token_hash = CharField(unique=True)
    admin = ForeignKeyField(AdminUser, backref="sessions", on_delete="CASCADE")
    csrf_token = CharField()
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)


class SetupToken(BaseModel):
    id = CharField(primary_key=True)
    token_hash = CharField(unique=True)
    created_at = DateTimeField(default=utcnow)
    used_at = DateTimeField(null=True)


class AuditEntry(BaseModel):
    id = CharField(primary_key=True)
    actor = CharField()
    action = CharField()
    target = CharField(null=True)
    details = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)


# Destinations, their delivery outbox and the log of delivery attempts (schema: the
# ``destinations`` migration).
class Destination(BaseModel):
    id = CharField(primary_key=True)
    project = ForeignKeyField(Project, backref="destinations", on_delete="CASCADE")
    name = CharField()
    kind = CharField()
    config = JSONField(default=dict)  # holds the webhook secret and SMTP password: never shown
    events = JSONField(default=list)
    enabled = BooleanField(default=True)
    failing_since = DateTimeField(null=True)
    disabled_reason = TextField(null=True)
    created_at = DateTimeField(default=utcnow)


class Delivery(BaseModel):
    """One event for one destination; its id is the ``webhook-id``, the same on every attempt.
    Its status: pending (waiting, maybe for a retry) -> sending (leased) -> delivered or failed."""

    id = CharField(primary_key=True)
    destination = ForeignKeyField(Destination, backref="deliveries", on_delete="CASCADE")
    event = CharField()
    payload = JSONField()
    status = CharField(default="pending")
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    lease_owner = CharField(null=True)
    lease_expires_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    delivered_at = DateTimeField(null=True)


class DeliveryAttempt(BaseModel):
    id = CharField(primary_key=True)
    delivery = ForeignKeyField(Delivery, backref="attempt_log", on_delete="CASCADE")
    attempt = IntegerField()
    started_at = DateTimeField()
    status_code = IntegerField(null=True)
    latency_ms = IntegerField()
    response = TextField(null=True)
    error = TextField(null=True)

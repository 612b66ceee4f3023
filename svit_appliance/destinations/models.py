"""Destinations, their delivery outbox and the log of delivery attempts (schema: the
``destinations`` migration)."""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..store.models import BaseModel, JSONField, Project, utcnow

EVENTS = ("person.created", "person.updated", "form.submitted", "job.failed")
# pending (waiting, maybe for a retry) -> sending (leased) -> delivered or failed
TEST_EVENT = "test"  # "Send test event": one attempt, never retried
DELIVERY_STATUSES = ("pending", "sending", "delivered", "failed")


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
    """One event for one destination; its id is the ``webhook-id``, the same on every attempt."""

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

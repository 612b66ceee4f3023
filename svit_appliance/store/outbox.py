"""The outbox's statements: which destinations listen, and the delivery rows a write adds in
its own transaction (sending them is ``store.deliveries``' and the delivery worker's)."""
import json
from datetime import datetime

from .compact_json import to_json
from .db import database, insert_rows

DELIVERY_COLUMNS = ("id", "destination_id", "event", "payload", "status", "attempts", "next_attempt_at", "created_at")


def enabled_destinations(project_id: str) -> list[tuple[str, list[str]]]:
    """(id, the events it chose) of each enabled destination of the project, in one query."""
    p = database.param
    rows = database.execute_sql(f"SELECT id, events FROM destination WHERE project_id = {p} AND enabled = {p}",
                                (project_id, True)).fetchall()
    return [(destination_id, json.loads(events)) for destination_id, events in rows]


def add_pending(deliveries: list[tuple[str, str, str, dict]], now: datetime) -> None:
    """``(id, destination_id, event, payload)`` as deliveries due ``now``, in multi-row inserts."""
    insert_rows("delivery", DELIVERY_COLUMNS, [(delivery_id, destination_id, event, to_json(payload), "pending", 0,
                                                now, now) for delivery_id, destination_id, event, payload in deliveries])

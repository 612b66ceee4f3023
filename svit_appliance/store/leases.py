"""The lease protocol both work queues share: ingestion jobs and deliveries.

A row of a leased queue waits until it is due, is claimed by one worker under a lease (owner
and expiry set, one more attempt counted), and ends finished, waiting again for a retry, or
handed back. A worker that stops mid-work leaves its lease to expire, and an expired lease is
due again. Each queue states its table and status values once, as a ``LeasedQueue``; the
protocol's statements are written here, once, by hand: claims run on every doorbell and every
delivery round, and building them through peewee cost more than running them.
"""
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from .db import database, dialect, placeholders


def worker_name() -> str:
    """Who holds a lease: host, process and thread, so an operator can tell workers apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass(frozen=True)
class LeasedQueue:
    """A table of leased work: the status of a row waiting for its due time, the status of a
    leased row, and the columns holding the lease and the due time. Every row has an ``id``, a
    ``status`` and an ``attempts`` count."""

    table: str
    waiting: str
    leased: str
    owner_column: str = "lease_owner"
    expiry_column: str = "lease_expires_at"
    due_column: str = "next_attempt_at"

    def waiting_and_due(self, p: str) -> str:
        """SQL: a waiting row whose time has come (one parameter: now)."""
        return f"status = '{self.waiting}' AND {self.due_column} <= {p}"

    def lease_expired(self, p: str) -> str:
        """SQL: a leased row whose lease ran out (one parameter: now)."""
        return f"status = '{self.leased}' AND {self.expiry_column} < {p}"

    def held_by(self, p: str) -> str:
        """SQL: a row the owner holds (one parameter: the owner)."""
        return f"{self.owner_column} = {p} AND status = '{self.leased}'"

    def claim_due(self, ids: list[str], owner: str, lease_seconds: float, now: datetime) -> list[str]:
        """Lease those of ``ids`` that are due (waiting and due, or under an expired lease);
        returns the ids now held by ``owner``."""
        if not ids:
            return []
        p = database.obj.param
        due = f"(({self.waiting_and_due(p)}) OR ({self.lease_expired(p)}))"
        chosen = f"SELECT id FROM {self.table} WHERE id IN ({placeholders(len(ids))}) AND {due}{dialect().skip_locked}"
        return self._lease(chosen, [*ids, now, now], owner, lease_seconds, now)

    def claim_oldest(self, count: int, owner: str, lease_seconds: float, now: datetime) -> list[str]:
        """Lease up to ``count`` waiting rows that are due, those due longest first."""
        p = database.obj.param
        return self._lease(self._oldest_waiting(p, "", dialect().skip_locked), [now, count], owner, lease_seconds, now)

    def claim_chosen(self, ids: list[str], owner: str, lease_seconds: float, now: datetime) -> list[str]:
        """Lease exactly ``ids``, chosen by ``due_ids(lock=True)`` in this transaction."""
        return self._lease(placeholders(len(ids)), ids, owner, lease_seconds, now)

    def _lease(self, chosen_ids_sql: str, params: list, owner: str, lease_seconds: float, now: datetime) -> list[str]:
        p = database.obj.param
        sql = (f"UPDATE {self.table} SET status = '{self.leased}', {self.owner_column} = {p}, "
               f"{self.expiry_column} = {p}, attempts = attempts + 1 WHERE id IN ({chosen_ids_sql}) RETURNING id")
        lease = [owner, now + timedelta(seconds=lease_seconds)]
        return [row[0] for row in database.execute_sql(sql, lease + params).fetchall()]

    def due_ids(self, limit: int, now: datetime, where: str = "", params: tuple = (), lock: bool = True) -> list[str]:
        """Up to ``limit`` due rows (``where``, `` AND ...`` with ``params``, narrows them): those
        whose lease expired first, then waiting ones in the order they fell due. ``lock``: they
        are claimed next, in this transaction (other claims skip them)."""
        p = database.obj.param
        skip = dialect().skip_locked if lock else ""
        ids = [row[0] for row in database.execute_sql(
            f"SELECT id FROM {self.table} WHERE {self.lease_expired(p)}{where} LIMIT {p}{skip}", (now, *params, limit))]
        if len(ids) < limit:
            ids += [row[0] for row in database.execute_sql(
                self._oldest_waiting(p, where, skip), (now, *params, limit - len(ids)))]
        return ids

    def _oldest_waiting(self, p: str, where: str, skip: str) -> str:
        return (f"SELECT id FROM {self.table} WHERE {self.waiting_and_due(p)}{where} "
                f"ORDER BY {self.due_column} LIMIT {p}{skip}")

    def release(self, ids: list[str], owner: str, now: datetime) -> list[str]:
        """Hand back those of ``ids`` the owner holds and has not started: waiting, due now, the
        attempt not counted. Returns the ids handed back."""
        if not ids:
            return []
        p = database.obj.param
        sql = (f"UPDATE {self.table} SET status = '{self.waiting}', attempts = attempts - 1, {self.due_column} = {p}, "
               f"{self._no_lease()} WHERE id IN ({placeholders(len(ids))}) AND {self.held_by(p)} RETURNING id")
        return [row[0] for row in database.execute_sql(sql, [now, *ids, owner]).fetchall()]

    def expire(self, now: datetime) -> list[str]:
        """Every row whose lease expired waits again, due now (the sweep after a worker stopped
        mid-work). Returns their ids."""
        p = database.obj.param
        sql = (f"UPDATE {self.table} SET status = '{self.waiting}', {self.due_column} = {p}, {self._no_lease()} "
               f"WHERE {self.lease_expired(p)} RETURNING id")
        return [row[0] for row in database.execute_sql(sql, [now, now]).fetchall()]

    def release_all(self, now: datetime) -> int:
        """Every leased row waits again, due now, whoever held it; returns how many."""
        p = database.obj.param
        sql = (f"UPDATE {self.table} SET status = '{self.waiting}', {self.due_column} = {p}, {self._no_lease()} "
               f"WHERE status = '{self.leased}'")
        return database.execute_sql(sql, [now]).rowcount

    def _no_lease(self) -> str:
        return f"{self.owner_column} = NULL, {self.expiry_column} = NULL"

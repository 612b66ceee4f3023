"""Storing contact form posts: persons through ``upsert_person``, spam apart, in group commits.

Form posts are answered only once their person is written, so they share the accept path's
group commit: one writer thread commits every post waiting at that moment in one transaction.
``upsert_person`` writes each post in its own savepoint, so one bad post cannot sink the others.
"""
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from peewee import DatabaseError

from ..core.persons import Candidate, Source, UpsertResult, upsert_person
from ..destinations import outbox
from ..pipeline.writer import GroupCommitWriter, StorageUnavailable
from ..store.db import database
from ..store.models import utcnow
from .spam import record_spam
from .submission import Submission

log = logging.getLogger("svit.form")

DUPLICATE_WINDOW_SECONDS = 30
EVENT_KIND = "form_submitted"


@dataclass(frozen=True)
class FormPost:
    project_id: str
    token_id: str
    submission: Submission
    fingerprint: str
    received_at: float


@dataclass(frozen=True)
class SpamPost:
    project_id: str
    token_id: str
    ip: str | None
    reason: str
    fields: dict
    candidate: Candidate | None = None  # its normalised email and phone: a repeat gets the same answer
    referer: str | None = None


def _source_key(fingerprint: str, window: int) -> str:
    return f"form:{fingerprint}:{window}"


def _recent_duplicate(post: FormPost) -> str | None:
    """The person of the same post sent moments ago (a double click), if any."""
    window = int(post.received_at // DUPLICATE_WINDOW_SECONDS)
    keys = [_source_key(post.fingerprint, window), _source_key(post.fingerprint, window - 1)]
    since = utcnow() - timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    # hand-written: this runs for every post, and building it with the query builder costs more
    # than running it
    param = database.param
    row = database.execute_sql(
        f"SELECT person_id FROM person_event WHERE source_id IN ({param}, {param}) AND kind = {param} "
        f"AND created_at >= {param} LIMIT 1", (*keys, EVENT_KIND, since)).fetchone()
    return row[0] if row else None


def store_post(post: FormPost, extra: dict | None = None) -> UpsertResult:
    """Create or merge the post's person; ``extra`` goes into its timeline entry."""
    duplicate = _recent_duplicate(post)
    if duplicate:
        return UpsertResult(duplicate, False, {})
    submission = post.submission
    event_data = {"clientTokenId": post.token_id, "message": submission.message, "context": submission.context,
                  **(extra or {})}
    window = int(post.received_at // DUPLICATE_WINDOW_SECONDS)
    with database.atomic():  # the person and its deliveries commit together
        result = upsert_person(post.project_id, submission.candidate, Source("client_token", post.token_id),
                               EVENT_KIND, event_data, source_key=_source_key(post.fingerprint, window))
        outbox.person_written(post.project_id, result,
                              lambda: outbox.form_source(post.token_id, submission.context))
        outbox.form_submitted(post.project_id, result, post.token_id, submission.message, submission.context)
    return result


def _store(item):
    if isinstance(item, SpamPost):
        return record_spam(item)
    return store_post(item)


class FormWriter(GroupCommitWriter):
    thread_name = "svit-form-writer"

    def _commit(self, items: list) -> list:
        results = []
        for item in items:
            try:
                results.append(_store(item))
            except DatabaseError as error:
                log.error("form post not stored: %s", type(error).__name__)
                results.append(StorageUnavailable(str(error)))
            except Exception as error:  # a bug hits this post only (500); the batch still commits
                log.exception("form post failed")
                results.append(error)
        return results


def new_post(project_id: str, token_id: str, submission: Submission, fingerprint: str) -> FormPost:
    return FormPost(project_id, token_id, submission, fingerprint, time.time())

"""Storing contact form posts: persons through ``upsert_many``, spam apart, in group commits.

Form posts are answered only once their person is written, so they share the accept path's
group commit: one writer thread commits every post waiting at that moment in one transaction.
A batch's posts of one client token are written together (new persons in one statement per
table); should that fail, each post is written again in its own savepoint, so one bad post
cannot sink the others.
"""
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from ..core.batch_upsert import Keyed, upsert_many
from ..core.persons import Candidate, Source, UpsertResult, upsert_person
from ..destinations import outbox
from ..destinations.events import FORM_POST_EVENTS
from ..pipeline.writer import GroupCommitWriter, StorageUnavailable
from ..store import timeline
from ..store.db import DatabaseError, savepoint
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


def _duplicate_keys(post: FormPost) -> tuple[str, str]:
    """The source keys the same post would have written moments ago: this window's and the one before."""
    window = int(post.received_at // DUPLICATE_WINDOW_SECONDS)
    return _source_key(post.fingerprint, window), _source_key(post.fingerprint, window - 1)


def _recent_posts(posts: list[FormPost]) -> dict[str, str]:
    """Source key -> person of the posts' keys written in the last ``DUPLICATE_WINDOW_SECONDS``:
    one query for a whole batch."""
    keys = sorted({key for post in posts for key in _duplicate_keys(post)})
    return timeline.recorded_since(EVENT_KIND, keys, utcnow() - timedelta(seconds=DUPLICATE_WINDOW_SECONDS))


def _recent_duplicate(post: FormPost, recent: dict[str, str]) -> str | None:
    """The person of the same post sent moments ago (a double click), if any."""
    return next((recent[key] for key in _duplicate_keys(post) if key in recent), None)


def _event_data(post: FormPost, extra: dict | None = None) -> dict:
    submission = post.submission
    return {"clientTokenId": post.token_id, "message": submission.message, "context": submission.context,
            **(extra or {})}


def _post_key(post: FormPost) -> str:
    return _duplicate_keys(post)[0]


def _announce(post: FormPost, result: UpsertResult) -> None:
    """The post's deliveries (``person.created``/``updated``, ``form.submitted``), in the person's transaction."""
    submission = post.submission
    outbox.person_written(post.project_id, result, lambda: outbox.form_source(post.token_id, submission.context))
    outbox.form_submitted(post.project_id, result, post.token_id, submission.message, submission.context)


def store_post(post: FormPost, extra: dict | None = None) -> UpsertResult:
    """Create or merge the post's person; ``extra`` goes into its timeline entry."""
    duplicate = _recent_duplicate(post, _recent_posts([post]))
    if duplicate:
        return UpsertResult(duplicate, False, {})
    with savepoint():  # the person and its deliveries commit together
        result = upsert_person(post.project_id, post.submission.candidate, Source("client_token", post.token_id),
                               EVENT_KIND, _event_data(post, extra), source_key=_post_key(post))
        _announce(post, result)
    return result


def store_posts(posts: list[FormPost]) -> list:
    """Posts of one batch, with the same persons, timeline and deliveries as ``store_post`` on
    each in turn: a repeat (the same fields moments ago, committed or earlier in the batch) gets
    the first one's person; the other posts of each client token go through one ``upsert_many``
    (new persons in one statement per table). When a token's group fails, its posts are stored
    one by one, so a bad post fails alone. Results are ``UpsertResult`` or the post's exception."""
    results: list = [None] * len(posts)
    first_in_batch: dict[str, int] = {}  # source key -> the post of this batch that wrote it
    repeats: dict[int, int] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    recent = _recent_posts(posts)
    for index, post in enumerate(posts):
        earlier = next((first_in_batch[key] for key in _duplicate_keys(post) if key in first_in_batch), None)
        if earlier is not None:
            repeats[index] = earlier
            continue
        duplicate = _recent_duplicate(post, recent)
        if duplicate:
            results[index] = UpsertResult(duplicate, False, {})
            continue
        first_in_batch[_post_key(post)] = index
        groups.setdefault((post.project_id, post.token_id), []).append(index)
    for (project_id, token_id), indexes in groups.items():
        _store_group(project_id, token_id, [posts[i] for i in indexes], indexes, results)
    for index, earlier in repeats.items():
        first = results[earlier]
        results[index] = first if isinstance(first, Exception) else UpsertResult(first.person_id, False, {})
    return results


def _store_group(project_id: str, token_id: str, posts: list[FormPost], indexes: list[int], results: list) -> None:
    items = [Keyed(post.submission.candidate, _post_key(post), _event_data(post)) for post in posts]
    try:
        with savepoint():  # the persons and their deliveries commit together
            written = upsert_many(project_id, items, Source("client_token", token_id), EVENT_KIND)
            if outbox.anyone_listens(project_id, FORM_POST_EVENTS):  # the project's destinations read once
                for post, result in zip(posts, written):
                    _announce(post, result)
    except Exception as error:  # some post of the group is bad: each alone, in its own savepoint
        log.warning("a group of %d form posts failed (%s): storing each alone", len(posts), type(error).__name__)
        for post, index in zip(posts, indexes):
            results[index] = _guarded(store_post, post)
        return
    for result, index in zip(written, indexes):
        results[index] = result


def _guarded(store, item):
    try:
        return store(item)
    except DatabaseError as error:
        log.error("form post not stored: %s", type(error).__name__)
        return StorageUnavailable(str(error))
    except Exception as error:  # a bug hits this post only (500); the batch still commits
        log.exception("form post failed")
        return error


class FormWriter(GroupCommitWriter):
    thread_name = "svit-form-writer"

    def _commit(self, items: list) -> list:
        """Runs of real posts are stored together; a quarantined post is recorded in its place in
        the order (its answer depends on the persons written before it)."""
        results, run = [], []
        for item in [*items, None]:
            if isinstance(item, FormPost):
                run.append(item)
                continue
            if run:
                results += store_posts(run)
                run = []
            if item is not None:
                results.append(_guarded(record_spam, item))
        return results


def new_post(project_id: str, token_id: str, submission: Submission, fingerprint: str) -> FormPost:
    return FormPost(project_id, token_id, submission, fingerprint, time.time())

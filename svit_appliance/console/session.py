"""Console sessions: a random cookie whose hash is stored server-side, with idle and absolute
expiry; a new id at every login; logout deletes the row."""
import hashlib
import secrets
from datetime import timedelta

from ..core.ids import new_id
from ..http.proxy import original_scheme
from ..store import access as access_store
from ..store.db import write_transaction
from ..store.models import AdminSession, utcnow

COOKIE = "svit_session"
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # write last_seen_at at most once a minute, not per request


def cookie(request, name: str) -> str | None:
    """A cookie's value, or None unless it is printable ASCII: cookies of other applications on
    the same host may hold any bytes, and must neither break nor lock out the console."""
    value = request.cookies.get(name)
    return value if value and value.isascii() and value.isprintable() else None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def cookie_options(request, max_age: int | None) -> dict:
    options = {"httponly": True, "samesite": "Lax", "path": "/console", "secure": original_scheme(request) == "https"}
    if max_age is not None:
        options["max_age"] = max_age
    return options


def start_session(request, response, admin) -> AdminSession:
    """A fresh session for ``admin`` (any session the browser carried is ended first)."""
    secret = secrets.token_urlsafe(32)
    # a session's writes take their turn with the process's other writers (store.db.write_transaction):
    # they run on the pool's threads beside the accept path's writer and the worker
    with write_transaction():
        end_session(request, response)
        session = access_store.insert_session(new_id("ses"), _hash(secret), admin, secrets.token_urlsafe(32))
    response.add_cookie(COOKIE, secret, **cookie_options(request, int(ABSOLUTE.total_seconds())))
    return session


def load_session(request) -> AdminSession | None:
    secret = cookie(request, COOKIE)
    if not secret or len(secret) > 100:
        return None
    session = access_store.find_session(_hash(secret))
    if session is None:
        return None
    now = utcnow()
    if now - session.last_seen_at > IDLE or now - session.created_at > ABSOLUTE:
        with write_transaction():
            access_store.delete_session(session.id)
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        with write_transaction():
            access_store.touch_session(session.id, now)
    return session


def end_session(request, response) -> None:
    secret = cookie(request, COOKIE)
    if secret:
        with write_transaction():
            access_store.delete_sessions_with_hash(_hash(secret))
        clear_cookie(request, response, COOKIE)


def clear_cookie(request, response, name: str) -> None:
    # an expired cookie with the same attributes: Sanic's delete_cookie always marks it Secure,
    # which a browser ignores on plain http
    response.add_cookie(name, "", **cookie_options(request, 0))

"""Authentication of external API requests."""
from ..access.tokens import SERVER, bearer_token
from ..http.errors import ApiError


def require_server_token(request):
    """The request's active server token record, or ``401 INVALID_SERVER_TOKEN``."""
    header = request.headers.get("authorization")
    if not header:
        raise ApiError("INVALID_SERVER_TOKEN",
                       "Missing Authorization header: send 'Authorization: Bearer <server token>'")
    access = request.app.ctx.services.access
    # Stays on the event loop, the one query an API request may run there: one row read by its key
    # (a WAL reader never waits for a writer), at most once per 2 ms under load, and the tokens it
    # keeps are read only after a change. A hop to services.work costs more than the query itself on
    # every request of the accept path (tests/bench/bench_ingest.py).
    access.refresh()
    record = access.active_token(SERVER, bearer_token(header))
    if record is None:
        raise ApiError("INVALID_SERVER_TOKEN", "Server token is invalid, revoked or expired")
    return record

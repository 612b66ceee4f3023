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
    access.refresh()
    record = access.active_token(SERVER, bearer_token(header))
    if record is None:
        raise ApiError("INVALID_SERVER_TOKEN", "Server token is invalid, revoked or expired")
    return record

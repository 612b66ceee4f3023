from sanic.response import json

from .auth import require_server_token


async def ping(request):
    require_server_token(request)
    return json({"status": "OK", "message": "Pong"})

"""The baseline: a bare single-process Sanic route that parses a JSON body and answers JSON."""
import sys

from sanic import Sanic
from sanic.response import json

app = Sanic("bare")
app.config.MOTD = False


@app.post("/bare")
async def bare(request):
    return json({"received": len(request.json)}, status=202)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), single_process=True, access_log=False, motd=False)

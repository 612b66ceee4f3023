"""The event loop belongs to intake (DESIGN.md "Isolation"): no console page and no heavy API
request runs SQL on it.

The appliance runs in this process with its database watched: each statement notes the thread it
ran on. Every page of the console's route table (a route added later is covered too), a few changes,
the sign-in, an upload, an export, the API's dry run and job status and an ingestion are asked for;
then the only statements the event loop ran are the access cache's (``api/auth.py`` says why those
stay). Unlike tests/test_isolation.py this tells no timing apart: one query on the loop fails it.
"""
import asyncio
import re
import threading
import traceback
from pathlib import Path

import httpx
import pytest

from svit_appliance.app import create_app
from svit_appliance.console import ROUTES
from svit_appliance.settings import Settings
from tests.conftest import free_port, provision, run_cli
from tests.console import seed
from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin
from tests.console.seed import storage
from tests.wire import ingest_url

PARAMETER = re.compile(r"<(\w+):\w+>")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACCESS_CACHE = str(Path("svit_appliance", "access", "cache.py"))


class StatementWatch:
    """Wraps the database's ``execute_sql``: which statements ran on ``loop_thread``, and from where."""

    def __init__(self, db, loop_thread: threading.Thread):
        self.db, self.loop_thread = db, loop_thread
        self.on_the_loop: list[tuple[str, list[str]]] = []
        self.elsewhere = 0
        run = type(db).execute_sql

        def execute_sql(sql, *args, **kwargs):
            if threading.current_thread() is self.loop_thread:
                self.on_the_loop.append((sql, [frame.filename for frame in traceback.extract_stack()]))
            else:
                self.elsewhere += 1
            return run(db, sql, *args, **kwargs)

        db.execute_sql = execute_sql

    def close(self) -> None:
        del self.db.execute_sql

    def not_from_the_access_cache(self) -> list[str]:
        return [sql for sql, files in self.on_the_loop if not any(f.endswith(ACCESS_CACHE) for f in files)]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A data directory with a project, tokens, integrations, an admin, persons and jobs; the ids
    the console's routes take."""
    data_dir = tmp_path_factory.mktemp("off-the-loop") / "data"
    project, token, integrations = provision(data_dir)
    client_token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--name", "site",
                           "--origin", "https://acme.example", "--json")
    create_admin(data_dir)
    with storage(data_dir):
        person = seed.person(project["id"], "Ada", "ada@example.com", "+442079460958", company="Engines")
        seed.person(project["id"], "Grace", "grace@example.com")
        job = seed.job(project["id"], integrations["webhook"]["id"], {"name": "x"}, "failed", error="boom")
        seed.event(person, "ingested", job.id)
    ids = {"person_id": person.id, "integration_id": integrations["webhook"]["id"], "job_id": job.id,
           "token_id": client_token["id"], "project_id": project["id"]}
    return data_dir, token, ids


def concrete(path: str, ids: dict) -> str:
    """The route's path with real ids, a made-up one where none is known (the handler then looks
    the record up, off the loop too, and answers 404)."""
    return "/console" + PARAMETER.sub(lambda match: ids.get(match[1], "x_unknown"), path)


async def sign_in(client: httpx.AsyncClient) -> str:
    token = CSRF.search((await client.get("/console/login")).text)[1]
    signed_in = await client.post("/console/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
                                                         "csrf_token": token})
    assert signed_in.status_code == 303, signed_in.text
    return CSRF.search((await client.get("/console/")).text)[1]


async def browse(client: httpx.AsyncClient, server_token: str, ids: dict) -> list[tuple[str, int]]:
    """Every console page, a few changes, an upload and an export, the API's heavy requests."""
    answers = []
    csrf = await sign_in(client)
    for method, path, _, _ in ROUTES:
        if method == "GET":
            answers.append((path, (await client.get(concrete(path, ids))).status_code))
    changes = [(f"/console/persons/{ids['person_id']}/edit", {"name": "Ada L", "email": "ada@example.com"}),
               (f"/console/integrations/{ids['integration_id']}/try", {"payload": '{"email": "t@example.com"}'}),
               ("/console/jobs/retry-failed", {}), ("/console/projects", {"name": "Second", "region": "DE"})]
    for path, form in changes:
        answers.append((path, (await client.post(path, data={**form, "csrf_token": csrf})).status_code))
    upload = await client.post("/console/persons/import", data={"csrf_token": csrf},
                               files={"file": ("p.csv", b"name,email\nLin,lin@example.com\n", "text/csv")})
    answers.append(("/persons/import upload", upload.status_code))
    answers.append(("/persons/export.csv", (await client.get("/console/persons/export.csv")).status_code))
    answers.append(("/no/such/page", (await client.get("/console/no/such/page")).status_code))
    api = {"Authorization": f"Bearer {server_token}"}
    dry_run = await client.post(ingest_url(ids["integration_id"]) + "?dryRun=true", json=[{"email": "d@example.com"}],
                                headers=api)
    accepted = await client.post(ingest_url(ids["integration_id"]), json={"email": "i@example.com"}, headers=api)
    status = await client.get(f"/api/v1/external/data-ingestion/jobs/{accepted.json()['jobId']}", headers=api)
    answers += [("dry run", dry_run.status_code), ("ingest", accepted.status_code), ("job status", status.status_code)]
    return answers


def test_it_runs_no_console_or_heavy_api_statement_on_the_event_loop(data):
    data_dir, server_token, ids = data
    port = free_port()
    app = create_app(Settings.load({}, data_dir=str(data_dir), port=port), name="svit_off_the_loop")
    # Sanic rewrites its protocol's methods in place when an app first starts, and cannot rewrite them a second
    # time (KeyError 'connection_task'): in-process test apps, of which a session starts several, skip it
    app.config.TOUCHUP = False

    async def scenario():
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        await server.before_start()
        await server.after_start()
        watch = StatementWatch(app.ctx.services.db, threading.current_thread())
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30,
                                         headers={"Origin": f"http://127.0.0.1:{port}"}) as client:
                return watch, await browse(client, server_token, ids)
        finally:
            watch.close()
            await server.before_stop()
            await server.close()
            await server.after_stop()

    watch, answers = asyncio.run(scenario())
    assert [(what, status) for what, status in answers if status >= 500] == []
    pages = sum(method == "GET" for method, *_ in ROUTES)
    assert sum(status == 200 for _, status in answers) > pages / 2, answers  # pages were really shown
    assert watch.elsewhere > 100  # the watch saw the statements the pages ran
    assert watch.not_from_the_access_cache() == []

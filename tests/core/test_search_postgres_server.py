"""Console person search on PostgreSQL through a real server (its own module: the CLI rebinds the
shared database object, which the in-process tests of test_search_postgres.py hold)."""
import httpx

from tests.conftest import ServerProcess, provision
from tests.console.helpers import ConsoleClient, create_admin
from tests.wire import finished_job, ingest_url


def test_it_searches_persons_in_the_console_of_a_server_on_postgres(tmp_path, monkeypatch, postgres_url):
    env = {"SVIT_DATABASE_URL": postgres_url}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    data_dir = tmp_path / "data"
    _, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir, env=env).start()
    try:
        with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}) as api:
            url = ingest_url(integrations["webhook"]["id"])
            job_ids = [api.post(url, json=body).json()["jobId"] for body in (
                {"name": "Ada Lovelace", "email": "ada@example.com"},
                {"name": "Grace Hopper", "email": "grace@example.com", "phone": "+1 415 555 0100"})]
            assert [finished_job(api, job_id)["status"] for job_id in job_ids] == ["succeeded"] * 2
        console = ConsoleClient(server.base_url)
        try:
            assert console.login().status_code == 303
            for query, shown, hidden in (("grace", "Grace Hopper", "Ada Lovelace"),
                                         ("+1 415 555", "Grace Hopper", "Ada Lovelace"),
                                         ("ada@", "Ada Lovelace", "Grace Hopper")):
                page = console.http.get("/console/persons", params={"q": query})
                assert page.status_code == 200 and shown in page.text and hidden not in page.text, query
        finally:
            console.close()
    finally:
        server.stop()

"""``Idempotency-Key`` against the real server: a repeat stores nothing, keys are scoped per
integration and live 24 h, and a thousand concurrent repeats make one job."""
import asyncio
import sqlite3
from datetime import timedelta

import httpx
import pytest

from svit_appliance.store.models import utcnow
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import assert_problem, ingest_url


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("idempotency") / "data"
    project, token, integrations = provision(data_dir)
    second = run_cli(data_dir, "integration", "create", "--project", project["id"], "--type", "WEBHOOK",
                     "--name", "second", "--json")
    server = ServerProcess(data_dir, env={"SVIT_ACCESS_LOG": "false"}).start()
    urls = (ingest_url(integrations["webhook"]["id"]), ingest_url(second["id"]))
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        yield server, client, urls
    server.stop()


def rows(server, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        return connection.execute(sql, params).fetchall()


def post(client, url: str, key: str | None, body: dict) -> httpx.Response:
    return client.post(url, json=body, headers={"Idempotency-Key": key} if key is not None else {})


def test_it_stores_nothing_new_for_a_repeat(keyed):
    server, client, (url, _) = keyed
    first = post(client, url, "repeat-1", {"n": 1})
    count = rows(server, "SELECT count(*) FROM ingestion_job")
    again = post(client, url, "repeat-1", {"n": 2})
    assert (first.status_code, again.status_code) == (202, 202)
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert again.json()["jobId"] == first.json()["jobId"]
    assert rows(server, "SELECT count(*) FROM ingestion_job") == count
    assert rows(server, "SELECT CAST(body AS TEXT) FROM ingestion_job WHERE idempotency_key = 'repeat-1'") == [
        ('{"n":1}',)]


def test_it_scopes_keys_per_integration(keyed):
    server, client, (url, other_url) = keyed
    here, there = post(client, url, "scoped-1", {"n": 1}), post(client, other_url, "scoped-1", {"n": 1})
    assert here.json()["jobId"] != there.json()["jobId"]
    assert there.json()["duplicate"] is False
    assert post(client, other_url, "scoped-1", {}).json()["jobId"] == there.json()["jobId"]
    assert rows(server, "SELECT count(*) FROM ingestion_job WHERE idempotency_key = 'scoped-1'") == [(2,)]


def received(server, job_id: str, age: timedelta) -> None:
    with sqlite3.connect(server.data_dir / "svit.db") as connection:
        connection.execute("UPDATE ingestion_job SET received_at = ? WHERE id = ?",
                           ((utcnow() - age).isoformat(sep=" "), job_id))


def test_it_forgets_a_key_after_24_hours(keyed):
    server, client, (url, _) = keyed
    first = post(client, url, "day-1", {"n": 1}).json()["jobId"]
    received(server, first, timedelta(hours=23, minutes=59))
    assert post(client, url, "day-1", {"n": 2}).json()["jobId"] == first
    received(server, first, timedelta(hours=24, minutes=1))
    later = post(client, url, "day-1", {"n": 3}).json()
    assert later["jobId"] != first and later["duplicate"] is False
    assert post(client, url, "day-1", {"n": 4}).json()["jobId"] == later["jobId"]


def test_it_takes_keys_of_1_to_255_characters_and_refuses_others(keyed):
    server, client, (url, _) = keyed
    longest = "k" * 255
    assert post(client, url, longest, {}).status_code == 202
    count = rows(server, "SELECT count(*) FROM ingestion_job")
    for key in ("", "k" * 256):
        assert_problem(post(client, url, key, {}), 400, "INVALID_REQUEST", "Validation Failed",
                       "validation/invalid-request", "Idempotency-Key must be 1 to 255 characters")
    assert rows(server, "SELECT count(*) FROM ingestion_job") == count


def test_it_makes_one_job_of_a_thousand_concurrent_identical_keys(keyed):
    server, client, (url, _) = keyed

    async def flood():
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=server.base_url, headers=dict(client.headers), limits=limits,
                                     timeout=httpx.Timeout(120, pool=None)) as flooding:
            return await asyncio.gather(*(flooding.post(url, json={"n": n}, headers={"Idempotency-Key": "flood"})
                                          for n in range(1000)))

    answers = asyncio.run(flood())
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["jobId"] for a in answers}) == 1
    assert sum(not a.json()["duplicate"] for a in answers) == 1
    assert rows(server, "SELECT count(*) FROM ingestion_job WHERE idempotency_key = 'flood'") == [(1,)]

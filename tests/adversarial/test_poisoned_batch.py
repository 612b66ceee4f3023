"""One tenant's poisoned requests cannot fail another tenant's: the reported reproduction, over sockets."""
import asyncio
import json

import httpx

from tests.adversarial.slow import request_head
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import ingest_url

ROUNDS = 100


async def poisoned(port: int, path: str, token: str, n: int) -> int:
    # an Idempotency-Key holding bytes that are not UTF-8: Sanic hands them on as lone surrogates
    head = request_head("POST", path, {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                       "Connection": "close"}, 2)
    head = head.replace(b"\r\n\r\n", b"\r\nIdempotency-Key: key-\xff\xfe-" + str(n).encode() + b"\r\n\r\n")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head + b"{}")
    answer = await reader.read()
    writer.close()
    return int(answer.split(b" ", 2)[1])


def test_it_keeps_other_tenants_requests_when_one_sends_poisoned_keys(tmp_path):
    data_dir = tmp_path / "data"
    project_a, token_a, integrations_a = provision(data_dir)
    project_b = run_cli(data_dir, "project", "create", "Other", "--json")
    token_b = run_cli(data_dir, "token", "create", "--project", project_b["id"], "--name", "b", "--json")["token"]
    integration_b = run_cli(data_dir, "integration", "create", "--project", project_b["id"], "--type", "WEBHOOK",
                            "--name", "b", "--json")
    server = ServerProcess(data_dir).start()

    async def traffic():
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30,
                                     headers={"Authorization": f"Bearer {token_b}"}) as client:
            good = [client.post(ingest_url(integration_b["id"]), json={"n": n}, headers={"Idempotency-Key": f"b-{n}"})
                    for n in range(ROUNDS)]
            bad = [poisoned(server.port, ingest_url(integrations_a["webhook"]["id"]), token_a, n) for n in range(ROUNDS)]
            results = await asyncio.gather(*good, *bad)
        return results[:ROUNDS], results[ROUNDS:]

    try:
        good, bad = asyncio.run(traffic())
    finally:
        server.stop()
    assert [r.status_code for r in good] == [202] * ROUNDS
    assert len({r.json()["jobId"] for r in good}) == ROUNDS
    assert bad == [400] * ROUNDS
    assert "not stored" not in server.log()
    assert json.loads(good[0].text)["message"] == "Ingestion job accepted"

"""With ``SVIT_QUEUE_URL=redis://`` several server processes share the contact form's rate limits."""
import httpx
import pytest

from tests.conftest import ServerProcess, require, run_cli
from tests.wire import assert_problem

REDIS_URL = "redis://127.0.0.1:6379/7"


def redis_available() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception:  # any failure means there is no usable Redis here
        return False


@pytest.fixture
def two_servers(tmp_path):
    require(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    data_dir = tmp_path / "data"
    project = run_cli(data_dir, "project", "create", "Acme", "--json")
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", "https://acme.example",
                    "--json")
    run_cli(data_dir, "client-token", "configure", token["id"], "--rate-limit", "4/minute", "--json")
    env = {"SVIT_QUEUE_URL": REDIS_URL, "SVIT_FORM_IP_RATE_LIMIT": "off"}
    servers = [ServerProcess(data_dir, env=env).start() for _ in range(2)]
    yield token, servers
    for server in servers:
        server.stop()


def test_it_counts_one_tokens_posts_across_processes(two_servers):
    token, (first, second) = two_servers
    headers = {"x-client-token": token["token"], "Origin": "https://acme.example"}

    def post(server, n):
        return httpx.post(server.base_url + "/api/v1/external/client/form", headers=headers,
                          json={"email": f"shared{n}@example.com", "phone": "+1 202 555 0143"}, timeout=10)

    statuses = [post(server, n).status_code for n, server in enumerate((first, second, first, second))]
    assert statuses == [201, 200, 200, 200]
    assert_problem(post(first, 5), 429, "RATE_LIMITED", "Too Many Requests", "rate-limit/too-many-requests")

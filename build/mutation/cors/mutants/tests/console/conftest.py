"""A running appliance with a project, integrations, tokens and one console admin."""
import httpx
import pytest

from tests.conftest import ServerProcess, provision
from tests.console.helpers import ConsoleClient, create_admin


@pytest.fixture(scope="module")
def console_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("console") / "data"
    project, token, integrations = provision(data_dir)
    create_admin(data_dir)
    server = ServerProcess(data_dir).start()
    server.project, server.token, server.integrations = project, token, integrations
    yield server
    server.stop()


@pytest.fixture
def admin(console_server):
    client = ConsoleClient(console_server.base_url)
    assert client.login().status_code == 303
    yield client
    client.close()


@pytest.fixture
def anonymous(console_server):
    client = ConsoleClient(console_server.base_url)
    yield client
    client.close()


@pytest.fixture
def api(console_server):
    with httpx.Client(base_url=console_server.base_url, timeout=10,
                      headers={"Authorization": f"Bearer {console_server.token}"}) as client:
        yield client

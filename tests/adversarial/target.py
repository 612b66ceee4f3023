"""The appliance the adversarial suite attacks: a server with a project, its integrations, a server
token and a client token for the form on ``ORIGIN``."""
from tests.conftest import ServerProcess, provision, run_cli
from tests.wire import ingest_url

ORIGIN = "https://site.example"
FORM = "/api/v1/external/client/form"


class Target:
    def __init__(self, data_dir, env):
        self.project, self.token, self.integrations = provision(data_dir)
        self.client_token = run_cli(data_dir, "client-token", "create", "--project", self.project["id"],
                                    "--name", "site", "--origin", ORIGIN, "--json")["token"]
        self.server = ServerProcess(data_dir, env=env).start()
        self.port = self.server.port
        self.ingest = ingest_url(self.integrations["webhook"]["id"])

    def form_headers(self) -> dict:
        return {"x-client-token": self.client_token, "Origin": ORIGIN, "Content-Type": "application/json"}

    def server_headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}

"""A running appliance with the client tokens the form tests post with, and what they read back."""
import itertools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import ServerProcess, run_cli

FORM = "/api/v1/external/client/form"
SITE = "https://acme.example"
_emails = itertools.count(1)


def new_email() -> str:
    return f"visitor{next(_emails)}@example.com"


_phones = itertools.count(1)


def new_phone() -> str:
    return f"+44 20 7946 1{next(_phones):03d}"


@dataclass
class FormSite:
    server: ServerProcess
    project: dict
    tokens: dict
    client: httpx.Client

    def post(self, token: str | None = "main", origin: str | None = SITE, headers: dict | None = None, **kwargs):
        sent = {**({"x-client-token": self.tokens[token]["token"]} if token else {}),
                **({"Origin": origin} if origin else {}), **(headers or {})}
        return self.client.post(FORM, headers=sent, **kwargs)

    def preflight(self, origin: str | None):
        headers = {"Access-Control-Request-Method": "POST",
                   "Access-Control-Request-Headers": "content-type,x-client-token"}
        return self.client.options(FORM, headers={**headers, **({"Origin": origin} if origin else {})})

    def query(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(f"file:{self.server.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
            return connection.execute(sql, params).fetchall()

    def cli(self, *args):
        return run_cli(self.server.data_dir, *args)


def create_token(data_dir: Path, project_id: str, name: str, *args: str) -> dict:
    return run_cli(data_dir, "client-token", "create", "--project", project_id, "--name", name, *args, "--json")


def start_site(data_dir: Path, env: dict) -> FormSite:
    project = run_cli(data_dir, "project", "create", "Acme", "--region", "GB", "--json")
    origins = ("--origin", SITE, "--origin", "https://*.shop.example", "--origin", "http://localhost:8080")
    tokens = {name: create_token(data_dir, project["id"], name, *origins) for name in ("main", "spam", "limited")}
    tokens["email"] = create_token(data_dir, project["id"], "email", "--origin", SITE, "--require", "email,name")
    tokens["strict"] = create_token(data_dir, project["id"], "strict", "--origin", SITE)
    tokens["revoked"] = create_token(data_dir, project["id"], "revoked", "--origin", SITE)
    run_cli(data_dir, "client-token", "configure", tokens["strict"]["id"], "--refuse-no-origin", "--json")
    run_cli(data_dir, "client-token", "configure", tokens["limited"]["id"], "--rate-limit", "3/minute", "--json")
    run_cli(data_dir, "client-token", "revoke", tokens["revoked"]["id"], "--json")
    server = ServerProcess(data_dir, env=env).start()
    return FormSite(server, project, tokens, httpx.Client(base_url=server.base_url, timeout=10))


def person(site: FormSite, person_id: str) -> dict | None:
    rows = site.query("SELECT id, name, email, phone, company, attributes FROM person WHERE id = ?", person_id)
    return dict(zip(("id", "name", "email", "phone", "company", "attributes"), rows[0])) if rows else None

"""Shared fixtures: a real appliance process on a temp data dir, the CLI, Debian's Chromium and a
throwaway PostgreSQL database."""
import contextlib
import importlib.util
import io
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from svit_appliance.cli import main as cli_main
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
POSTGRES = "postgresql://postgres@127.0.0.1:5432"  # trust auth on this kind of machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(data_dir: Path, *args: str) -> dict | list | str:
    """Run ``svit ARGS --data-dir DIR`` in-process; JSON output is decoded."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli_main([*args, "--data-dir", str(data_dir)])
    assert code == 0, f"svit {' '.join(args)} exited {code}"
    text = out.getvalue()
    return json.loads(text) if "--json" in args else text


@dataclass
class ServerProcess:
    data_dir: Path
    port: int = field(default_factory=free_port)
    env: dict = field(default_factory=dict)
    extra_args: tuple = ()
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    command: tuple = (sys.executable, "-m", "svit_appliance")  # or the frozen binary
    tls_ca: str | None = None  # a CA file: the server speaks HTTPS with a certificate it signed

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls_ca else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> "ServerProcess":
        self.launch()
        try:
            self.wait_until_healthy(timeout)
        except BaseException:  # a server that did not come up is not left running
            self.kill()
            raise
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def launch(self) -> subprocess.Popen:
        self.log_path = self.data_dir.parent / f"server-{self.port}.log"
        env = {**os.environ, "SVIT_LOG_LEVEL": "INFO", **self.env}
        self.process = subprocess.Popen(
            [*self.command, "serve", "--data-dir", str(self.data_dir), "--port", str(self.port), *self.extra_args],
            stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT, env=env)
        return self.process

    def wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                verify = ssl.create_default_context(cafile=self.tls_ca) if self.tls_ca else True
                if httpx.get(self.base_url + "/healthz", timeout=1, verify=verify).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server not healthy after {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


@dataclass
class Appliance:
    """A running server plus the objects made for it with the CLI."""

    server: ServerProcess
    project: dict
    token: str
    integrations: dict
    client: httpx.Client

    @property
    def data_dir(self) -> Path:
        return self.server.data_dir

    def auth(self, token: str | None = None) -> dict:
        return {"Authorization": f"Bearer {token or self.token}"}

    def cli(self, *args: str):
        return run_cli(self.data_dir, *args)


def provision(data_dir: Path) -> tuple[dict, str, dict]:
    project = run_cli(data_dir, "project", "create", "Acme", "--json")
    token = run_cli(data_dir, "token", "create", "--project", project["id"], "--name", "ci", "--json")["token"]
    integrations = {}
    for key, type_name in (("webhook", "WEBHOOK"), ("other", "OTHER"), ("disabled", "WEBHOOK")):
        integrations[key] = run_cli(data_dir, "integration", "create", "--project", project["id"],
                                    "--type", type_name, "--name", key, "--json")
    run_cli(data_dir, "integration", "disable", integrations["disabled"]["id"], "--json")
    return project, token, integrations


@pytest.fixture
def receiver():
    """A real HTTP receiver on 127.0.0.1 for outbound deliveries (tests/destinations/receiver.py)."""
    from tests.destinations.receiver import Receiver

    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def appliance(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("appliance") / "data"
    project, token, integrations = provision(data_dir)
    server = ServerProcess(data_dir).start()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield Appliance(server, project, token, integrations, client)
    server.stop()


def require(available: bool, reason: str) -> None:
    """Skip when a suite's external need is missing, except under CI=true where that is a failure."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run everything, but: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright; tests open their own contexts and pages on it.

    One per module, not per session: a running sync Playwright keeps its asyncio loop marked as
    running on the main thread, and every later test that calls ``asyncio.run`` would fail.
    """
    executable = shutil.which("chromium")
    require(executable is not None, "Debian's chromium is not installed (apt-get install chromium)")
    require(importlib.util.find_spec("playwright") is not None,
            "playwright is not installed (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _postgres_admin():
    """A connection to the local PostgreSQL's maintenance database, or None when there is none."""
    try:
        import psycopg2

        connection = psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=2)
    except Exception:  # no driver, no server or no access: no usable PostgreSQL here
        return None
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new, uniquely named database on the local PostgreSQL: yields its URL, then drops it
    ``WITH (FORCE)`` (connections left open included). Skips when PostgreSQL is not reachable.

    The ``postgres_url`` and ``pg_db`` fixtures use it; call it directly only for a wider scope.
    """
    admin = _postgres_admin()
    require(admin is not None, "PostgreSQL is not reachable on 127.0.0.1:5432 as user postgres")
    name = f"svit_test_{uuid.uuid4().hex[:12]}"
    try:
        admin.cursor().execute(f"CREATE DATABASE {name}")
        yield f"{POSTGRES}/{name}"
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture
def postgres_url():
    """The URL of an empty throwaway PostgreSQL database, for servers and CLIs a test starts."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(scope="module")
def pg_db():
    """The appliance's database, migrated and bound in-process, on a throwaway PostgreSQL database
    shared by the module's tests."""
    with throwaway_postgres() as url:
        db = open_database(Settings.load({}, database_url=url))
        yield db
        close_database()
        db.close()


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test is a failure: CI has every browser and service installed."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI", "").lower() == "true" and skipped:
        print(f"\nCI=true: {len(skipped)} skipped test(s) count as failures")
        session.exitstatus = 1

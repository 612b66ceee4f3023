"""Driving the console over HTTP like a browser does: cookies, the form's CSRF token, Origin; and
waiting for the worker of a console test's server."""
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def create_admin(data_dir: Path, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    result = subprocess.run([sys.executable, "-m", "svit_appliance", "admin", "create", "--email", email,
                             "--data-dir", str(data_dir)], input=password + "\n", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class ConsoleClient:
    """An httpx client that signs in and posts forms with the page's CSRF token."""

    def __init__(self, base_url: str, address: str | None = None):
        """``address``: connect from this loopback address (127.0.0.2 ...), as if another client."""
        self.base_url = base_url
        transport = httpx.HTTPTransport(local_address=address) if address else None
        self.http = httpx.Client(base_url=base_url, timeout=15, follow_redirects=False, transport=transport)

    def close(self):
        self.http.close()

    def csrf(self, path: str) -> str:
        page = self.http.get(path)
        match = _CSRF.search(page.text)
        assert match, f"no CSRF token on {path} ({page.status_code})"
        return match.group(1)

    def post(self, path: str, data: dict | None = None, form_page: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf(form_page or "/console/"))
        headers = {"Origin": self.base_url, **kwargs.pop("headers", {})}
        return self.http.post(path, data=data, headers=headers, **kwargs)

    def login(self, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
        return self.post("/console/login", {"email": email, "password": password}, form_page="/console/login")


def job_when_done(server, job_id: str, after: str | None = None) -> dict:
    """The job's status once the in-process worker has finished it (processed later than ``after``)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = httpx.get(f"{server.base_url}/api/v1/external/data-ingestion/jobs/{job_id}",
                        headers={"Authorization": f"Bearer {server.token}"}).json()
        if job["status"] in ("succeeded", "failed") and (after is None or job["processedAt"] > after):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not finished in 30 s: {job}")

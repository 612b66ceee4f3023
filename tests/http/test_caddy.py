"""A real TLS-terminating proxy in front: Debian's Caddy (`tls internal`, `reverse_proxy`) serves
the appliance on https://localhost and a site page on another HTTPS origin; svit trusts only
Caddy's forwarded headers (SVIT_TRUSTED_PROXIES)."""
import os
import re
import shutil
import ssl
import subprocess
import time

import httpx
import pytest

from tests.conftest import ServerProcess, free_port, require
from tests.console.helpers import create_admin
from tests.http.journeys import (
    client_token,
    contact_page,
    form_statuses,
    person_names,
    session_cookie_after_sign_in,
    submit_contact_form,
)

CADDYFILE = """{{
    admin off
    skip_install_trust
    auto_https disable_redirects
    http_port {http_port}
}}
https://localhost:{proxy_port} {{
    tls internal
    reverse_proxy 127.0.0.1:{app_port}
}}
https://localhost:{page_port} {{
    tls internal
    root * {page_dir}
    file_server
}}
"""


def wait_for_caddy(caddy: subprocess.Popen, url: str, root_ca, log_path) -> ssl.SSLContext:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if caddy.poll() is not None:
            raise RuntimeError(f"caddy exited with {caddy.returncode}:\n{log_path.read_text()}")
        if root_ca.exists():
            verify = ssl.create_default_context(cafile=str(root_ca))
            try:
                if httpx.get(url + "/healthz", verify=verify, timeout=2).status_code == 200:
                    return verify
            except (httpx.HTTPError, ssl.SSLError):
                pass
        time.sleep(0.2)
    raise RuntimeError(f"caddy did not proxy {url} in time:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    require(shutil.which("caddy") is not None, "Debian's caddy is not installed")
    folder = tmp_path_factory.mktemp("caddy")
    data_dir, page_dir = folder / "data", folder / "site"
    page_dir.mkdir()
    proxy_port, page_port = free_port(), free_port()
    proxy_url, page_url = f"https://localhost:{proxy_port}", f"https://localhost:{page_port}"
    appliance = ServerProcess(data_dir, env={"SVIT_TRUSTED_PROXIES": "127.0.0.1, ::1",
                                             "SVIT_FORM_MIN_FILL_SECONDS": "0", "SVIT_FORM_IP_RATE_LIMIT": "2/minute"})
    token = client_token(data_dir, page_url, proxy_url)
    (page_dir / "index.html").write_text(contact_page(token["snippet"]))
    create_admin(data_dir)
    appliance.start()
    caddyfile = folder / "Caddyfile"
    caddyfile.write_text(CADDYFILE.format(http_port=free_port(), proxy_port=proxy_port, page_port=page_port,
                                          app_port=appliance.port, page_dir=page_dir))
    home = folder / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config")}
    log_path = folder / "caddy.log"
    caddy = subprocess.Popen(["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
                             env=env, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
    try:
        root_ca = home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        verify = wait_for_caddy(caddy, proxy_url, root_ca, log_path)
        yield appliance, proxy_url, page_url + "/index.html", token["token"], verify
    finally:
        caddy.terminate()
        caddy.wait(20)
        appliance.stop()


def test_it_takes_a_contact_form_through_caddy_from_another_https_origin(browser, proxied):
    appliance, _, page_url, _, _ = proxied
    submit_contact_form(browser, page_url, "grace.caddy@example.com")
    assert person_names(appliance.data_dir, "grace.caddy@example.com") == ["Grace Hopper"]


def test_it_marks_the_console_session_cookie_secure_behind_caddy(browser, proxied):
    appliance, proxy_url, _, _, _ = proxied
    cookie = session_cookie_after_sign_in(browser, proxy_url)
    assert cookie["secure"] is True and cookie["httpOnly"] is True


def test_it_counts_the_real_client_address_behind_caddy(proxied):
    appliance, proxy_url, _, token, verify = proxied
    assert form_statuses(proxy_url, token, "127.0.0.2", 3, verify) == [201, 201, 429]
    assert form_statuses(proxy_url, token, "127.0.0.3", 1, verify) == [201]
    # claiming to be the exhausted 127.0.0.2 does not work: Caddy replaces the header, svit believes Caddy
    assert form_statuses(proxy_url, token, "127.0.0.4", 1, verify, {"X-Forwarded-For": "127.0.0.2"}) == [201]
    assert re.search(r"POST /api/v1/external/client/form 429 \S+ \S+ 127\.0\.0\.2\b", appliance.log())
    assert re.search(r"POST /api/v1/external/client/form 201 \S+ \S+ 127\.0\.0\.3\b", appliance.log())

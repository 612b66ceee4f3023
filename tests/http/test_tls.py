"""The appliance's own HTTPS (`svit serve --tls-cert --tls-key`), with a test CA from trustme:
served, reloaded on SIGHUP without dropping connections, plain HTTP redirected, and the browser
journeys over it."""
import signal
import socket
import ssl
import subprocess
import sys
import time

import httpx
import pytest
import trustme

from tests.conftest import ServerProcess, free_port
from tests.console.helpers import create_admin
from tests.http.certificates import served_certificate, write_cert
from tests.http.journeys import (
    client_token,
    contact_page,
    form_statuses,
    person_names,
    session_cookie_after_sign_in,
    submit_contact_form,
)
from tests.pages import PAGE_HOST, Page


def https_page(host: str, cert: trustme.LeafCert) -> Page:
    """A static HTTPS page on its own loopback origin (the site that embeds the form)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return Page(host, context)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    ca_path = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    cert_path, key_path = write_cert(ca.issue_cert("127.0.0.1", "localhost"), folder)
    data_dir = folder / "data"
    page = https_page(PAGE_HOST, ca.issue_cert(PAGE_HOST))
    redirect_port = free_port()
    server = ServerProcess(data_dir, tls_ca=str(ca_path), env={"SVIT_FORM_MIN_FILL_SECONDS": "0",
                                                               "SVIT_FORM_IP_RATE_LIMIT": "2/minute"},
                           extra_args=("--tls-cert", cert_path, "--tls-key", key_path,
                                       "--http-redirect-port", str(redirect_port)))
    token = client_token(data_dir, page.url, server.base_url)
    page.html = contact_page(token["snippet"])
    create_admin(data_dir)
    server.start()
    server.ca, server.ca_path, server.folder, server.redirect_port = ca, str(ca_path), folder, redirect_port
    server.page, server.client_token = page, token["token"]
    yield server
    server.stop()
    page.close()


def healthz_on(connection: ssl.SSLSocket) -> bytes:
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b'"ok"' not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def test_it_serves_https_with_the_configured_certificate(tls):
    answer = httpx.get(tls.base_url + "/healthz", verify=ssl.create_default_context(cafile=tls.ca_path))
    assert answer.status_code == 200
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{tls.port}/healthz", timeout=5)
    assert f"svit listening on https://127.0.0.1:{tls.port}" in tls.log()


def test_it_redirects_plain_http_to_https(tls):
    answer = httpx.get(f"http://127.0.0.1:{tls.redirect_port}/console/persons?q=ada", timeout=5)
    assert answer.status_code == 308
    assert answer.headers["location"] == f"https://127.0.0.1:{tls.port}/console/persons?q=ada"
    bad_host = httpx.get(f"http://127.0.0.1:{tls.redirect_port}/", headers={"Host": "bad host"}, timeout=5)
    assert bad_host.status_code == 400


def test_it_reloads_the_certificate_on_sighup_without_dropping_connections(tls):
    before = served_certificate(tls.port)
    context = ssl.create_default_context(cafile=tls.ca_path)
    with socket.create_connection(("127.0.0.1", tls.port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as open_connection:
            assert b"200 OK" in healthz_on(open_connection)
            renewed = trustme.CA()  # a new CA too: the renewed certificate is unmistakably another
            write_cert(renewed.issue_cert("127.0.0.1", "localhost"), tls.folder)
            tls.process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 20
            while served_certificate(tls.port) == before and time.monotonic() < deadline:
                time.sleep(0.1)
            assert served_certificate(tls.port) != before
            assert b"200 OK" in healthz_on(open_connection)  # the connection opened before still works
    renewed.cert_pem.write_to_path(tls.ca_path)
    assert httpx.get(tls.base_url + "/healthz", verify=ssl.create_default_context(cafile=tls.ca_path)).status_code == 200
    assert tls.process.poll() is None


def test_it_keeps_the_old_certificate_when_the_new_files_are_unreadable(tls):
    before = served_certificate(tls.port)
    (tls.folder / "cert.pem").write_text("not a certificate")
    tls.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while "was not reloaded" not in tls.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "the previous one stays in use" in tls.log()
    assert served_certificate(tls.port) == before
    assert tls.process.poll() is None


def test_it_takes_a_contact_form_from_an_https_page_of_another_origin(browser, tls):
    submit_contact_form(browser, tls.page.url, "grace.tls@example.com")
    assert person_names(tls.data_dir, "grace.tls@example.com") == ["Grace Hopper"]


def test_it_marks_the_console_session_cookie_secure(browser, tls):
    cookie = session_cookie_after_sign_in(browser, tls.base_url)
    assert cookie["secure"] is True and cookie["httpOnly"] is True


def test_it_gives_two_client_addresses_separate_budgets(tls):
    verify = ssl.create_default_context(cafile=tls.ca_path)
    assert form_statuses(tls.base_url, tls.client_token, "127.0.0.2", 3, verify) == [201, 201, 429]
    assert form_statuses(tls.base_url, tls.client_token, "127.0.0.3", 1, verify) == [201]


@pytest.mark.parametrize("case", ["missing key file", "redirect port taken", "redirect without https"])
def test_it_refuses_to_start_with_a_clear_message(tls, tmp_path, case):
    cert, key = str(tmp_path.parent / "cert.pem"), str(tmp_path / "nowhere.pem")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        args = {"missing key file": ["--tls-cert", cert, "--tls-key", key],
                "redirect port taken": ["--tls-cert", str(tls.folder / "cert.pem"), "--tls-key",
                                        str(tls.folder / "key.pem"), "--http-redirect-port",
                                        str(taken.getsockname()[1])],
                "redirect without https": ["--http-redirect-port", str(taken.getsockname()[1])]}[case]
        if case == "redirect port taken":
            write_cert(tls.ca.issue_cert("127.0.0.1"), tls.folder)  # a readable certificate again
        result = subprocess.run([sys.executable, "-m", "svit_appliance", "serve", "--data-dir", str(tmp_path / "data"),
                                 "--port", str(free_port()), *args], capture_output=True, text=True, timeout=60)
    expected = {"missing key file": f"cannot load the TLS certificate {cert} with key {key}",
                "redirect port taken": "cannot listen on SVIT_HTTP_REDIRECT_PORT",
                "redirect without https": "SVIT_HTTP_REDIRECT_PORT redirects to HTTPS: set SVIT_TLS_CERT"}[case]
    assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr, result.stderr

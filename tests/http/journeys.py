"""What the HTTPS suites (the appliance's own TLS, and Caddy in front) prove the same way: a page on
another HTTPS origin submits the contact form in Chromium, an admin signs in (cookies Secure),
and two loopback client addresses get separate rate-limit budgets."""
import itertools
import sqlite3

import httpx

from tests.conftest import run_cli
from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD

FORM = "/api/v1/external/client/form"
_PHONES = (f"+1 202 555 02{n:02d}" for n in itertools.count())


def client_token(data_dir, page_origin: str, base_url: str) -> dict:
    project = run_cli(data_dir, "project", "create", "Acme", "--region", "GB", "--json")
    return run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", page_origin,
                   "--base-url", base_url, "--json")


def contact_page(snippet: str) -> str:
    snippet = snippet.replace("<div ", '<div data-success="Thanks, we will call you back." ', 1)
    return f"<!doctype html><html lang=en><head><title>Acme</title></head><body><h1>Contact us</h1>{snippet}</body></html>"


def submit_contact_form(browser, page_url: str, email: str) -> None:
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(page_url)
    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Phone").fill("020 7946 0958")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("status").filter(has_text="Thanks, we will call you back.").wait_for()
    context.close()


def session_cookie_after_sign_in(browser, console_url: str) -> dict:
    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(console_url + "/console/login")
    page.fill("input[name=email]", ADMIN_EMAIL)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(console_url + "/console/")
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    context.close()
    return cookies["svit_session"]


def person_names(data_dir, email: str) -> list[str]:
    with sqlite3.connect(f"file:{data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM person WHERE email = ?", (email,))]


def form_statuses(url: str, token: str, source: str, count: int, verify, headers: dict | None = None) -> list[int]:
    """``count`` form posts from the loopback address ``source``."""
    transport = httpx.HTTPTransport(local_address=source, verify=verify)
    headers = {"x-client-token": token, **(headers or {})}
    with httpx.Client(transport=transport, timeout=15) as client:
        return [client.post(url + FORM, headers=headers, json={"phone": next(_PHONES)}).status_code
                for _ in range(count)]

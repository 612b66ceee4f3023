"""form.js's check mode in real Chromium: with #svit-check in the page URL a panel on the page shows
the checks run from the browser (mixed content, preflight, token); without it, nothing. And the
route's side of it over HTTP: x-svit-check answers after the token and origin checks, storing nothing."""
import sqlite3

import httpx
import pytest

from tests.conftest import ServerProcess, run_cli
from tests.pages import OTHER_HOST, PAGE_HOST, Page

FORM = "/api/v1/external/client/form"


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    data_dir = tmp_path_factory.mktemp("embed-check") / "data"
    project = run_cli(data_dir, "project", "create", "Acme", "--json")
    allowed, other = Page(PAGE_HOST), Page(OTHER_HOST)
    appliance = ServerProcess(data_dir)
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", allowed.url,
                    "--base-url", appliance.base_url, "--json")
    revoked = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", allowed.url,
                      "--base-url", appliance.base_url, "--json")
    run_cli(data_dir, "client-token", "revoke", revoked["id"], "--json")
    allowed.html = other.html = f"<!doctype html><html lang=en><body><h1>Contact</h1>{token['snippet']}</body></html>"
    appliance.start()
    yield browser, appliance, allowed, other, token, revoked
    appliance.stop()
    allowed.close()
    other.close()


def panel_lines(browser, url: str, count: int) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    items = page.locator(".svit-check li")
    items.nth(count - 1).wait_for()
    lines = items.all_inner_texts()
    page.close()
    return lines


def test_it_shows_the_checks_on_an_allowed_page(site):
    browser, appliance, allowed, _, _, _ = site
    assert panel_lines(browser, allowed.url + "/#svit-check", 3) == [
        f"✓ No mixed content: this page is http, the appliance is {appliance.base_url}",
        f"✓ Preflight passed: the appliance answers this page's origin {allowed.url}",
        f"✓ Token active and {allowed.url} allowed for it: the form will post."]


def test_it_says_the_browser_blocked_a_page_no_token_allows(site):
    browser, appliance, _, other, _, _ = site
    lines = panel_lines(browser, other.url + "/#svit-check", 2)
    assert lines[1] == (f"✗ The browser blocked the request: the preflight from {other.url} was refused (no client "
                        f"token allows this origin), or {appliance.base_url} is unreachable.")


def test_it_shows_nothing_without_the_fragment(site):
    browser, _, allowed, _, _, _ = site
    page = browser.new_page()
    page.goto(allowed.url)
    page.get_by_label("Phone").wait_for()
    assert page.locator(".svit-check").count() == 0
    page.close()


def test_it_answers_a_check_after_the_token_and_origin_checks_storing_nothing(site):
    _, appliance, allowed, other, token, revoked = site
    headers = {"x-client-token": token["token"], "Origin": allowed.url, "x-svit-check": "1"}
    answer = httpx.post(appliance.base_url + FORM, headers=headers, json={})
    assert answer.status_code == 200
    assert answer.json() == {"check": True, "tokenActive": True, "origin": allowed.url, "requiredFields": ["phone"]}
    assert answer.headers["access-control-allow-origin"] == allowed.url
    wrong_origin = httpx.post(appliance.base_url + FORM, headers={**headers, "Origin": other.url}, json={})
    assert wrong_origin.json()["code"] == "INVALID_CLIENT_ORIGIN"
    gone = httpx.post(appliance.base_url + FORM, headers={**headers, "x-client-token": revoked["token"]}, json={})
    assert gone.json()["code"] == "INVALID_CLIENT_TOKEN"
    with sqlite3.connect(f"file:{appliance.data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM form_spam)") \
            .fetchone() == (0,)


def test_it_answers_the_check_as_the_openapi_document_says(site):
    from openapi_spec_validator import validate

    from tests.openapi import assert_matches_document

    _, appliance, allowed, _, token, _ = site
    document = httpx.get(appliance.base_url + "/api/openapi.json").json()
    validate(document)
    headers = {"x-client-token": token["token"], "Origin": allowed.url}
    assert_matches_document(document, httpx.post(appliance.base_url + FORM, headers={**headers, "x-svit-check": "1"},
                                                 json={}))

"""The embeddable form in real Chromium: a page on one loopback origin (127.0.0.2) embeds the
script of the appliance on another (127.0.0.1)."""
import sqlite3

import pytest

from svit_appliance.contact_form.embed import embed_snippet
from tests.conftest import ServerProcess, run_cli
from tests.pages import OTHER_HOST, PAGE_HOST, Page


def test_it_escapes_what_goes_into_the_snippet():
    snippet = embed_snippet("https://crm.example/", 'svit_ct_"x', success_message="<b>Thanks</b> & bye",
                            redirect_url="https://acme.example/thanks?a=1&b=2")
    assert 'data-token="svit_ct_&quot;x"' in snippet
    assert 'data-success="&lt;b&gt;Thanks&lt;/b&gt; &amp; bye"' in snippet
    assert 'data-redirect="https://acme.example/thanks?a=1&amp;b=2"' in snippet
    assert snippet.endswith('<script src="https://crm.example/embed/form.js" async></script>')


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    data_dir = tmp_path_factory.mktemp("embed") / "data"
    project = run_cli(data_dir, "project", "create", "Acme", "--region", "GB", "--json")
    allowed, other = Page(PAGE_HOST), Page(OTHER_HOST)
    appliance = ServerProcess(data_dir, env={"SVIT_FORM_MIN_FILL_SECONDS": "0"})
    token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", allowed.url,
                    "--base-url", appliance.base_url, "--json")
    snippet = token["snippet"].replace("<div ", '<div data-success="Thanks, we will call you back." ', 1)
    allowed.html = other.html = (f"<!doctype html><html lang=en><head><title>Acme</title></head>"
                                 f"<body><h1>Contact us</h1>{snippet}</body></html>")
    appliance.start()
    yield appliance, allowed.url, other.url
    appliance.stop()
    allowed.close()
    other.close()


def open_form(browser, url: str):
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    page.get_by_label("Phone").wait_for()
    return page, console


def persons_with_email(data_dir, email: str) -> list[tuple]:
    with sqlite3.connect(f"file:{data_dir / 'svit.db'}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT name, phone FROM person WHERE email = ?", (email,)).fetchall()


def test_it_submits_the_form_from_another_origin_and_creates_the_person(browser, site):
    appliance, page_url, _ = site
    page, _ = open_form(browser, page_url)
    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Phone").fill("020 7946 0958")
    page.get_by_label("Message").fill("Please call me")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("status").filter(has_text="Thanks, we will call you back.").wait_for()
    assert persons_with_email(appliance.data_dir, "grace@example.com") == [("Grace Hopper", "+442079460958")]
    page.close()


def test_it_shows_each_field_error_next_to_its_field(browser, site):
    appliance, page_url, _ = site
    page, _ = open_form(browser, page_url)
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Send").click()
    phone_error = page.locator("#svit-form-1-phone-error")
    phone_error.filter(has_text="Phone is required").wait_for()
    assert page.locator("#svit-form-1-email-error").inner_text() == "Email is not a valid address"
    assert page.get_by_label("Phone").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Email").get_attribute("aria-invalid") == "true"
    assert page.locator("#svit-form-1-name-error").is_hidden()
    assert page.evaluate("document.activeElement.name") == "phone"
    page.close()


def test_it_refuses_a_page_on_an_origin_the_token_does_not_allow(browser, site):
    appliance, _, other_url = site
    page, console = open_form(browser, other_url)
    page.get_by_label("Email").fill("mallory@example.com")
    page.get_by_label("Phone").fill("020 7946 0959")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("status").filter(has_text="could not be sent").wait_for()
    assert any("CORS" in line for line in console), console
    assert "OPTIONS /api/v1/external/client/form 403" in appliance.log()
    assert persons_with_email(appliance.data_dir, "mallory@example.com") == []
    page.close()

"""Every console page in Chromium at desktop and phone width: usable at 390 px without horizontal
scrolling (the page's scroll width equals the viewport), no serious or critical accessibility
violation (axe-core), and a screenshot of each to build/out/screenshots/."""
import contextlib

import pytest

from tests.conftest import run_cli
from tests.console import seed
from tests.console.browsing import SCREENSHOTS
from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.console.seed import storage

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(scope="module")
def pages(console_server):
    """One of each page, with something on it."""
    project_id, webhook = console_server.project["id"], console_server.integrations["webhook"]["id"]
    token = run_cli(console_server.data_dir, "client-token", "create", "--project", project_id, "--name", "site",
                    "--origin", "https://acme.example", "--json")
    with storage(console_server.data_dir):
        person = seed.person(project_id, "Layout Lena", "lena.layout@example.com", "+14155550123",
                             source=f"integration:{webhook}", company="A company with a rather long name Ltd",
                             attributes={"a_long_attribute_name_without_spaces_at_all": "x" * 60})
        job = seed.job(project_id, webhook, {"email": "lena.layout@example.com", "note": "y" * 200}, "failed",
                       error="A long error message " * 10, person_ids=[person.id])
        seed.event(person, "ingested", job.id, {"jobId": job.id, "integrationId": webhook})
    return {
        "dashboard": "/console/", "persons": "/console/persons", "person": f"/console/persons/{person.id}",
        "person-edit": f"/console/persons/{person.id}/edit", "import": "/console/persons/import",
        "integrations": "/console/integrations", "integration-new": "/console/integrations/new",
        "integration": f"/console/integrations/{webhook}", "tokens": "/console/tokens",
        "client-token": f"/console/tokens/client/{token['id']}", "jobs": "/console/jobs",
        "job": f"/console/jobs/{job.id}", "audit": "/console/audit", "projects": "/console/projects",
        "spam": "/console/spam",
        "error-404": "/console/persons/per_missing",
    }


@contextlib.contextmanager
def signed_in(browser, server, layout: str):
    context = browser.new_context(base_url=server.base_url, viewport={"width": WIDTHS[layout], "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/console/login")
    page.fill("input[name=email]", ADMIN_EMAIL)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/")
    page.layout = layout
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module", params=list(WIDTHS))
def tab(request, browser, console_server):
    with signed_in(browser, console_server, request.param) as page:
        yield page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"layout-{name}-{page.layout}.png"), full_page=True)


PAGE_NAMES = ["dashboard", "persons", "person", "person-edit", "import", "integrations", "integration-new",
              "integration", "tokens", "client-token", "jobs", "job", "audit", "projects", "spam", "error-404"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_it_fits_the_screen_and_passes_an_accessibility_audit(tab, pages, name):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(pages[name])
    shot(tab, name)
    widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    wide = tab.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
        > window.innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)""")
    assert widths[0] <= widths[1], f"{name} scrolls sideways at {widths[1]} px: {widths[0]} px wide ({wide})"
    results = Axe().run(tab)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name} at {tab.layout}: {bad}"


@pytest.mark.parametrize("layout", list(WIDTHS))
def test_it_fits_and_passes_the_audit_before_sign_in(browser, console_server, layout):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(base_url=console_server.base_url, viewport={"width": WIDTHS[layout], "height": 900})
    page = context.new_page()
    page.layout = layout
    try:
        page.goto("/console/login")
        shot(page, "login")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        results = Axe().run(page)
        assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()


def test_it_imports_a_csv_file_with_a_progress_bar_in_the_browser(browser, console_server, tmp_path):
    with signed_in(browser, console_server, "desktop") as tab:
        import_journey(tab, tmp_path)


def import_journey(tab, tmp_path):
    rows = "".join(f"Browser{n},Import,browser.import{n}@example.com\n" for n in range(3000))
    path = tmp_path / "browser-leads.csv"
    path.write_text("Vorname,Nachname,E-Mail-Adresse\n" + rows + ",,broken-email\n", encoding="utf-8")
    tab.goto("/console/persons")
    tab.click("text=Import CSV")
    tab.set_input_files("input[type=file]", str(path))
    tab.click("text=Upload and check the columns")
    assert tab.input_value("select[name=column_0]") == "first_name"
    assert tab.input_value("select[name=column_1]") == "last_name"
    assert tab.input_value("select[name=column_2]") == "email"
    shot(tab, "import-confirm")
    tab.click("button:has-text('Import')")
    tab.wait_for_selector("progress#import-progress")
    tab.wait_for_selector("#import-report", timeout=120_000)
    shot(tab, "import-report")
    assert tab.get_attribute("progress#import-progress", "value") == "100"
    report = tab.inner_text("#import-report")
    assert "3001" in report and "3000 new persons" in report
    assert "email 'broken-email': Email is not a valid address" in tab.inner_text("#refusals")
    with tab.expect_download() as download:
        tab.click("text=Download the refused rows (CSV)")
    saved = tmp_path / "refused.csv"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").splitlines()[1].startswith("3002,email 'broken-email'")


def test_it_never_breaks_words_inside_the_audit_log(tab, pages):
    tab.goto(pages["audit"])
    styles = tab.evaluate("""() => [...document.querySelectorAll('#audit td, #audit code')].map(e => {
        const style = getComputedStyle(e); return style.overflowWrap + ' ' + style.wordBreak; })""")
    assert styles and all(style in ("break-word normal",) for style in styles), set(styles)

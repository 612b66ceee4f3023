"""Driving the console in Chromium (the ``browser`` fixture of tests/conftest.py): signing in, and
screenshots of what the tests saw into build/out/screenshots/."""
from pathlib import Path

from tests.console.helpers import ADMIN_EMAIL, ADMIN_PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "out" / "screenshots"


def sign_in(page, email=ADMIN_EMAIL, password=ADMIN_PASSWORD):
    if "/console/login" not in page.url:
        page.goto("/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

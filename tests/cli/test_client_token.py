"""`svit client-token configure|snippet` and `svit spam list` as site owners call them."""
import subprocess
import sys

import pytest

from tests.conftest import run_cli


def svit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args], capture_output=True, text=True)


@pytest.fixture
def token(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    return run_cli(tmp_path, "client-token", "create", "--project", project["id"], "--origin", "https://acme.example",
                   "--base-url", "https://crm.acme.example/", "--json")


def test_it_prints_the_snippet_with_the_token_at_creation(token):
    assert token["snippet"] == (
        f'<div data-svit-form data-token="{token["token"]}" data-fields="name,email,phone,message" '
        'data-required="phone"></div>\n<script src="https://crm.acme.example/embed/form.js" async></script>')


def test_it_prints_the_snippet_later_with_a_placeholder_and_where_to_find_the_token(tmp_path, token):
    text = run_cli(tmp_path, "client-token", "snippet", token["id"], "--base-url", "https://crm.acme.example")
    assert 'data-token="YOUR_CLIENT_TOKEN"' in text
    assert token["prefix"] in text and token["token"] not in text
    assert '<script src="https://crm.acme.example/embed/form.js" async></script>' in text


def test_it_configures_origins_required_fields_no_origin_posts_and_rate_limit(tmp_path, token):
    view = run_cli(tmp_path, "client-token", "configure", token["id"], "--origin", "https://Shop.Example:443/",
                   "--origin", "https://*.acme.example", "--require", "email,name", "--refuse-no-origin",
                   "--rate-limit", "30/minute", "--json")
    assert view["allowedOrigins"] == ["https://shop.example", "https://*.acme.example"]
    assert view["requiredFields"] == ["email", "name"]
    assert (view["allowNoOrigin"], view["rateLimit"]) == (False, "30/minute")
    view = run_cli(tmp_path, "client-token", "configure", token["id"], "--allow-no-origin", "--rate-limit", "default",
                   "--json")
    assert view["allowedOrigins"] == ["https://shop.example", "https://*.acme.example"]
    assert (view["allowNoOrigin"], view["rateLimit"]) == (True, None)


@pytest.mark.parametrize("args, message", [
    (("--origin", "https://acme.example/contact"), "Origin 'https://acme.example/contact'"),
    (("--origin", "https://*.com"), "a wildcard needs a domain"),
    (("--require", "fax"), "Unknown required field(s) fax"),
    (("--rate-limit", "fast"), "Rate limit 'fast': expected a rate such as 30/minute"),
    (("--rate-limit", "30/min"), "Rate limit '30/min': expected a rate such as 30/minute"),
])
def test_it_explains_bad_configuration(tmp_path, token, args, message):
    result = svit("client-token", "configure", token["id"], *args, "--data-dir", str(tmp_path))
    assert result.returncode == 1 and message in result.stderr


def test_it_refuses_to_configure_an_unknown_token(tmp_path, token):
    result = svit("client-token", "configure", "ctk_missing", "--refuse-no-origin", "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "Client token ctk_missing not found" in result.stderr


def test_it_lists_no_spam_for_a_new_project(tmp_path, token):
    caught = run_cli(tmp_path, "spam", "list", "--project", token["projectId"], "--json")
    assert caught == {"total": 0, "spam": []}
    listed = run_cli(tmp_path, "client-token", "list", "--project", token["projectId"], "--json")
    assert listed[0]["spamCaught"] == 0


def test_it_checks_a_page_url_against_a_client_token(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    token = run_cli(tmp_path, "client-token", "create", "--project", project["id"], "--origin", "https://*.shop.example",
                    "--json")
    check = run_cli(tmp_path, "client-token", "check", token["id"], "--origin", "https://shop.example/contact",
                    "--base-url", "https://crm.example", "--json")
    assert (check["origin"], check["allowed"]) == ("https://shop.example", False)
    assert check["findings"][0]["text"].startswith("https://shop.example is not allowed: https://*.shop.example "
                                                   "covers the subdomains of shop.example")
    assert [f["topic"] for f in check["findings"]] == ["origin", "path", "mixed-content", "token"]
    run_cli(tmp_path, "client-token", "revoke", token["id"], "--json")
    human = run_cli(tmp_path, "client-token", "check", token["id"], "--origin", "https://eu.shop.example",
                    "--base-url", "http://crm.example:8000")
    assert human.splitlines() == [
        "refused: https://eu.shop.example",
        "  ok  https://eu.shop.example is allowed by the subdomain wildcard https://*.shop.example",
        "  NO  the page is https and the appliance is http://crm.example:8000 (http): browsers block the post as mixed "
        "content; serve the appliance over https",
        "  NO  the client token is revoked: create a new one and update the snippet"]

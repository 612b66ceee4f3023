"""The origin checker on a client token's page: type a page URL, read what will happen and why."""
import html

from tests.conftest import run_cli


def test_it_explains_on_the_token_page_why_a_page_would_be_refused(admin, console_server):
    token = run_cli(console_server.data_dir, "client-token", "create", "--project", console_server.project["id"],
                    "--origin", "https://shop.example", "--json")
    page = admin.http.get(f"/console/tokens/client/{token['id']}", params={"check": "http://shop.example/contact"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Refused: the form on http://shop.example/contact will not post." in text
    assert ("✗ http://shop.example is not allowed: the scheme differs: https://shop.example is listed, the page is "
            "http:// (browsers send http://shop.example)") in text
    assert "✓ the path /contact does not matter: browsers send only the origin http://shop.example" in text
    allowed = html.unescape(admin.http.get(f"/console/tokens/client/{token['id']}",
                                           params={"check": "https://shop.example"}).text)
    assert "Allowed: the form on https://shop.example will post." in allowed


def test_it_shows_no_check_until_a_page_is_typed(admin, console_server):
    token = run_cli(console_server.data_dir, "client-token", "create", "--project", console_server.project["id"],
                    "--origin", "https://shop.example", "--json")
    page = admin.http.get(f"/console/tokens/client/{token['id']}").text
    assert 'name="check"' in page and "origin-check-result" not in page

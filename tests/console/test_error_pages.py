"""Console routes answer browsers with HTML error pages in the console's style (status, a sentence,
the request id); API clients, and API routes, keep problem+json. `GET /` leads to the console; a
favicon is served."""
import httpx
import pytest

from tests.wire import assert_problem

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_it_shows_a_browser_an_html_404_with_the_request_id(admin):
    response = admin.http.get("/console/persons/per_nobody", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page not found" in response.text and "Person per_nobody not found" in response.text
    assert f'<code id="request-id">{response.headers["x-request-id"]}</code>' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_it_shows_an_unknown_console_route_as_a_page_too(admin):
    response = admin.http.get("/console/no/such/page", headers=BROWSER)
    assert (response.status_code, response.headers["content-type"].split(";")[0]) == (404, "text/html")
    assert "No route for GET /console/no/such/page" in response.text


def test_it_shows_a_refused_form_as_a_page(admin):
    response = admin.http.post("/console/persons/import", data={"csrf_token": "forged"}, files={"file": ("a.csv", b"x")},
                               headers={**BROWSER, "Origin": admin.base_url})
    assert response.status_code == 400
    assert "could not be verified" in response.text and "<h1>That did not work</h1>" in response.text


def test_it_keeps_problem_json_for_other_clients_of_console_routes(admin):
    response = admin.http.get("/console/persons/per_nobody", headers={"Accept": "application/json"})
    assert_problem(response, 404, "NOT_FOUND", "Not Found", "not-found/route", "Person per_nobody not found")


@pytest.mark.parametrize("path", ["/api/v1/external/nope", "/api/v1/external/ping"])
def test_it_keeps_problem_json_on_api_routes_even_for_browsers(console_server, path):
    response = httpx.get(console_server.base_url + path, headers=BROWSER)
    assert response.headers["content-type"] == "application/problem+json"


def test_it_sends_the_root_to_the_console(console_server):
    response = httpx.get(console_server.base_url + "/", headers=BROWSER)
    assert (response.status_code, response.headers["location"]) == (302, "/console/")


def test_it_serves_a_favicon(console_server):
    response = httpx.get(console_server.base_url + "/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.text.startswith("<svg")

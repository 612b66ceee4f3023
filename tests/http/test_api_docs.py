"""/api/docs: the interactive API reference, rendered by Redoc from files shipped with svit,
without signing in and without reaching any other host."""


def test_it_serves_the_reference_page_and_its_script_without_sign_in(appliance):
    page = appliance.client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<redoc spec-url="/api/openapi.json"' in page.text
    assert "script-src 'self' blob:" in page.headers["content-security-policy"]
    script = appliance.client.get("/api/docs/redoc.standalone.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert len(script.content) > 500_000


def test_it_renders_the_reference_offline_in_a_browser(browser, appliance):
    outside = []
    with browser.new_context() as context:
        tab = context.new_page()
        tab.on("request", lambda request: outside.append(request.url)
               if not request.url.startswith((appliance.server.base_url, "data:", "blob:")) else None)
        tab.goto(appliance.server.base_url + "/api/docs")
        tab.wait_for_selector("h1:has-text('svit external API')", timeout=20_000)
        assert tab.locator("text=External data ingestion").count() > 0
    assert outside == [], f"the reference reached other hosts: {outside}"

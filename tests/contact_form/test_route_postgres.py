"""The contact form on PostgreSQL: created, merged, a double click, spam and required fields."""
import httpx
import pytest

from tests.conftest import ServerProcess, run_cli, throwaway_postgres

ORIGIN = "https://acme.example"


@pytest.fixture(scope="module")
def pg_site(tmp_path_factory):
    with throwaway_postgres() as url, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SVIT_DATABASE_URL", url)
        data_dir = tmp_path_factory.mktemp("form-pg") / "data"
        project = run_cli(data_dir, "project", "create", "Acme", "--region", "GB", "--json")
        token = run_cli(data_dir, "client-token", "create", "--project", project["id"], "--origin", ORIGIN, "--json")
        server = ServerProcess(data_dir, env={"SVIT_DATABASE_URL": url, "SVIT_FORM_IP_RATE_LIMIT": "off"}).start()
        try:
            with httpx.Client(base_url=server.base_url, timeout=10,
                              headers={"x-client-token": token["token"], "Origin": ORIGIN}) as client:
                yield client, data_dir, project
        finally:
            server.stop()


def test_it_creates_merges_and_recognises_a_double_click_on_postgres(pg_site):
    client, _, _ = pg_site
    body = {"name": "Ada", "email": "ada@example.com", "phone": "020 7946 0958", "message": "Hi"}
    first = client.post("/api/v1/external/client/form", json=body)
    again = client.post("/api/v1/external/client/form", json=body)
    merged = client.post("/api/v1/external/client/form", json={"phone": "+442079460958", "company": "Engines"})
    assert (first.status_code, again.status_code, merged.status_code) == (201, 200, 200)
    assert first.json()["personId"] == again.json()["personId"] == merged.json()["personId"]


def test_it_stores_spam_apart_and_validates_on_postgres(pg_site):
    client, data_dir, project = pg_site
    spam = client.post("/api/v1/external/client/form", json={"phone": "+442079460959", "_svit_hp": "x"})
    assert spam.status_code == 201
    invalid = client.post("/api/v1/external/client/form", json={"email": "bad"})
    assert [e["field"] for e in invalid.json()["errors"]] == ["phone", "email"]
    caught = run_cli(data_dir, "spam", "list", "--project", project["id"], "--json")
    assert caught["total"] == 1 and caught["spam"][0]["reason"] == "honeypot"


def test_it_answers_a_repeated_spam_post_like_a_real_one_and_releases_it_on_postgres(pg_site):
    client, data_dir, project = pg_site
    fields = {"name": "Pg Caught", "phone": "+442079460961", "_svit_hp": "x"}
    first = client.post("/api/v1/external/client/form", json=fields)
    again = client.post("/api/v1/external/client/form", json={**fields, "message": "again"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["personId"] == again.json()["personId"]
    inbox = run_cli(data_dir, "spam", "list", "--project", project["id"], "--json")["spam"]
    spam_id = next(s["id"] for s in inbox if s["fields"].get("name") == "Pg Caught" and "message" not in s["fields"])
    released = run_cli(data_dir, "spam", "release", spam_id, "--json")
    assert released["created"] is True
    shown = run_cli(data_dir, "persons", "show", released["personId"], "--json")
    assert (shown["name"], shown["phone"]) == ("Pg Caught", "+442079460961")

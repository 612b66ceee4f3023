"""``POST /client/form`` and its preflight against the real server: the contract's statuses, the
CORS matrix, spam, rate limits and what is stored."""
import re
import sqlite3
import time

import pytest

from svit_appliance.contact_form.spam import make_stamp, stamp_age
from tests.contact_form.form_site import SITE, FormSite, new_email, new_phone, person, start_site
from tests.wire import assert_problem

# so long that a stamp fetched by the test itself is always too fresh, whatever the machine's speed
MIN_FILL_SECONDS = 3600


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("form") / "data"
    form_site = start_site(data_dir, {"SVIT_FORM_IP_RATE_LIMIT": "off", "SVIT_FORM_MIN_FILL_SECONDS": str(MIN_FILL_SECONDS)})
    yield form_site
    form_site.client.close()
    form_site.server.stop()


def form_events(site: FormSite, person_id: str) -> list[str]:
    return [row[0] for row in site.query("SELECT data FROM person_event WHERE person_id = ? AND kind = "
                                         "'form_submitted' ORDER BY id", person_id)]


def test_it_creates_a_person_with_201_then_merges_with_200(site):
    email = new_email()
    created = site.post(json={"name": "Ada", "email": email, "phone": "020 7946 0958", "message": "Hello"})
    assert created.status_code == 201, created.text
    assert created.json()["message"] and created.json()["personId"].startswith("per_")
    by_email = site.post(json={"name": "Ada Lovelace", "email": email.upper(), "phone": "020 7946 0958",
                               "company": "Engines"})
    assert by_email.status_code == 200
    by_phone = site.post(json={"phone": "+44 20 7946 0958", "message": "Again"})
    assert by_phone.status_code == 200
    assert created.json()["personId"] == by_email.json()["personId"] == by_phone.json()["personId"]
    stored = person(site, created.json()["personId"])
    assert (stored["name"], stored["email"], stored["phone"], stored["company"]) == (
        "Ada Lovelace", email, "+442079460958", "Engines")
    assert len(form_events(site, stored["id"])) == 3


CONTRACT_CASES = [
    # (name, token, origin, request kwargs, status, code, detail)
    ("missing token", None, SITE, {"json": {"phone": "+442079460958"}}, 401, "INVALID_CLIENT_TOKEN",
     "The provided client token is invalid"),
    ("unknown token", "unknown", SITE, {"json": {"phone": "+442079460958"}}, 401, "INVALID_CLIENT_TOKEN",
     "The provided client token is invalid"),
    ("revoked token", "revoked", SITE, {"json": {"phone": "+442079460958"}}, 401, "INVALID_CLIENT_TOKEN",
     "The provided client token is invalid"),
    ("other origin", "main", "https://example.com", {"json": {"phone": "+442079460958"}}, 403,
     "INVALID_CLIENT_ORIGIN", "Origin 'https://example.com' is not allowed for this token"),
    ("missing phone", "main", SITE, {"json": {"name": "Ada"}}, 400, "INVALID_REQUEST", "Phone is required"),
    ("not JSON", "main", SITE, {"content": b"{", "headers": {"Content-Type": "application/json"}}, 400,
     "INVALID_REQUEST", None),
    ("array body", "main", SITE, {"json": [{"phone": "+442079460958"}]}, 400, "INVALID_REQUEST",
     'The form body must be a JSON object of fields, e.g. {"phone": "..."}'),
    ("CSV body", "main", SITE, {"content": b"a,b", "headers": {"Content-Type": "text/csv"}}, 415,
     "UNSUPPORTED_MEDIA_TYPE", None),
    ("huge body", "main", SITE, {"content": b'{"m": "' + b"x" * 1_100_000 + b'"}',
                                 "headers": {"Content-Type": "application/json"}}, 413, "PAYLOAD_TOO_LARGE", None),
]
TITLES = {"INVALID_CLIENT_TOKEN": ("Invalid Client Token", "external-client/invalid-token"),
          "INVALID_CLIENT_ORIGIN": ("Origin Not Allowed", "external-client/invalid-origin"),
          "INVALID_REQUEST": ("Validation Failed", "validation/invalid-request"),
          "UNSUPPORTED_MEDIA_TYPE": ("Unsupported Media Type", "validation/unsupported-media-type"),
          "PAYLOAD_TOO_LARGE": ("Payload Too Large", "validation/payload-too-large")}


@pytest.mark.parametrize("name, token, origin, kwargs, status, code, detail", CONTRACT_CASES,
                         ids=[case[0] for case in CONTRACT_CASES])
def test_it_answers_the_contracts_errors(site, name, token, origin, kwargs, status, code, detail):
    headers = kwargs.pop("headers", {})
    if token == "unknown":
        headers["x-client-token"] = "svit_ct_" + "x" * 32
        token = None
    response = site.post(token, origin, headers=headers, **kwargs)
    assert_problem(response, status, code, *TITLES[code], detail)


def test_it_lists_one_error_per_bad_field(site):
    response = site.post(json={"name": "x" * 201, "email": "not-an-email", "phone": "12"})
    body = assert_problem(response, 400, "INVALID_REQUEST", "Validation Failed", "validation/invalid-request")
    assert sorted((e["field"], e["message"]) for e in body["errors"]) == [
        ("email", "Email is not a valid address"), ("name", "Name must be at most 200 characters"),
        ("phone", "Phone is not a valid phone number")]
    missing = site.post(json={"name": "Ada"}).json()
    assert missing["errors"] == [{"field": "phone", "message": "Phone is required"}]


def test_it_refuses_too_many_extra_fields_as_a_whole(site):
    response = site.post(json={"phone": "+442079460958", **{f"extra{n}": n for n in range(51)}})
    body = assert_problem(response, 400, "INVALID_REQUEST", "Validation Failed", "validation/invalid-request",
                          "A submission may carry at most 50 extra fields, this one has 51")
    assert "errors" not in body


def test_it_uses_the_required_fields_of_the_token(site):
    response = site.post("email", json={"phone": "+442079460958"})
    assert sorted(e["field"] for e in response.json()["errors"]) == ["email", "name"]
    assert site.post("email", json={"name": "Grace", "email": new_email()}).status_code == 201


def test_it_accepts_form_encoded_bodies(site):
    email = new_email()
    response = site.post(data={"name": "Form Poster", "email": email, "phone": "+44 20 7946 0001",
                               "interest": "pricing"})
    assert response.status_code == 201, response.text
    stored = person(site, response.json()["personId"])
    assert stored["email"] == email and '"interest":"pricing"' in stored["attributes"]


def test_it_keeps_unknown_keys_as_attributes_and_the_context_on_the_timeline(site):
    response = site.post(headers={"Referer": "https://acme.example/contact"}, json={
        "name": "Ctx", "email": new_email(), "phone": "+44 20 7946 0002", "message": "Quote please",
        "plan": "pro", "seats": 5, "pageUrl": "https://acme.example/pricing?utm_source=ads&utm_campaign=spring",
        "referrer": "https://search.example/", "utm_medium": "cpc", "consent": True})
    assert response.status_code == 201
    stored = person(site, response.json()["personId"])
    assert stored["attributes"] == '{"plan":"pro","seats":5}'
    [event] = form_events(site, stored["id"])
    for fragment in ('"message":"Quote please"', '"pageUrl":"https://acme.example/pricing?utm_source=ads',
                     '"referrer":"https://search.example/"', '"utm_source":"ads"', '"utm_campaign":"spring"',
                     '"utm_medium":"cpc"', '"consent":true'):
        assert fragment in event


def test_it_returns_the_same_person_for_a_double_click_without_a_second_entry(site):
    body = {"name": "Twice", "email": new_email(), "phone": "+44 20 7946 0003", "message": "Hi"}
    first, second = site.post(json=body), site.post(json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["personId"] == second.json()["personId"]
    assert len(form_events(site, first.json()["personId"])) == 1
    assert site.post(json={**body, "message": "Something else"}).status_code == 200
    assert len(form_events(site, first.json()["personId"])) == 2


CORS_MATRIX = [
    ("https://acme.example", True),
    ("https://other.example", False),
    ("https://www.acme.example", False),
    ("https://www.shop.example", True),
    ("https://shop.example", False),
    ("http://acme.example", False),
    ("https://acme.example:8443", False),
    ("http://localhost:8080", True),
    ("http://localhost:8081", False),
    ("null", False),
]


@pytest.mark.parametrize("origin, allowed", CORS_MATRIX)
def test_it_answers_preflights_by_the_allow_list(site, origin, allowed):
    response = site.preflight(origin)
    assert response.headers["vary"] == "Origin"
    if allowed:
        assert response.status_code == 204
        assert response.headers["access-control-allow-origin"] == origin
        assert response.headers["access-control-allow-methods"] == "POST, OPTIONS"
        assert {"content-type", "x-client-token"} <= set(
            h.strip() for h in response.headers["access-control-allow-headers"].split(","))
    else:
        assert_problem(response, 403, "INVALID_CLIENT_ORIGIN", "Origin Not Allowed", "external-client/invalid-origin")
        assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("origin, allowed", CORS_MATRIX)
def test_it_answers_posts_by_the_allow_list(site, origin, allowed):
    response = site.post(origin=origin, json={"email": new_email(), "phone": "+44 20 7946 0004"})
    assert response.headers["vary"] == "Origin"
    if allowed:
        assert response.status_code in (200, 201), response.text
        assert response.headers["access-control-allow-origin"] == origin
    else:
        body = assert_problem(response, 403, "INVALID_CLIENT_ORIGIN", "Origin Not Allowed",
                              "external-client/invalid-origin")
        assert "access-control-allow-origin" not in response.headers
        expected = "browsers send it" if origin == "null" else f"Origin '{origin}' is not allowed for this token"
        assert expected in body["detail"]


def test_it_answers_a_preflight_without_origin_as_plain_options(site):
    response = site.preflight(None)
    assert response.status_code == 204
    assert response.headers["allow"] == "POST, OPTIONS"
    assert "access-control-allow-origin" not in response.headers


def test_it_accepts_posts_without_origin_unless_the_token_refuses_them(site):
    body = {"email": new_email(), "phone": "+44 20 7946 0005"}
    assert site.post(origin=None, json=body).status_code == 201
    refused = site.post("strict", origin=None, json=body)
    assert_problem(refused, 403, "INVALID_CLIENT_ORIGIN", "Origin Not Allowed", "external-client/invalid-origin",
                   "Requests without an Origin header are not allowed for this token: "
                   "send the form from a web page on an allowed origin")
    assert site.post("strict", json=body).status_code == 200


def test_it_sends_the_allow_origin_header_with_errors_to_allowed_origins(site):
    response = site.post(origin="https://www.shop.example", json={"name": "No phone"})
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "https://www.shop.example"


def test_it_limits_posts_per_token_with_429_and_retry_after(site):
    answers = [site.post("limited", json={"email": new_email(), "phone": "+44 20 7946 0006"}) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [201, 200, 200]
    limited = answers[3]
    assert_problem(limited, 429, "RATE_LIMITED", "Too Many Requests", "rate-limit/too-many-requests")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["access-control-allow-origin"] == SITE
    assert site.post("main", json={"email": new_email(), "phone": "+44 20 7946 0006"}).status_code == 200


def embed_stamp(site: FormSite) -> str:
    script = site.client.get("/embed/form.js")
    return re.search(r'var STAMP = "([^"]+)"', script.text).group(1)


def stamp_key(site: FormSite) -> bytes:
    return bytes.fromhex(site.query("SELECT value FROM appliance_secret WHERE name = 'form_stamp_key'")[0][0])


def spam_count(site: FormSite, token: str) -> int:
    views = site.cli("client-token", "list", "--project", site.project["id"], "--json")
    return next(v["spamCaught"] for v in views if v["id"] == site.tokens[token]["id"])


@pytest.mark.parametrize("control, reason", [
    ({"_svit_hp": "https://cheap-pills.example"}, "honeypot"),
    ({"_svit_ts": "fresh"}, "too_fast"),
    ({"_svit_ts": "1700000000000.0123456789abcdef0123456789abcdef"}, "forged_stamp"),
])
def test_it_answers_spam_like_success_and_stores_it_apart(site, control, reason):
    if control.get("_svit_ts") == "fresh":
        control = {"_svit_ts": embed_stamp(site)}
    before = spam_count(site, "spam")
    email = new_email()
    response = site.post("spam", json={"name": "Bot", "email": email, "phone": new_phone(), **control})
    assert response.status_code == 201
    assert response.json()["personId"].startswith("per_")
    assert person(site, response.json()["personId"]) is None
    assert site.query("SELECT count(*) FROM person WHERE email = ?", email) == [(0,)]
    assert spam_count(site, "spam") == before + 1
    caught = site.cli("spam", "list", "--project", site.project["id"], "--json")
    assert caught["spam"][0]["reason"] == reason and caught["spam"][0]["fields"]["email"] == email
    assert not any(key.startswith("_svit_") for key in caught["spam"][0]["fields"])


def test_it_accepts_a_post_made_long_enough_after_the_script_loaded(site):
    older = make_stamp(stamp_key(site), time.time() - MIN_FILL_SECONDS - 60)
    response = site.post("spam", json={"email": new_email(), "phone": "+44 20 7946 0008", "_svit_ts": older,
                                       "_svit_hp": ""})
    assert response.status_code == 201
    assert person(site, response.json()["personId"]) is not None


def test_it_serves_the_embed_script_uncached_with_a_signed_stamp(site):
    response = site.client.get("/embed/form.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-store"
    assert stamp_age(stamp_key(site), embed_stamp(site)) is not None
    assert "__SVIT_STAMP__" not in response.text


def test_it_limits_posts_per_client_ip(tmp_path):
    limited = start_site(tmp_path / "data", {"SVIT_FORM_IP_RATE_LIMIT": "3/minute"})
    try:
        answers = [limited.post(token, json={"email": new_email(), "phone": "+44 20 7946 0009"})
                   for token in ("main", "email", "main", "strict")]
        assert [a.status_code for a in answers[:3]] == [201, 400, 200]
        assert_problem(answers[3], 429, "RATE_LIMITED", "Too Many Requests", "rate-limit/too-many-requests")
        assert int(answers[3].headers["retry-after"]) >= 1
    finally:
        limited.client.close()
        limited.server.stop()


def test_it_answers_503_and_stores_nothing_when_the_database_refuses_the_write(site):
    path = site.server.data_dir / "svit.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON person WHEN NEW.name = 'Poison' "
                           "BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END")
    try:
        email = new_email()
        refused = site.post(json={"name": "Poison", "email": email, "phone": "+44 20 7946 0010"})
        assert_problem(refused, 503, "SERVICE_UNAVAILABLE", "Service Unavailable", "internal/service-unavailable")
        assert refused.headers["access-control-allow-origin"] == SITE
        assert site.query("SELECT count(*) FROM person WHERE email = ?", email) == [(0,)]
        assert site.post(json={"name": "Fine", "email": email, "phone": "+44 20 7946 0010"}).status_code == 201
    finally:
        with sqlite3.connect(path) as connection:
            connection.execute("DROP TRIGGER refuse_poison")


@pytest.mark.parametrize("control", [{"_svit_ts": "fresh"}, {"_svit_hp": "https://cheap-pills.example"}])
def test_it_shows_real_field_errors_before_any_spam_rule(site, control):
    if control.get("_svit_ts") == "fresh":
        control = {"_svit_ts": embed_stamp(site)}
    before = spam_count(site, "main")
    response = site.post(json={"name": "", "message": "", **control})
    body = assert_problem(response, 400, "INVALID_REQUEST", "Validation Failed", "validation/invalid-request")
    assert [e["field"] for e in body["errors"]] == ["phone"]
    assert spam_count(site, "main") == before


def test_it_answers_a_repeated_spam_post_like_a_repeated_real_one(site):
    answers = {}
    for kind, control in (("real", {}), ("spam", {"_svit_hp": "https://cheap-pills.example"})):
        fields = {"name": "Twice", "email": new_email(), "phone": new_phone(), **control}
        first = site.post("spam", json=fields)
        again = site.post("spam", json={**fields, "message": "sent again, later"})
        answers[kind] = (first.status_code, again.status_code, first.json()["personId"] == again.json()["personId"])
    assert answers["spam"] == answers["real"] == (201, 200, True)


@pytest.fixture(scope="module")
def default_site(tmp_path_factory):
    """The form with the default fill-time rule."""
    form_site = start_site(tmp_path_factory.mktemp("form-defaults") / "data", {"SVIT_FORM_IP_RATE_LIMIT": "off"})
    yield form_site
    form_site.client.close()
    form_site.server.stop()


def test_it_keeps_a_person_whose_browser_autofilled_the_form_in_under_two_seconds(default_site):
    autofilled = make_stamp(stamp_key(default_site), time.time() - 1.8)
    email = new_email()
    response = default_site.post(json={"name": "Quick", "email": email, "phone": new_phone(), "_svit_ts": autofilled,
                                       "_svit_hp": ""})
    assert response.status_code == 201, response.text
    assert person(default_site, response.json()["personId"])["email"] == email
    assert default_site.query("SELECT count(*) FROM form_spam") == [(0,)]

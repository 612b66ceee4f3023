"""Validating a contact form submission: one error per bad field; context kept apart (pure)."""
import pytest

from svit_appliance.contact_form.submission import fingerprint, submission_context, validate_submission
from svit_appliance.http.errors import ApiError


def errors_of(fields: dict, required=("phone",)) -> list[dict]:
    with pytest.raises(ApiError) as caught:
        validate_submission(fields, list(required), "GB")
    assert caught.value.problem.code == "INVALID_REQUEST"
    return caught.value.errors


@pytest.mark.parametrize("fields, required, expected", [
    ({}, ["phone"], [("phone", "Phone is required")]),
    ({"phone": "   "}, ["phone"], [("phone", "Phone is required")]),
    ({"phone": None}, ["phone"], [("phone", "Phone is required")]),
    ({"email": "a@example.com"}, ["email", "name"], [("name", "Name is required")]),
    ({"phone": "12"}, ["phone"], [("phone", "Phone is not a valid phone number")]),
    ({"phone": "+442079460958", "email": "nope"}, ["phone"], [("email", "Email is not a valid address")]),
    ({"phone": "+442079460958", "name": "x" * 201}, ["phone"], [("name", "Name must be at most 200 characters")]),
    ({"phone": "+442079460958", "message": "x" * 5001}, ["phone"],
     [("message", "Message must be at most 5000 characters")]),
    ({"phone": "+442079460958", "email": ["a@example.com"]}, ["phone"], [("email", "Email must be text")]),
    ({"phone": "+442079460958", "extra": {"nested": 1}}, ["phone"],
     [("extra", "Must be text, a number, true/false or a list of them")]),
    ({"name": "x" * 300, "email": "bad", "phone": "12"}, ["phone"],
     [("name", "Name must be at most 200 characters"), ("phone", "Phone is not a valid phone number"),
      ("email", "Email is not a valid address")]),
])
def test_it_reports_one_error_per_bad_field(fields, required, expected):
    assert sorted((e["field"], e["message"]) for e in errors_of(fields, required)) == sorted(expected)


def test_it_keeps_unknown_keys_as_attributes_and_context_apart():
    submission = validate_submission(
        {"name": "Ada", "phone": "020 7946 0958", "message": " Call me ", "plan": "pro", "seats": 3,
         "topics": ["a", "b"], "pageUrl": "https://acme.example/?utm_source=news&utm_medium=mail",
         "utm_medium": "email", "consent": "on", "_svit_hp": "", "_svit_ts": "1.x"}, ["phone"], "GB")
    assert submission.candidate.phone == "+442079460958"
    assert submission.candidate.attributes == {"plan": "pro", "seats": 3, "topics": ["a", "b"]}
    assert submission.message == "Call me"
    assert submission.context == {"pageUrl": "https://acme.example/?utm_source=news&utm_medium=mail",
                                  "utm_source": "news", "utm_medium": "email", "consent": True}


def test_it_accepts_a_submission_without_required_fields_when_none_are_required():
    assert validate_submission({"message": "hello"}, [], "GB").message == "hello"


def test_it_refuses_too_many_extra_fields_with_a_detail():
    with pytest.raises(ApiError, match="at most 50 extra fields"):
        validate_submission({f"k{n}": "v" for n in range(51)}, [], "GB")


@pytest.mark.parametrize("fields, referer, expected", [
    ({}, None, {}),
    ({}, "https://acme.example/contact?utm_campaign=x", {"pageUrl": "https://acme.example/contact?utm_campaign=x",
                                                         "utm_campaign": "x"}),
    ({"pageUrl": "https://a.example/p", "referrer": "https://google.example/"}, "https://ignored.example/",
     {"pageUrl": "https://a.example/p", "referrer": "https://google.example/"}),
    ({"consent": False}, None, {"consent": False}),
    ({"consent": "yes"}, None, {"consent": True}),
    ({"consent": "I agree to the terms"}, None, {"consent": "I agree to the terms"}),
    ({"pageUrl": 5}, None, {}),
])
def test_it_reads_the_context_of_a_post(fields, referer, expected):
    assert submission_context(fields, referer) == expected


def test_it_fingerprints_the_same_post_alike_whatever_the_stamp():
    first = fingerprint("ctk_1", {"phone": "1", "_svit_ts": "1.a"})
    assert first == fingerprint("ctk_1", {"_svit_ts": "2.b", "phone": "1"})
    assert first != fingerprint("ctk_2", {"phone": "1"})
    assert first != fingerprint("ctk_1", {"phone": "2"})

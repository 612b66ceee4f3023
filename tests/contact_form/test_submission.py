"""Validating a contact form submission: one error per bad field; context kept apart (pure)."""
import pytest

from svit_appliance.contact_form.submission import (
    InvalidSubmission,
    fingerprint,
    submission_context,
    validate_submission,
)
from svit_appliance.core.errors import Refused


def errors_of(fields: dict, required=("phone",)) -> list[dict]:
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission(fields, list(required), "GB")
    assert isinstance(caught.value, Refused)  # the domain's refusal: the route answers it 400 INVALID_REQUEST
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
    with pytest.raises(InvalidSubmission, match="at most 50 extra fields"):
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


# --- what mutation testing found untested (tests/mutation/run.py submission) ---

def detail_of(fields: dict, required=("phone",)) -> str:
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission(fields, list(required), "GB")
    return str(caught.value)


def test_it_reads_a_phone_sent_as_a_number_but_no_other_field():
    assert validate_submission({"phone": 442079460958}, ["phone"], "GB").candidate.phone == "+442079460958"
    assert errors_of({"phone": "+442079460958", "name": 42}) == [{"field": "name", "message": "Name must be text"}]
    assert errors_of({"phone": True}) == [{"field": "phone", "message": "Phone must be text"}]
    assert errors_of({"phone": int("1" * 65)}) == [{"field": "phone", "message": "Phone must be at most 64 characters"}]


def test_it_takes_fields_up_to_their_limits():
    at_limit = {"phone": "+442079460958", "name": "n" * 200, "k" * 100: "v" * 2000,
                **{f"extra{n}": n for n in range(49)}}
    submission = validate_submission(at_limit, ["phone"], "GB")
    assert submission.candidate.name == "n" * 200 and len(submission.candidate.attributes) == 50
    assert errors_of({"phone": "+442079460958", "k" * 101: 1}) == [
        {"field": "k" * 100, "message": "Field names must be at most 100 characters"}]
    assert errors_of({"phone": "+442079460958", "k": "v" * 2001}) == [
        {"field": "k", "message": "Must be at most 2000 characters"}]
    assert detail_of({"phone": "+442079460958", **{f"extra{n}": n for n in range(51)}}) == (
        "A submission may carry at most 50 extra fields, this one has 51")


def test_it_answers_one_bad_field_with_its_message_and_several_with_their_names():
    assert detail_of({"name": "Ada"}) == "Phone is required"
    assert detail_of({"email": "nope", "phone": "12"}) == "The form has invalid fields: email, phone"
    assert detail_of({"email": "nope"}, ()) == "Email is not a valid address"


@pytest.mark.parametrize("consent, expected", [
    (True, True), (False, False), ("yes", True), (" ON ", True), ("No", False), ("OFF", False), ("", False),
    ("I agree to the terms", "I agree to the terms"), (42, None), (None, None),
])
def test_it_reads_consent(consent, expected):
    context = validate_submission({"phone": "+442079460958", "consent": consent}, ["phone"], "GB").context
    assert context.get("consent") == expected  # None: not kept


def test_it_takes_only_utm_parameters_with_a_value_from_the_page_url():
    context = submission_context({"pageUrl": "https://acme.example/?utm_source=ads&utm_medium=&ref=x&utm_term=t"},
                                 None)
    assert context == {"pageUrl": "https://acme.example/?utm_source=ads&utm_medium=&ref=x&utm_term=t",
                       "utm_source": "ads", "utm_term": "t"}


def test_a_valid_submission_takes_its_page_from_the_referer_header():
    submission = validate_submission({"phone": "+442079460958", "message": "  Hi  "}, ["phone"], "GB",
                                     "https://acme.example/contact?utm_campaign=spring")
    assert submission.message == "Hi"
    assert submission.context == {"pageUrl": "https://acme.example/contact?utm_campaign=spring",
                                  "utm_campaign": "spring"}


def test_it_fingerprints_a_canonical_form_of_the_fields():
    import hashlib

    expected = hashlib.sha256('ctk_1\n{"a": 1, "name": "Zoë"}'.encode("utf-8")).hexdigest()[:32]
    assert fingerprint("ctk_1", {"name": "Zoë", "a": 1}) == fingerprint("ctk_1", {"a": 1, "name": "Zoë"}) == expected
    assert fingerprint("ctk_2", {"name": "Zoë", "a": 1}) != expected

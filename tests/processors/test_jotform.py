import json

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.jotform import process

RAW_REQUEST = {
    "slug": "submit/241234567890123",
    "jsExecutionTracker": "build-date-1714000000000=>init-started:1714000000100",
    "submitSource": "form",
    "buildDate": "1714000000000",
    "q3_fullName": {"first": "Zoë", "middle": "", "last": "Ångström"},
    "q4_email": "zoe@example.se",
    "q5_phoneNumber": {"full": "(070) 123-4567"},
    "q6_company": "Ångström AB",
    "q7_address": {"addr_line1": "Drottninggatan 1", "addr_line2": "", "city": "Stockholm",
                   "state": "", "postal": "111 51", "country": "Sweden"},
    "q8_howDid": "A friend",
    "q9_workEmail": "zoe@angstrom.example",
    "q10_typeYour": "",
    "event_id": "1714000000000_241234567890123_abcdefg",
    "timeToSubmit": "42",
    "validatedNewRequiredFieldIDs": '{"new":1}',
    "path": "/submit/241234567890123",
}


def webhook(raw=None, **fields):
    """Jotform's webhook form fields, as stored: rawRequest is a JSON string."""
    return {
        "action": "",
        "webhookURL": "https://svit.example/api/v1/external/ingest/int_1",
        "username": "acme",
        "formID": "241234567890123",
        "type": "WEB",
        "customParams": "",
        "product": "false",
        "formTitle": "Contact Us",
        "customTitle": "",
        "submissionID": "5912345678901234567",
        "event": "",
        "documentID": "",
        "teamID": "",
        "subject": "",
        "isSilent": "false",
        "customBody": "",
        "rawRequest": json.dumps(RAW_REQUEST if raw is None else raw, ensure_ascii=False),
        "fromTable": "",
        "appID": "",
        "pretty": "Full Name:Zoë Ångström, E-mail:zoe@example.se, Phone Number:(070) 123-4567",
        "unread": "",
        "parent": "",
        "ip": "203.0.113.9",
        **fields,
    }


def test_it_reads_the_name_email_phone_and_company_widgets():
    [person] = process(webhook(), {})
    assert (person.name, person.first_name, person.last_name) == ("Zoë Ångström", "Zoë", "Ångström")
    assert (person.email, person.phone, person.company) == ("zoe@example.se", "(070) 123-4567", "Ångström AB")


def test_it_keeps_other_answers_under_readable_names_and_drops_form_plumbing():
    [person] = process(webhook(), {})
    assert person.attributes == {
        "Address.addr_line1": "Drottninggatan 1",
        "Address.city": "Stockholm",
        "Address.postal": "111 51",
        "Address.country": "Sweden",
        "How did": "A friend",
        "Work email": "zoe@angstrom.example",
        "form_title": "Contact Us",
        "form_id": "241234567890123",
        "submission_id": "5912345678901234567",
    }


def test_it_reads_the_older_area_and_number_phone_widget():
    raw = {"q3_name": {"first": "Иван", "last": "Петров"}, "q5_phone": {"area": "495", "phone": "123-45-67"}}
    [person] = process(webhook(raw), {})
    assert (person.name, person.phone) == ("Иван Петров", "495 123-45-67")


def test_it_reads_a_name_typed_in_a_textbox():
    raw = {"q2_yourName": "山田 太郎", "q3_eMail": "taro@example.jp"}
    [person] = process(webhook(raw), {})
    assert (person.name, person.email) == ("山田 太郎", "taro@example.jp")


def test_it_keeps_a_second_name_widget_as_attributes():
    raw = {"q3_name": {"first": "Zoë", "last": "Å"}, "q4_emergencyContact": {"first": "Max", "last": "Å"},
           "q5_email": "zoe@example.se"}
    [person] = process(webhook(raw), {})
    assert person.name == "Zoë Å"
    assert person.attributes["Emergency contact (first)"] == "Max"


def test_it_reads_a_submission_without_phone():
    raw = {"q3_fullName": {"first": "Zoë", "last": ""}, "q4_email": "zoe@example.se", "q5_phoneNumber": {"full": ""}}
    [person] = process(webhook(raw), {})
    assert (person.name, person.email, person.phone) == ("Zoë", "zoe@example.se", None)


def test_it_accepts_raw_request_already_decoded():
    [person] = process({**webhook(), "rawRequest": dict(RAW_REQUEST)}, {})
    assert person.email == "zoe@example.se"


def test_it_finds_no_one_in_an_empty_submission():
    assert process(webhook({"q3_fullName": {"first": "", "last": ""}, "q4_email": "", "slug": "x"}), {}) == []


@pytest.mark.parametrize(
    "payload",
    [
        "rawRequest",
        None,
        [],
        {},
        {"formID": "1", "pretty": "Name:Zoë"},
        {"rawRequest": "{not json"},
        {"rawRequest": "[1, 2]"},
        {"rawRequest": 42},
    ],
)
def test_it_rejects_a_body_without_a_readable_raw_request(payload):
    with pytest.raises(PayloadError, match="(?i)jotform|rawRequest"):
        process(payload, {})


@pytest.mark.parametrize(
    "raw",
    [
        {"q1_name": {"first": None, "last": ["x"]}, "q2_phone": {"full": None}, "q3_x": None},
        {"q1_phone": {"area": {"x": 1}, "phone": 5}, "q_bad": "x", "q2_": "y", "3": "z"},
    ],
)
def test_it_never_fails_on_odd_answers(raw):
    assert isinstance(process(webhook(raw), {}), list)


def test_it_labels_answers_from_pretty_unless_two_share_an_answer():
    raw = {"q3_input3": "Yes", "q4_input4": "Yes", "q5_input5": "Ана", "q6_email": "a@x.io"}
    payload = {"rawRequest": json.dumps(raw), "pretty": "Subscribe:Yes, Call me:Yes, Имя:Ана, Email:a@x.io"}
    [person] = process(payload, {})
    assert person.name == "Ана"
    assert person.attributes == {"Input3": "Yes", "Input4": "Yes"}

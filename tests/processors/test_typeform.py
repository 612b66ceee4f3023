import copy

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.typeform import process

FIELDS = [
    {"id": "JwWggjAKtOkA", "title": "What's your *first name*?", "type": "short_text", "ref": "first_name"},
    {"id": "KoJxDM3c6x8h", "title": "And your last name, {{field:first_name}}?", "type": "short_text", "ref": "last_name"},
    {"id": "SMEUb7VJz92Q", "title": "What's your **email**?", "type": "email", "ref": "email"},
    {"id": "pn48RmPazVdM", "title": "Best number to reach you on", "type": "phone_number", "ref": "phone"},
    {"id": "k6TP9oLGgHjl", "title": "Which company do you work for?", "type": "short_text", "ref": "company"},
    {"id": "X4BgU2f1K6tG", "title": "Where are you based?", "type": "multiple_choice", "ref": "city"},
    {"id": "Q7M2dTu7aPWf", "title": "Which products interest you?", "type": "multiple_choice", "ref": "products",
     "allow_multiple_selections": True},
    {"id": "fFse7wTbQ1xm", "title": "How many seats?", "type": "number", "ref": "seats"},
    {"id": "gFFf3xAkJKsr", "title": "Can we call you?", "type": "yes_no", "ref": "can_call"},
    {"id": "Bd7DCMwq9fSM", "title": "When should we start?", "type": "date", "ref": "start"},
]

ANSWERS = [
    {"type": "text", "text": "Zoë", "field": {"id": "JwWggjAKtOkA", "type": "short_text", "ref": "first_name"}},
    {"type": "text", "text": "Ångström", "field": {"id": "KoJxDM3c6x8h", "type": "short_text", "ref": "last_name"}},
    {"type": "email", "email": "zoe@example.se", "field": {"id": "SMEUb7VJz92Q", "type": "email", "ref": "email"}},
    {"type": "phone_number", "phone_number": "+46701234567",
     "field": {"id": "pn48RmPazVdM", "type": "phone_number", "ref": "phone"}},
    {"type": "text", "text": "Ångström & Co", "field": {"id": "k6TP9oLGgHjl", "type": "short_text", "ref": "company"}},
    {"type": "choice", "choice": {"id": "b1", "label": "Stockholm", "ref": "sthlm"},
     "field": {"id": "X4BgU2f1K6tG", "type": "multiple_choice", "ref": "city"}},
    {"type": "choices", "choices": {"ids": ["c1", "c2"], "labels": ["CRM", "Forms"], "other": "Billing"},
     "field": {"id": "Q7M2dTu7aPWf", "type": "multiple_choice", "ref": "products"}},
    {"type": "number", "number": 12, "field": {"id": "fFse7wTbQ1xm", "type": "number", "ref": "seats"}},
    {"type": "boolean", "boolean": False, "field": {"id": "gFFf3xAkJKsr", "type": "yes_no", "ref": "can_call"}},
    {"type": "date", "date": "2024-05-01", "field": {"id": "Bd7DCMwq9fSM", "type": "date", "ref": "start"}},
]


def webhook(answers=None, fields=None, **response):
    """A form_response webhook as Typeform documents it."""
    return {
        "event_id": "01HZ4QYJ7XPNC8Z5WFM0ZKQ4BT",
        "event_type": "form_response",
        "form_response": {
            "form_id": "lT4Z3j",
            "token": "a3a12ec67a1365927098a606107fac15",
            "landed_at": "2024-04-18T18:07:02Z",
            "submitted_at": "2024-04-18T18:17:02Z",
            "hidden": {"utm_source": "newsletter"},
            "calculated": {"score": 9},
            "variables": [{"key": "score", "type": "number", "number": 9}],
            "definition": {"id": "lT4Z3j", "title": "Talk to sales", "fields": copy.deepcopy(fields or FIELDS)},
            "answers": copy.deepcopy(ANSWERS if answers is None else answers),
            **response,
        },
    }


def test_it_reads_the_person_from_typed_answers_and_question_titles():
    [person] = process(webhook(), {})
    assert (person.first_name, person.last_name, person.name) == ("Zoë", "Ångström", "Zoë Ångström")
    assert (person.email, person.phone, person.company) == ("zoe@example.se", "+46701234567", "Ångström & Co")


def test_it_keeps_other_answers_under_their_question_titles():
    [person] = process(webhook(), {})
    assert person.attributes == {
        "Where are you based?": "Stockholm",
        "Which products interest you?": ["CRM", "Forms", "Billing"],
        "How many seats?": 12,
        "Can we call you?": False,
        "When should we start?": "2024-05-01",
        "utm_source": "newsletter",
        "form_title": "Talk to sales",
        "submitted_at": "2024-04-18T18:17:02Z",
        "score": 9,
    }


def test_it_takes_the_first_email_answer_and_keeps_the_others():
    fields = FIELDS + [{"id": "Ww2", "title": "Your manager's email", "type": "email", "ref": "boss"}]
    answers = [
        {"type": "email", "email": "zoe@example.se", "field": {"id": "SMEUb7VJz92Q", "type": "email"}},
        {"type": "email", "email": "boss@example.se", "field": {"id": "Ww2", "type": "email"}},
    ]
    [person] = process(webhook(answers, fields), {})
    assert person.email == "zoe@example.se"
    assert person.attributes["Your manager's email"] == "boss@example.se"


def test_it_finds_a_name_in_a_single_name_question():
    fields = [{"id": "n1", "title": "Hi! What's your name?", "type": "short_text", "ref": "n"}]
    answers = [{"type": "text", "text": "山田 太郎", "field": {"id": "n1", "type": "short_text"}}]
    [person] = process(webhook(answers, fields), {})
    assert person.name == "山田 太郎"


def test_it_takes_an_email_from_a_hidden_field_when_no_answer_gives_one():
    answers = [ANSWERS[0]]
    [person] = process(webhook(answers, hidden={"email": "zoe@example.se", "user_id": "u1"}), {})
    assert (person.name, person.email) == ("Zoë", "zoe@example.se")
    assert person.attributes["user_id"] == "u1"


def test_it_skips_empty_answers_and_finds_no_one_without_name_email_or_phone():
    answers = [
        {"type": "text", "text": "", "field": {"id": "JwWggjAKtOkA"}},
        {"type": "email", "email": None, "field": {"id": "SMEUb7VJz92Q"}},
        {"type": "number", "number": 3, "field": {"id": "fFse7wTbQ1xm"}},
    ]
    assert process(webhook(answers, hidden={}), {}) == []


def test_it_reads_a_person_without_phone():
    answers = [a for a in ANSWERS if a["type"] != "phone_number"]
    [person] = process(webhook(answers), {})
    assert (person.email, person.phone) == ("zoe@example.se", None)


def test_it_labels_answers_by_ref_when_the_definition_lacks_their_field():
    answers = [
        {"type": "email", "email": "zoe@example.se", "field": {"id": "zz", "type": "email", "ref": "contact_email"}},
        {"type": "text", "text": "Blue", "field": {"id": "yy", "type": "short_text", "ref": "favourite_colour"}},
    ]
    [person] = process(webhook(answers, definition=None), {})
    assert person.email == "zoe@example.se"
    assert person.attributes["favourite_colour"] == "Blue"


def test_it_keeps_a_payment_answer_flattened():
    answers = ANSWERS[2:3] + [
        {"type": "payment", "payment": {"amount": "49.00", "last4": "4242", "name": "Zoë Å", "success": True},
         "field": {"id": "pay", "type": "payment", "ref": "pay"}},
    ]
    [person] = process(webhook(answers), {})
    assert person.attributes["pay.amount"] == "49.00"
    assert person.attributes["pay.success"] is True


@pytest.mark.parametrize(
    "payload",
    [
        "form_response",
        None,
        [],
        {},
        {"event_type": "form_response"},
        {"event_type": "form_response", "form_response": "answers"},
        {"event_type": "form_deleted", "form_response": {"answers": []}},
    ],
)
def test_it_rejects_a_body_that_is_not_a_form_response(payload):
    with pytest.raises(PayloadError, match="form_response"):
        process(payload, {})


@pytest.mark.parametrize(
    "response",
    [
        {"answers": None, "definition": "x", "hidden": [], "variables": {}},
        {"answers": [None, 1, "a", {"type": None}, {"type": ["email"], "field": []}]},
        {"answers": [{"type": "choices", "choices": {"labels": None}}, {"type": "choice", "choice": "x"}]},
        {"definition": {"fields": [None, {"id": ["x"], "title": None}]}, "variables": [None, {"key": "k"}]},
    ],
)
def test_it_never_fails_on_odd_answers(response):
    payload = {"event_type": "form_response", "form_response": response}
    assert process(payload, {}) == []


def test_it_reads_an_authors_ref_but_not_a_generated_one():
    def body(ref):
        return {"event_type": "form_response", "form_response": {"definition": {"fields": [
            {"id": "f", "title": "Pregunta", "type": "short_text", "ref": ref}]}, "answers": [
            {"type": "text", "text": "Zoë", "field": {"id": "f", "type": "short_text", "ref": ref}}]}}
    [person] = process(body("first_name"), {})
    assert person.first_name == "Zoë"
    assert process(body("0b8d5c7e-1f2a-4c3b-8d9e-0a1b2c3d4e5f"), {}) == []

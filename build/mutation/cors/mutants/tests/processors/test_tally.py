import copy

import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.tally import process

FIELDS = [
    {"key": "question_3ExXkL", "label": "First name", "type": "INPUT_TEXT", "value": "Иван"},
    {"key": "question_nr4Lj0", "label": "Last name", "type": "INPUT_TEXT", "value": "Петров"},
    {"key": "question_w4Q4Xa", "label": "Work email", "type": "INPUT_EMAIL", "value": "ivan@example.ru"},
    {"key": "question_n0vKJR", "label": "Phone", "type": "INPUT_PHONE_NUMBER", "value": "+7 (999) 123-45-67"},
    {"key": "question_mVGEg3", "label": "Company", "type": "INPUT_TEXT", "value": "ООО Ромашка"},
    {
        "key": "question_wMGq1e", "label": "Team size", "type": "MULTIPLE_CHOICE",
        "value": ["5d7a4a9e-11c7-4a6f-a0b3-8b3c1d3c3f10"],
        "options": [
            {"id": "5d7a4a9e-11c7-4a6f-a0b3-8b3c1d3c3f10", "text": "1-10"},
            {"id": "0bd7c0a1-6d0e-4f1e-9d4a-6a3f0f1c2b3d", "text": "11-50"},
        ],
    },
    {
        "key": "question_3xXLl8", "label": "Interests", "type": "CHECKBOXES",
        "value": ["a1", "b2"],
        "options": [{"id": "a1", "text": "CRM"}, {"id": "b2", "text": "Forms"}, {"id": "c3", "text": "API"}],
    },
    {"key": "question_3xXLl8_a1", "label": "Interests (CRM)", "type": "CHECKBOXES", "value": True},
    {"key": "question_3xXLl8_c3", "label": "Interests (API)", "type": "CHECKBOXES", "value": False},
    {
        "key": "question_VPKxMk", "label": "Your CV", "type": "FILE_UPLOAD",
        "value": [{"id": "5Ql1nr", "name": "cv.pdf", "url": "https://storage.tally.so/private/cv.pdf",
                   "mimeType": "application/pdf", "size": 31042}],
    },
    {"key": "question_wa1v6Z", "label": "Anything else?", "type": "TEXTAREA", "value": None},
    {"key": "question_hidden", "label": "utm_source", "type": "HIDDEN_FIELDS", "value": "linkedin"},
]


def event(fields=None, **data):
    """A FORM_RESPONSE event as Tally documents it."""
    return {
        "eventId": "a4cb511e-d513-4fa5-baee-b815d718dfd1",
        "eventType": "FORM_RESPONSE",
        "createdAt": "2024-06-28T15:00:21.889Z",
        "data": {
            "responseId": "2wgx4n",
            "submissionId": "2wgx4n",
            "respondentId": "dwQKYm",
            "formId": "VwbNEw",
            "formName": "Demo request",
            "createdAt": "2024-06-28T15:00:21.000Z",
            "fields": copy.deepcopy(FIELDS if fields is None else fields),
            **data,
        },
    }


def test_it_reads_the_person_from_typed_fields_and_labels():
    [person] = process(event(), {})
    assert (person.name, person.first_name, person.last_name) == ("Иван Петров", "Иван", "Петров")
    assert (person.email, person.phone, person.company) == ("ivan@example.ru", "+7 (999) 123-45-67", "ООО Ромашка")


def test_it_keeps_other_answers_by_label_with_option_texts():
    [person] = process(event(), {})
    assert person.attributes == {
        "Team size": ["1-10"],
        "Interests": ["CRM", "Forms"],
        "Your CV": ["https://storage.tally.so/private/cv.pdf"],
        "utm_source": "linkedin",
        "form_name": "Demo request",
        "submitted_at": "2024-06-28T15:00:21.000Z",
    }


def test_it_reads_a_single_choice_given_as_one_id():
    field = {"label": "Plan", "type": "DROPDOWN", "value": "p2", "options": [{"id": "p2", "text": "Pro"}]}
    [person] = process(event([FIELDS[2], field]), {})
    assert person.attributes["Plan"] == "Pro"


def test_it_takes_the_first_email_and_keeps_the_others():
    second = {"key": "question_x", "label": "Invoice email", "type": "INPUT_EMAIL", "value": "billing@example.ru"}
    [person] = process(event([FIELDS[2], second]), {})
    assert person.email == "ivan@example.ru"
    assert person.attributes["Invoice email"] == "billing@example.ru"


def test_it_reads_an_email_typed_into_a_text_field():
    fields = [
        {"key": "q1", "label": "Full name", "type": "INPUT_TEXT", "value": "Zoë Ångström"},
        {"key": "q2", "label": "E-mail address", "type": "INPUT_TEXT", "value": "zoe@example.se"},
    ]
    [person] = process(event(fields), {})
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", "zoe@example.se", None)


def test_it_does_not_take_a_consent_checkbox_for_an_email():
    fields = [
        {"key": "q1", "label": "Email me the newsletter", "type": "INPUT_TEXT", "value": "yes"},
        {"key": "q2", "label": "Phone", "type": "INPUT_PHONE_NUMBER", "value": "+81 90-1234-5678"},
    ]
    [person] = process(event(fields), {})
    assert (person.email, person.phone) == (None, "+81 90-1234-5678")
    assert person.attributes["Email me the newsletter"] == "yes"


def test_it_labels_a_field_without_label_by_its_key():
    fields = [{"key": "question_abc", "label": None, "type": "INPUT_EMAIL", "value": "a@example.com"},
              {"key": "question_def", "label": None, "type": "INPUT_TEXT", "value": "hello"}]
    [person] = process(event(fields), {})
    assert person.attributes["question_def"] == "hello"


def test_it_reads_a_matrix_with_row_and_column_texts():
    matrix = {
        "key": "question_m", "label": "Rate us", "type": "MATRIX",
        "value": {"r1": ["c2"]},
        "rows": [{"id": "r1", "text": "Support"}],
        "columns": [{"id": "c1", "text": "Bad"}, {"id": "c2", "text": "Good"}],
    }
    [person] = process(event([FIELDS[2], matrix]), {})
    assert person.attributes["Rate us.Support"] == ["Good"]


def test_it_finds_no_one_in_an_empty_response():
    fields = [{"key": "q1", "label": "Email", "type": "INPUT_EMAIL", "value": None},
              {"key": "q2", "label": "Rating", "type": "RATING", "value": 4}]
    assert process(event(fields), {}) == []


@pytest.mark.parametrize(
    "payload",
    ["FORM_RESPONSE", None, [], {}, {"eventType": "FORM_RESPONSE", "data": {}},
     {"eventType": "FORM_RESPONSE", "data": {"fields": "x"}}, {"eventType": "FORM_DELETED", "data": {"fields": []}}],
)
def test_it_rejects_a_body_that_is_not_a_form_response(payload):
    with pytest.raises(PayloadError, match="FORM_RESPONSE"):
        process(payload, {})


@pytest.mark.parametrize(
    "fields",
    [
        [None, 1, "x", [], {}],
        [{"type": ["INPUT_EMAIL"], "label": {"x": 1}, "value": {"y": None}}],
        [{"type": "MULTIPLE_CHOICE", "value": [{"id": 1}], "options": [{"id": {"a": 1}}, None, "x"]}],
        [{"type": "FILE_UPLOAD", "value": [None, "x", {"url": None}]}, {"type": "MATRIX", "value": {"r": 3}}],
    ],
)
def test_it_never_fails_on_odd_fields(fields):
    assert process(event(fields), {}) == []

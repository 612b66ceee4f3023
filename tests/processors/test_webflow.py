import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.webflow import process


def v2(data, schema=None, **extra):
    """A form_submission webhook in Webflow's v2 shape."""
    return {
        "triggerType": "form_submission",
        "payload": {
            "name": "Contact Us",
            "siteId": "65427cf400e02b306eaa049c",
            "data": data,
            "schema": schema or [],
            "submittedAt": "2024-04-22T16:15:31.000Z",
            "id": "6321ca84df3949bfc6752327",
            "formId": "65429eadebe8a9f3a30f62d0",
            "formElementId": "4e038d2c-6a1e-4953-7be9-a59a2b453177",
            "pageId": "65427cf400e02b306eaa04a3",
            "publishedPath": "/contact",
            "pageUrl": "https://example.webflow.io/contact",
            **extra,
        },
    }


def test_it_reads_the_documented_v2_example():
    payload = v2(
        {"First Name": "Zaphod", "Last Name": "Beeblebrox", "email": "zaphod@heartofgold.ai", "Phone Number": 15550000000},
        [
            {"fieldName": "First Name", "fieldType": "FormTextInput", "fieldElementId": "285042f7"},
            {"fieldName": "Last Name", "fieldType": "FormTextInput", "fieldElementId": "285042f8"},
            {"fieldName": "email", "fieldType": "FormEmail", "fieldElementId": "285042f9"},
            {"fieldName": "Phone Number", "fieldType": "FormPhone", "fieldElementId": "285042fa"},
        ],
    )
    [person] = process(payload, {})
    assert (person.name, person.first_name, person.last_name) == ("Zaphod Beeblebrox", "Zaphod", "Beeblebrox")
    assert (person.email, person.phone) == ("zaphod@heartofgold.ai", "15550000000")
    assert person.attributes == {
        "form_name": "Contact Us",
        "page_url": "https://example.webflow.io/contact",
        "submitted_at": "2024-04-22T16:15:31.000Z",
    }


def test_it_reads_the_legacy_v1_shape():
    payload = {
        "name": "Sample Form",
        "site": "62749158efef318abc8d5a0f",
        "data": {"name": "Zoë Ångström", "email": "zoe@example.se", "Message": "Hej!"},
        "d": "2022-09-14T12:35:16.117Z",
        "_id": "6321ca84df3949bfc6752327",
    }
    [person] = process(payload, {})
    assert (person.name, person.email) == ("Zoë Ångström", "zoe@example.se")
    assert person.attributes == {"Message": "Hej!", "form_name": "Sample Form", "submitted_at": "2022-09-14T12:35:16.117Z"}


def test_it_trusts_the_schema_for_an_email_field_with_an_unusual_name():
    payload = v2(
        {"How can we reach you": "yamada@example.jp", "お名前": "山田太郎"},
        [{"fieldName": "How can we reach you", "fieldType": "FormEmail", "fieldElementId": "e1"}],
    )
    [person] = process(payload, {})
    assert person.email == "yamada@example.jp"
    assert person.name == "山田太郎"


def test_it_reads_usual_field_names_without_a_schema():
    payload = v2({"Your Name": "Иван", "Email Address": "ivan@example.ru", "Mobile": "8 (800) 555-35-35",
                  "Company Name": "Ромашка", "Newsletter": "true"})
    [person] = process(payload, {})
    assert (person.name, person.email, person.phone, person.company) == (
        "Иван", "ivan@example.ru", "8 (800) 555-35-35", "Ромашка",
    )
    assert person.attributes["Newsletter"] == "true"


def test_it_takes_the_first_email_and_keeps_the_others():
    [person] = process(v2({"Email": "a@example.com", "Email 2": "b@example.com"}), {})
    assert person.email == "a@example.com"
    assert person.attributes["Email 2"] == "b@example.com"


def test_it_finds_no_one_in_a_submission_without_contact_fields():
    assert process(v2({"Message": "Just saying hi", "Email": ""}), {}) == []


@pytest.mark.parametrize(
    "payload",
    [
        "form_submission",
        None,
        [],
        {},
        {"triggerType": "form_submission", "payload": {"name": "Contact"}},
        {"triggerType": "form_submission", "payload": {"data": ["a"]}},
        {"triggerType": "site_publish", "payload": {"data": {}}},
    ],
)
def test_it_rejects_a_body_that_is_not_a_form_submission(payload):
    with pytest.raises(PayloadError, match="WEBFLOW|form_submission"):
        process(payload, {})


@pytest.mark.parametrize(
    "data, schema",
    [
        ({"email": None, "phone": 3.5, "": ""}, None),
        ({"Email": ["x"], "Name": {"a": None}}, [None, "x", {"fieldName": ["x"], "fieldType": 3}]),
    ],
)
def test_it_never_fails_on_odd_values(data, schema):
    assert process(v2(data, schema), {}) == []

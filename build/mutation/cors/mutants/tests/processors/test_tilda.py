import pytest

from svit_appliance.processors import PayloadError
from svit_appliance.processors.tilda import process


def submission(**fields):
    """Tilda's form-encoded fields, as stored."""
    return {
        "Name": "Иван Петров",
        "Email": "ivan@example.ru",
        "Phone": "+7 (999) 123-45-67",
        "Textarea": "Перезвоните после 18:00",
        "tranid": "1234567:8901234567",
        "formid": "form123456789",
        "formname": "Cart",
        "COOKIES": "_ga=GA1.2.123.456; _ym_uid=789; tildauid=1714000000000.123456",
        **fields,
    }


def test_it_reads_name_email_and_phone():
    [person] = process(submission(), {})
    assert (person.name, person.email, person.phone) == ("Иван Петров", "ivan@example.ru", "+7 (999) 123-45-67")


def test_it_keeps_other_fields_and_drops_cookies():
    [person] = process(submission(), {})
    assert person.attributes == {
        "Textarea": "Перезвоните после 18:00",
        "tranid": "1234567:8901234567",
        "formid": "form123456789",
        "formname": "Cart",
    }


@pytest.mark.parametrize("key", ["api_key", "apikey", "API-KEY", "token", "secret"])
def test_it_never_keeps_an_api_key(key):
    [person] = process(submission(**{key: "sk_live_0123456789"}), {})
    assert "sk_live_0123456789" not in person.attributes.values()


def test_it_drops_the_api_key_field_the_integration_names():
    [person] = process(submission(tilda_auth="s3cret"), {"api_key_field": "tilda_auth"})
    assert "tilda_auth" not in person.attributes


def test_it_accepts_the_test_ping_and_finds_no_one():
    assert process({"test": "test"}, {}) == []
    assert process({"test": "test", "api_key": "s3cret"}, {}) == []


def test_it_reads_custom_field_names():
    payload = {"Full_Name": "Zoë Ångström", "E-mail": "zoe@example.se", "company": "Ångström AB", "tranid": "1:2"}
    [person] = process(payload, {})
    assert (person.name, person.email, person.phone, person.company) == (
        "Zoë Ångström", "zoe@example.se", None, "Ångström AB",
    )


def test_it_reads_a_submission_without_email():
    [person] = process(submission(Email=""), {})
    assert (person.email, person.phone) == (None, "+7 (999) 123-45-67")


def test_it_takes_the_first_email_and_keeps_the_others():
    [person] = process(submission(Email_2="second@example.ru"), {})
    assert person.email == "ivan@example.ru"
    assert person.attributes["Email_2"] == "second@example.ru"


def test_it_finds_no_one_without_name_email_or_phone():
    assert process({"Textarea": "hello", "tranid": "1:2", "formid": "form1"}, {}) == []


@pytest.mark.parametrize("payload", ["test=test", None, [], 42])
def test_it_rejects_a_body_that_is_not_an_object(payload):
    with pytest.raises(PayloadError, match="TILDA"):
        process(payload, {})


@pytest.mark.parametrize(
    "payload",
    [{"Name": None, "Email": 12, "Phone": ["1"]}, {"": "", "test": ["test"]}, {"Phone": 79991234567.5}],
)
def test_it_never_fails_on_odd_values(payload):
    assert isinstance(process(payload, {"api_key_field": 3}), list)

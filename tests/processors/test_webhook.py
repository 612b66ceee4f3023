import pytest

from svit_appliance.processors import PayloadError, PersonInput
from svit_appliance.processors.webhook import process


def one(payload, config=None) -> PersonInput:
    persons = process(payload, config or {})
    assert len(persons) == 1, persons
    return persons[0]


@pytest.mark.parametrize(
    "record",
    [
        {"name": "Zoë Ångström", "email": "zoe@example.se", "phone": "+46 70 123 45 67"},
        {"full_name": "Zoë Ångström", "email_address": "zoe@example.se", "phone_number": "+46 70 123 45 67"},
        {"fullName": "Zoë Ångström", "emailAddress": "zoe@example.se", "phoneNumber": "+46 70 123 45 67"},
        {"Full Name": "Zoë Ångström", "E-mail": "zoe@example.se", "Phone Number": "+46 70 123 45 67"},
        {"FULL_NAME": "Zoë Ångström", "e_mail": "zoe@example.se", "mobile": "+46 70 123 45 67"},
        {"Name": "Zoë Ångström", "Email": "zoe@example.se", "tel": "+46 70 123 45 67"},
        {"name": "Zoë Ångström", "mail": "zoe@example.se", "telephone": "+46 70 123 45 67"},
        {"name": "Zoë Ångström", "email": "zoe@example.se", "cell": "+46 70 123 45 67"},
    ],
)
def test_it_reads_the_usual_key_spellings(record):
    person = one(record)
    assert (person.name, person.email, person.phone) == ("Zoë Ångström", "zoe@example.se", "+46 70 123 45 67")
    assert person.attributes == {}


@pytest.mark.parametrize(
    "record",
    [
        {"first_name": "Иван", "last_name": "Петров"},
        {"firstName": "Иван", "lastName": "Петров"},
        {"First Name": "Иван", "Last Name": "Петров"},
        {"given_name": "Иван", "surname": "Петров"},
    ],
)
def test_it_joins_first_and_last_name_when_there_is_no_name(record):
    person = one({**record, "email": "ivan@example.ru"})
    assert (person.name, person.first_name, person.last_name) == ("Иван Петров", "Иван", "Петров")


def test_it_keeps_the_name_as_typed_next_to_first_and_last():
    person = one({"name": "Dr. Yamada Taro", "firstName": "太郎", "lastName": "山田", "email": "taro@example.jp"})
    assert (person.name, person.first_name, person.last_name) == ("Dr. Yamada Taro", "太郎", "山田")


def test_it_joins_a_lone_first_name():
    assert one({"first_name": "Zoë", "last_name": "", "phone": "0701234567"}).name == "Zoë"


def test_it_reads_company_spellings():
    assert one({"email": "a@example.com", "companyName": "Ångström AB"}).company == "Ångström AB"
    assert one({"email": "a@example.com", "Organization": "ACME"}).company == "ACME"


def test_it_finds_a_person_in_a_nested_object():
    person = one({"event": "lead", "contact": {"email": "zoe@example.se", "name": {"first": "Zoë", "last": "Å"}}})
    assert (person.email, person.name) == ("zoe@example.se", "Zoë Å")
    assert person.attributes == {"event": "lead"}


def test_it_prefers_top_level_keys_over_nested_ones():
    person = one({"owner": {"email": "owner@example.com"}, "email": "lead@example.com"})
    assert person.email == "lead@example.com"
    assert person.attributes == {"owner.email": "owner@example.com"}


def test_it_keeps_a_nested_company_objects_email_out_of_the_person():
    person = one({"name": "Zoë", "email": "zoe@example.se", "company": {"name": "Acme", "email": "info@acme.test"}})
    assert (person.company, person.email) == ("Acme", "zoe@example.se")
    assert person.attributes == {"company.email": "info@acme.test"}


def test_it_reads_a_top_level_array_as_a_batch_and_skips_what_is_not_an_object():
    persons = process(
        [{"email": "a@example.com"}, "junk", 42, None, [], {"Full Name": "山田 太郎", "tel": "03-1234-5678"}],
        {},
    )
    assert [(p.email, p.name, p.phone) for p in persons] == [
        ("a@example.com", None, None),
        (None, "山田 太郎", "03-1234-5678"),
    ]


@pytest.mark.parametrize("container", ["data", "records", "leads", "contacts", "items"])
def test_it_reads_an_object_holding_an_array_of_records(container):
    payload = {"source": "zapier", container: [{"email": "a@example.com"}, {"email": "b@example.com"}]}
    assert [p.email for p in process(payload, {})] == ["a@example.com", "b@example.com"]


def test_it_reads_an_array_of_records_nested_in_an_object():
    payload = {"meta": {"page": 1}, "data": {"leads": [{"phone": "+1 (415) 555-0100"}, {"phone": "415.555.0101"}]}}
    assert [p.phone for p in process(payload, {})] == ["+1 (415) 555-0100", "415.555.0101"]


def test_it_skips_records_with_no_name_email_or_phone():
    payload = {"records": [{"company": "Acme", "city": "Oslo"}, {"email": "b@example.com"}, {}]}
    assert [p.email for p in process(payload, {})] == ["b@example.com"]


def test_it_does_not_take_an_orders_line_items_for_a_batch():
    payload = {
        "order_id": 1001,
        "customer": {"email": "zoe@example.se", "phone": "+46701234567"},
        "line_items": [{"name": "T-shirt", "quantity": 2}, {"name": "Mug", "quantity": 1}],
    }
    person = one(payload)
    assert (person.email, person.name) == ("zoe@example.se", None)
    assert person.attributes["line_items.0.name"] == "T-shirt"


def test_it_takes_the_first_email_and_keeps_the_others_as_attributes():
    person = one({"email": "first@example.com", "work_email": "work@example.com", "E-mail": "third@example.com"})
    assert person.email == "first@example.com"
    assert person.attributes == {"work_email": "work@example.com", "E-mail": "third@example.com"}


def test_it_takes_the_first_of_a_list_of_emails():
    person = one({"name": "Zoë", "emails": ["zoe@example.se", "zoe@work.example"], "tags": ["vip", "beta"]})
    assert person.email == "zoe@example.se"
    assert person.attributes == {"emails.1": "zoe@work.example", "tags": ["vip", "beta"]}


def test_it_keeps_values_as_typed():
    person = one({"email": "  Zoe@Example.SE ", "phone": "(555) 010-9999 ext. 12", "name": " Zoë "})
    assert (person.email, person.phone, person.name) == ("  Zoe@Example.SE ", "(555) 010-9999 ext. 12", " Zoë ")


def test_it_reads_a_phone_given_as_a_number():
    assert one({"phone": 15550000000}).phone == "15550000000"


def test_it_keeps_everything_else_flattened_in_attributes():
    person = one({
        "email": "zoe@example.se",
        "utm": {"source": "google", "campaign": "spring"},
        "score": 7,
        "subscribed": False,
        "notes": "",
        "extra": None,
    })
    assert person.attributes == {"score": 7, "subscribed": False, "utm.source": "google", "utm.campaign": "spring"}


def test_it_lets_the_mapping_override_detection():
    payload = {
        "email": "personal@example.com",
        "contact": {"emails": ["work@example.com", "other@example.com"], "who": "Zoë Ångström"},
        "data": {"tel": "+46 8 123 456", "phone": "+46 70 000 00 00"},
    }
    mapping = {"email": "contact.emails.0", "phone": "data.tel", "name": "contact.who"}
    person = one(payload, {"mapping": mapping})
    assert (person.email, person.phone, person.name) == ("work@example.com", "+46 8 123 456", "Zoë Ångström")
    assert person.attributes == {
        "email": "personal@example.com",
        "data.phone": "+46 70 000 00 00",
        "contact.emails.1": "other@example.com",
    }


def test_it_applies_the_mapping_to_each_record_of_a_batch():
    payload = {"rows": [{"c1": "a@example.com", "c2": "Ann"}, {"c1": "b@example.com", "c2": "Bob"}]}
    persons = process(payload, {"mapping": {"email": "c1", "name": "c2"}})
    assert [(p.email, p.name) for p in persons] == [("a@example.com", "Ann"), ("b@example.com", "Bob")]


def test_it_leaves_a_mapped_field_empty_when_its_path_is_missing():
    person = one({"name": "Zoë", "email": "personal@example.com"}, {"mapping": {"email": "work.email"}})
    assert person.email is None
    assert person.attributes == {"email": "personal@example.com"}


@pytest.mark.parametrize(
    "mapping",
    ["contact.email", {"emial": "contact.email"}, {"email": 3}, {"email": ""}],
)
def test_it_rejects_a_mapping_it_cannot_use(mapping):
    with pytest.raises(PayloadError):
        process({"email": "a@example.com"}, {"mapping": mapping})


@pytest.mark.parametrize("payload", ["zoe@example.se", 42, 4.2, True, None])
def test_it_rejects_a_scalar_body(payload):
    with pytest.raises(PayloadError, match="WEBHOOK body must be a JSON object or an array"):
        process(payload, {})


@pytest.mark.parametrize("payload", [{}, [], {"company": "Acme"}, {"event": "ping", "data": []}, [1, "a", None]])
def test_it_finds_nobody_in_a_body_without_person_fields(payload):
    assert process(payload, {}) == []


@pytest.mark.parametrize(
    "payload",
    [
        {"email": None, "phone": None, "name": None},
        {"email": 12, "phone": ["x"], "name": {"first": None}},
        {"email": True, "name": 3.5, "phone": {"": None}},
        {"": "", "data": {"": [[], [{}]]}},
        {"emails": [None, {"x": 1}, ""], "name": "Zoë"},
    ],
)
def test_it_never_fails_on_odd_values(payload):
    assert isinstance(process(payload, {"mapping": None}), list)


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "zoe@example.se", "product": {"name": "Widget"}},
        {"form": {"id": 7, "name": "Contact form"}, "fields": {"email": "zoe@example.se"}},
        {"phone": "+46701234567", "period": {"first": "2024-01-01", "last": "2024-01-31"}},
    ],
)
def test_it_does_not_take_the_name_of_a_thing_for_the_persons(payload):
    assert one(payload).name is None


def test_it_takes_a_name_beside_the_email_it_found():
    person = one({"form": {"name": "Contact form"}, "fields": {"email": "zoe@example.se", "name": "Zoë"}})
    assert (person.name, person.attributes) == ("Zoë", {"form.name": "Contact form"})


def test_it_takes_the_name_of_a_contact_like_object():
    assert one({"customer": {"name": "Иван Петров"}, "order": {"id": 5}}).name == "Иван Петров"


def test_it_reads_a_list_of_answers_as_one_record():
    persons = process({"form": "Contact", "fields": [{"label": "E-mail", "value": "a@x.io"},
                                                     {"label": "Nombre", "value": "Ana"}]}, {})
    assert [(p.email, p.name) for p in persons] == [("a@x.io", "Ana")]


def test_it_reads_name_halves_within_their_own_object():
    person = one({"contact": {"name": "Ada", "surname": "Lovelace", "email": "ada@x.io"},
                  "referrer": {"name": "Bob", "email": "bob@x.io"}})
    assert (person.first_name, person.last_name, person.name) == ("Ada", "Lovelace", "Ada Lovelace")
    assert person.attributes == {"referrer.name": "Bob", "referrer.email": "bob@x.io"}


def test_records_sharing_their_keys_each_keep_their_own_values():
    # the reading of a key set is shared between records (and jobs): the values never are
    records = [{"name": f"P{n}", "email": f"p{n}@example.com", "phone": f"+1 650 200 000{n}", "plan": n}
               for n in range(3)]
    persons = process(records, {}) + process(records[2], {})
    assert [(p.name, p.email, p.phone, p.attributes) for p in persons] == [
        ("P0", "p0@example.com", "+1 650 200 0000", {"plan": 0}),
        ("P1", "p1@example.com", "+1 650 200 0001", {"plan": 1}),
        ("P2", "p2@example.com", "+1 650 200 0002", {"plan": 2}),
        ("P2", "p2@example.com", "+1 650 200 0002", {"plan": 2}),
    ]


def test_the_same_keys_read_under_a_mapping_and_without_one_differ():
    record = {"name": "Ada", "contact": {"mail": "ada@example.com"}, "email": "billing@example.com"}
    assert process(record, {}).pop().email == "billing@example.com"
    assert process(record, {"mapping": {"email": "contact.mail"}}).pop().email == "ada@example.com"
    assert process(record, {}).pop().email == "billing@example.com"


def test_a_record_with_very_many_keys_is_read_like_a_small_one():
    extra = {f"field {n}": n for n in range(300)}
    person = process({"Full name": "Ada Lovelace", "E-mail": "ada@example.com", **extra}, {}).pop()
    assert (person.name, person.email) == ("Ada Lovelace", "ada@example.com")
    assert person.attributes == extra

"""The helpers that processors share (processors/common.py)."""

import pytest

from svit_appliance.processors.common import (
    Answer,
    labelled_items,
    nest_form_fields,
    person_from_answers,
    shape_kind,
    unwrap_single_values,
)


def test_it_nests_php_style_form_names():
    flat = {"fields[email][value]": "a@b.c", "fields[email][type]": "email", "form[id]": "7", "tags[]": "x", "plain": "1"}
    assert nest_form_fields(flat) == {
        "fields": {"email": {"value": "a@b.c", "type": "email"}}, "form": {"id": "7"}, "tags": {"0": "x"}, "plain": "1",
    }


def test_it_reads_question_answer_lists_and_refuses_records():
    assert labelled_items([{"question": "Email", "answer": "a@b.c", "id": 3}]) == [
        ("Email", "a@b.c", {"question": "Email", "answer": "a@b.c", "id": 3})]
    assert labelled_items([{"name": "Lin", "email": "lin@example.com"}]) is None
    assert labelled_items([{"name": "T-shirt", "quantity": 2}]) is None
    assert labelled_items([]) is None


def test_it_unwraps_an_object_of_one_element_arrays_only_whole():
    assert unwrap_single_values({"Email": ["a@b.c"], "Name": ["Zoë"]}) == {"Email": "a@b.c", "Name": "Zoë"}
    assert unwrap_single_values({"Email": ["a@b.c"], "tags": ["x", "y"]}) == {"Email": ["a@b.c"], "tags": ["x", "y"]}


@pytest.mark.parametrize(
    "value, kind",
    [("amin@example.com", "email"), ("+44 20 7946 0958", "phone"), ("(757) 555-0100", "phone"), ("27", None),
     ("2015/05/04 15:00", None), ("6/7/2015 20:54:13", None), ("Bob", None), ("12345", None), (None, None),
     ("1001234567", None), ("0612345678", "phone"), ("+4915112345678", "phone")],
)
def test_it_knows_an_email_or_a_phone_by_its_shape_alone(value, kind):
    assert shape_kind(value) == kind


def test_it_joins_a_name_family_first_when_the_form_asks_so():
    answers = [Answer("姓", "山田"), Answer("名", "太郎")]
    assert person_from_answers(answers).name == "山田 太郎"
    answers = [Answer("Last name", "山田"), Answer("First name", "太郎")]
    assert person_from_answers(answers).name == "太郎 山田"


def test_it_reads_a_key_when_the_label_says_nothing():
    person = person_from_answers([Answer("Pregunta 1", "Diego", key="first_name"), Answer("Q2", "x@y.z", key="email")])
    assert (person.first_name, person.email) == ("Diego", "x@y.z")


def test_it_keeps_a_message_as_an_attribute_under_its_label():
    person = person_from_answers([Answer("Email", "a@b.c"), Answer("Nachricht", "Hallo")])
    assert person.attributes == {"Nachricht": "Hallo"}

"""CSV headers read as person fields with the processors' vocabulary, and rows read through a mapping."""
import pytest

from svit_appliance.processors.base import PersonInput
from svit_appliance.processors.csv_columns import MappingError, RowReader, choose_mapping, guess_mapping


@pytest.mark.parametrize("headers, expected", [
    (["Full name", "E-mail", "Phone number", "Company"],
     {"name": "Full name", "email": "E-mail", "phone": "Phone number", "company": "Company"}),
    (["Nom", "Prénom", "Courriel", "Téléphone"],
     {"first_name": "Prénom", "last_name": "Nom", "email": "Courriel", "phone": "Téléphone"}),
    (["Nom", "Courriel"], {"name": "Nom", "email": "Courriel"}),
    (["Ім'я та прізвище", "Телефон", "Компанія"], {"name": "Ім'я та прізвище", "phone": "Телефон", "company": "Компанія"}),
    (["姓", "名", "メールアドレス"], {"last_name": "姓", "first_name": "名", "email": "メールアドレス"}),
    (["Nombre y apellidos", "Correo electrónico", "Mensaje"], {"name": "Nombre y apellidos", "email": "Correo electrónico"}),
    (["Company size", "Product name", "Notes"], {}),
])
def test_it_guesses_the_mapping_from_headers_in_any_language(headers, expected):
    assert guess_mapping(headers) == expected


def test_it_gives_a_field_to_the_first_column_that_asks_for_it():
    assert guess_mapping(["Email", "Work email"]) == {"email": "Email"}


def test_it_lays_a_given_mapping_over_the_guess():
    headers = ["Name", "Email", "Contact"]
    assert choose_mapping(headers, {"email": "Contact"}) == {"name": "Name", "email": "Contact"}
    assert choose_mapping(headers, {"name": None}) == {"email": "Email"}
    assert choose_mapping(headers, {"company": "Name"}) == {"email": "Email", "company": "Name"}


@pytest.mark.parametrize("given, message", [
    ({"mail": "Email"}, "'mail' is not a person field"),
    ({"email": "E-mail"}, "The file has no column 'E-mail' (its columns: Name, Email)"),
])
def test_it_refuses_a_mapping_that_names_no_field_or_no_column(given, message):
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        choose_mapping(["Name", "Email"], given)


def test_it_reads_a_row_and_keeps_other_columns_as_attributes():
    reader = RowReader(["Name", "Email", "Plan", "", "Empty"], {"name": "Name", "email": "Email"})
    person = reader.person(["Ada", "ada@example.com", "pro", "x", " "])
    assert person == PersonInput(name="Ada", email="ada@example.com", attributes={"Plan": "pro"})
    assert reader.person(["Bob"]) == PersonInput(name="Bob")

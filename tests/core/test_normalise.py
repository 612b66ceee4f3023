import re
from pathlib import Path

import email_validator
import hypothesis
import hypothesis.strategies as st
import pytest

from svit_appliance.core.normalise import (
    InvalidField,
    is_valid_region,
    normalise_email,
    normalise_phone,
    plain_email,
)


@pytest.mark.parametrize("region, typed, expected", [
    ("US", "4155552671", "+14155552671"),
    ("US", "(415) 555-2671", "+14155552671"),
    ("US", "415.555.2671", "+14155552671"),
    ("US", "415-555-2671", "+14155552671"),
    ("US", "1 (415) 555-2671", "+14155552671"),
    ("US", "14155552671", "+14155552671"),
    ("US", "+1 415 555 2671", "+14155552671"),
    ("US", "  +1-415-555-2671  ", "+14155552671"),
    ("US", "001 415 555 2671", "+14155552671"),
    ("US", "011 1 415 555 2671", "+14155552671"),
    ("US", "tel:+1-415-555-2671", "+14155552671"),
    ("US", "TEL: 415 555 2671", "+14155552671"),
    ("US", "tel:+1-415-555-2671;ext=12", "+14155552671"),
    ("US", "415-555-2671 ext. 123", "+14155552671"),
    ("US", "+1 415 555 2671 x12", "+14155552671"),
    ("US", "1-800-FLOWERS", "+18003569377"),
    ("US", 4155552671, "+14155552671"),
    ("us", "4155552671", "+14155552671"),
    ("GB", "07400 123456", "+447400123456"),
    ("GB", "07400-123-456", "+447400123456"),
    ("GB", "+44 7400 123456", "+447400123456"),
    ("GB", "+44 (0)7400 123456", "+447400123456"),
    ("GB", "0044 7400 123456", "+447400123456"),
    ("GB", "447400123456", "+447400123456"),
    ("GB", "020 7946 0958", "+442079460958"),
    ("GB", "(020) 7946 0958", "+442079460958"),
    ("DE", "030 123456", "+4930123456"),
    ("DE", "030/123456", "+4930123456"),
    ("DE", "+49 (0)30 123456", "+4930123456"),
    ("DE", "0049 30 123456", "+4930123456"),
    ("DE", "0151 23456789", "+4915123456789"),
    ("DE", "+49 151 2345 6789", "+4915123456789"),
    ("UA", "050 123 4567", "+380501234567"),
    ("UA", "0501234567", "+380501234567"),
    ("UA", "(050) 123-45-67", "+380501234567"),
    ("UA", "+380 50 123 45 67", "+380501234567"),
    ("UA", "380501234567", "+380501234567"),
    ("UA", "00380501234567", "+380501234567"),
    ("JP", "090-1234-5678", "+819012345678"),
    ("JP", "09012345678", "+819012345678"),
    ("JP", "03-1234-5678", "+81312345678"),
    ("JP", "+81 3 1234 5678", "+81312345678"),
    ("JP", "010 1 415 555 2671", "+14155552671"),
    ("JP", "\uff10\uff19\uff10-1234-5678", "+819012345678"),
])
def test_it_normalises_phones_typed_in_many_formats(region, typed, expected):
    assert normalise_phone(typed, region) == expected


@pytest.mark.parametrize("region, typed, expected", [
    ("US", "380501234567", "+380501234567"),
    ("US", "380 50 123 4567", "+380501234567"),
    ("US", "447400123456", "+447400123456"),
    ("US", "4935551234", "+4935551234"),
    ("US", "819012345678", "+819012345678"),
    ("GB", "380501234567", "+380501234567"),
    ("DE", "14155552671", "+14155552671"),
    ("ZZ", "380501234567", "+380501234567"),
])
def test_it_retries_a_number_invalid_in_the_region_as_international(region, typed, expected):
    assert normalise_phone(typed, region) == expected


@pytest.mark.parametrize("region, typed, expected", [
    ("US", "4155552671", "+14155552671"),
    # Valid in the US and, read with a '+', valid in Hungary: the region wins.
    ("US", "3612345678", "+13612345678"),
])
def test_it_prefers_the_region_reading_when_it_is_valid(region, typed, expected):
    assert normalise_phone(typed, region) == expected


# National numbers typed without a trunk prefix whose digits, read with a '+', are also a valid
# number of another country (shown on the right): reading the region first must win everywhere.
AMBIGUOUS_NATIONAL = [
    ("GB", "20 3022 3455", "+442030223455"),      # +20 Egypt
    ("DE", "150 3343 4770", "+4915033434770"),    # +1 United States
    ("FR", "6 48 62 56 78", "+33648625678"),      # +64 New Zealand
    ("ES", "687 33 56 78", "+34687335678"),       # +687 New Caledonia
    ("IT", "362 345 6789", "+393623456789"),      # +36 Hungary
    ("IN", "82233 72762", "+918223372762"),       # +82 South Korea
    ("BR", "51 97123-8067", "+5551971238067"),    # +51 Peru
    ("UA", "50 823 6567", "+380508236567"),       # +508 Saint Pierre and Miquelon
    ("AU", "492 445 598", "+61492445598"),        # +49 Germany
    ("JP", "50-7233-5638", "+815072335638"),      # +507 Panama
]


@pytest.mark.parametrize("region, typed, expected", AMBIGUOUS_NATIONAL)
def test_it_reads_an_ambiguous_national_number_in_the_region(region, typed, expected):
    assert normalise_phone(typed, region) == expected
    # the test is only worth something while the other reading is a valid number too
    other = normalise_phone("+" + "".join(c for c in typed if c.isdigit()), region)
    assert other != expected and not other.startswith(expected[:3])


@pytest.mark.parametrize("typed", [None, "", "   ", "\t\n"])
def test_it_returns_none_for_an_empty_phone(typed):
    assert normalise_phone(typed, "US") is None


@pytest.mark.parametrize("region, typed", [
    ("US", "abc"),
    ("US", "12"),
    ("US", "555-2671"),
    ("US", "+1 415"),
    ("US", "+4155552671"),
    ("US", "+0 123 456 789"),
    ("US", "+999 12345678"),
    ("US", "00"),
    ("US", "+"),
    ("US", "4415555267"),
    ("GB", "07400 12345"),
    ("DE", "0"),
    ("ZZ", "4155552671"),
    ("US", "\ud800"),
    ("US", "1" * 65),
    ("US", "+1 415 555 2671" + " ext " + "1" * 60),
    ("US", 12),
    ("US", True),
    ("US", 4.155552671e9),
    ("US", ["4155552671"]),
    ("US", {"phone": "4155552671"}),
])
def test_it_rejects_invalid_phones(region, typed):
    with pytest.raises(InvalidField, match="^Phone is not a valid phone number$"):
        normalise_phone(typed, region)


def test_it_rejects_an_absurdly_long_phone_before_parsing(monkeypatch):
    def parse(*args):
        raise AssertionError("phonenumbers must not see absurd input")

    monkeypatch.setattr("phonenumbers.parse", parse)
    with pytest.raises(InvalidField):
        normalise_phone("4" * 65, "US")


@pytest.mark.parametrize("typed, expected", [
    ("john.doe@example.com", "john.doe@example.com"),
    ("  John.Doe@Example.COM  ", "john.doe@example.com"),
    ("\tJANE@EXAMPLE.ORG\n", "jane@example.org"),
    ("First.Last+Tag@Sub.Example.co.uk", "first.last+tag@sub.example.co.uk"),
    ("user@BÜCHER.de", "user@bücher.de"),
    ("user@xn--bcher-kva.de", "user@bücher.de"),
    ("Ünïcode@Example.com", "ünïcode@example.com"),
    ("Олена@Приклад.укр", "олена@приклад.укр"),
])
def test_it_normalises_emails(typed, expected):
    assert normalise_email(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_it_returns_none_for_an_empty_email(typed):
    assert normalise_email(typed) is None


@pytest.mark.parametrize("typed", [
    "plainaddress",
    "@example.com",
    "user@",
    "user@localhost",
    "user@@example.com",
    "us er@example.com",
    "user@example..com",
    "user.@example.com",
    "user@-example.com",
    "user@example.com, other@example.com",
    "John <john@example.com>",
    "\ud800@example.com",
    "x" * 400 + "@example.com",
    42,
    ["john@example.com"],
])
def test_it_rejects_invalid_emails(typed):
    with pytest.raises(InvalidField, match="^Email is not a valid address$"):
        normalise_email(typed)


def test_it_makes_invalid_field_a_value_error():
    assert issubclass(InvalidField, ValueError)


@pytest.mark.parametrize("code, valid", [
    ("US", True),
    ("GB", True),
    ("DE", True),
    ("UA", True),
    ("JP", True),
    ("us", False),
    ("ZZ", False),
    ("USA", False),
    ("001", False),
    ("", False),
    (None, False),
    (1, False),
])
def test_it_knows_which_regions_are_valid(code, valid):
    assert is_valid_region(code) is valid


# --- what mutation testing found untested (tests/mutation/run.py normalise) ---

@pytest.mark.parametrize("region, typed, expected", [
    ("US", "tel:0044 7400 123456", "+447400123456"),  # 'tel:' is dropped before '00' is read as '+'
    ("US", "tel: 0044 7400 123456", "+447400123456"),
    ("GB", "1-800-FLOWERS", "+18003569377"),  # not valid in GB, valid as international
    ("GB", "00 1 800 FLOWERS", "+18003569377"),
    ("US", "+1" + " " * 52 + "4155552671", "+14155552671"),  # 64 characters: the longest read
])
def test_it_reads_tel_and_00_prefixes_and_vanity_numbers_abroad(region, typed, expected):
    assert normalise_phone(typed, region) == expected


def test_it_refuses_a_phone_longer_than_64_characters():
    with pytest.raises(InvalidField):
        normalise_phone("+1" + " " * 53 + "4155552671", "US")


def test_a_bare_tel_prefix_is_no_number():
    assert normalise_phone("tel:", "US") is None


# --- the plain-address fast path gives the validator's answer, or steps aside ---

def corpus_emails() -> set[str]:
    """Every address-like string in the test suite's own files (processor bodies, API scenarios...)."""
    found = set()
    for path in Path(__file__).resolve().parents[1].rglob("*.py"):
        found |= set(re.findall(r"[^\s\"'<>(),;:\[\]]+@[^\s\"'<>(),;:\[\]]+", path.read_text(errors="replace")))
    return found


TRICKY_LOCAL = ["a", "john.doe", "x+tag", "a_b", "o'neil", "a--b", "-a", "a-", "#!$%&*=?^`{|}~/", "a..b", ".a",
                "a.", "postmaster", "info", "SALES", "ü", "a b", '"q"', ""]
TRICKY_DOMAIN = ["example.com", "ex-ample.co.uk", "a.b", "b.co", "ex--ample.com", "xn--bcher-kva.de", "-ex.com",
                 "ex-.com", "ex.c0m", "ex.123", "localhost", "x.local", "x.test", "x.invalid", "x.onion", "10.in-addr.arpa",
                 "home.arpa", "ex.com.", "ex..com", "a" * 63 + ".com", "a" * 64 + ".com", ("a" * 60 + ".") * 4 + "com",
                 "bücher.de", "ex.xn--p1ai", "ex.c", "ex.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk",
                 "[127.0.0.1]", "ex_ample.com"]


def validator_answer(text: str) -> str | None:
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        return None


def assert_fast_path_agrees(text: str) -> bool:
    if not plain_email(text):
        return False
    assert validator_answer(text) == text, text
    return True


def test_the_plain_address_fast_path_agrees_with_the_validator_on_the_corpus():
    typed = corpus_emails() | {f"{local}@{domain}" for local in TRICKY_LOCAL for domain in TRICKY_DOMAIN}
    typed |= {"x" * n + "@example.com" for n in (60, 64, 65, 240, 241, 242, 243)}
    fast = [text for text in {t.strip().lower() for t in typed} if assert_fast_path_agrees(text)]
    assert len(fast) > 100  # the corpus exercises the fast path, not only the way around it


@hypothesis.settings(max_examples=1000, derandomize=True, deadline=None)
@hypothesis.given(st.text(alphabet="abz09.-_+@'!#~ü", min_size=1, max_size=30)
                  | st.builds("{}@{}.{}".format, st.text(alphabet="ab.-_+'!", min_size=1, max_size=8),
                              st.text(alphabet="ab0-.", min_size=1, max_size=8),
                              st.sampled_from(["com", "test", "local", "arpa", "c0m", "co.uk", "x"])))
def test_the_plain_address_fast_path_agrees_with_the_validator_on_generated_text(text):
    assert_fast_path_agrees(text)


def test_it_normalises_a_plain_address_like_the_validator():
    assert normalise_email(" P1.X0+Tag@Example.COM ") == "p1.x0+tag@example.com"
    assert plain_email("p1.x0+tag@example.com") and not plain_email("user@xn--bcher-kva.de")

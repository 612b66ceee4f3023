"""The honeypot and the signed load stamp (pure functions)."""
import pytest

from svit_appliance.contact_form.spam import (
    HONEYPOT_FIELD,
    STAMP_FIELD,
    make_stamp,
    spam_reason,
    stamp_age,
    without_control_fields,
)
from svit_appliance.settings import Settings

KEY = bytes(range(32))
NOW = 1_800_000_000.0


def test_it_reads_back_the_age_of_its_own_stamp():
    assert stamp_age(KEY, make_stamp(KEY, NOW - 12.5), NOW) == pytest.approx(12.5)


@pytest.mark.parametrize("stamp", [
    make_stamp(b"another key" * 3, NOW), "1799999990000.0123456789abcdef0123456789abcdef", "", "abc", None, 12,
    make_stamp(KEY, NOW).replace(".", ".0"), "9" * 80,
])
def test_it_does_not_accept_a_stamp_it_did_not_sign(stamp):
    assert stamp_age(KEY, stamp, NOW) is None


@pytest.mark.parametrize("fields, reason", [
    ({"phone": "+1"}, None),
    ({HONEYPOT_FIELD: ""}, None),
    ({HONEYPOT_FIELD: "http://spam.example"}, "honeypot"),
    ({STAMP_FIELD: make_stamp(KEY, NOW - 10)}, None),
    ({STAMP_FIELD: make_stamp(KEY, NOW - 1)}, "too_fast"),
    ({STAMP_FIELD: make_stamp(KEY, NOW + 60)}, "too_fast"),
    ({STAMP_FIELD: "1.forged"}, "forged_stamp"),
    ({STAMP_FIELD: make_stamp(KEY, NOW - 10), HONEYPOT_FIELD: "x"}, "honeypot"),
])
def test_it_names_the_reason_a_post_is_spam(fields, reason):
    assert spam_reason(fields, KEY, 3, NOW) == reason


def test_it_turns_the_fill_time_check_off_at_zero():
    assert spam_reason({STAMP_FIELD: make_stamp(KEY, NOW)}, KEY, 0, NOW) is None


def test_it_drops_control_fields_only():
    assert without_control_fields({HONEYPOT_FIELD: "", STAMP_FIELD: "1", "_other": 1, "a": 2}) == {"_other": 1, "a": 2}


def test_it_takes_a_form_autofilled_in_about_a_second_for_a_person_by_default():
    minimum = Settings.load({}).form_min_fill_seconds
    for seconds in (0.9, 1.0, 1.8):
        assert spam_reason({STAMP_FIELD: make_stamp(KEY, NOW - seconds)}, KEY, minimum, NOW) is None
    assert spam_reason({STAMP_FIELD: make_stamp(KEY, NOW - 0.1)}, KEY, minimum, NOW) == "too_fast"

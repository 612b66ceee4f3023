"""What every destination kind of the registry owes the rest of svit, checked for each kind: a kind
added to ``KINDS`` is covered without touching this file."""
import dataclasses

import pytest

from svit_appliance.core.errors import Refused
from svit_appliance.destinations.kinds import KINDS
from svit_appliance.destinations.kinds.base import DestinationKind
from svit_appliance.destinations.outbound import Limits

EACH_KIND = pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))


def secret_keys(kind: DestinationKind) -> set[str]:
    """Config keys that hold a secret: password fields, and a signing secret."""
    return {field.name for field in kind.form_fields if field.input_type == "password"} | {"secret"}


def test_it_registers_each_kind_under_its_own_name():
    assert all(name == kind.name for name, kind in KINDS.items())


@EACH_KIND
def test_it_asks_both_faces_for_the_same_options(kind):
    from_cli = {option.key for option in kind.cli_options}
    from_cli |= {option.secret_from_stdin for option in kind.cli_options if option.secret_from_stdin}
    assert from_cli == {field.name for field in kind.form_fields}


def assert_alike_but_for_help(declarations, key) -> None:
    first = {}
    for declared in declarations:
        alike = dataclasses.replace(declared, help="")
        assert first.setdefault(key(declared), alike) == alike, f"{key(declared)} is declared differently by two kinds"


def test_it_declares_a_form_field_several_kinds_share_alike_but_for_its_help():
    assert_alike_but_for_help([field for kind in KINDS.values() for field in kind.form_fields], lambda f: f.name)


def test_it_declares_a_cli_option_several_kinds_share_alike_but_for_its_help():
    assert_alike_but_for_help([option for kind in KINDS.values() for option in kind.cli_options], lambda o: o.flag)


@EACH_KIND
def test_it_refuses_missing_options_on_a_field_the_console_shows(kind):
    try:
        kind.configure({}, Limits())
    except Refused as refused:
        assert refused.field in {field.name for field in kind.form_fields}


@EACH_KIND
def test_it_never_shows_a_password_or_a_secret(kind):
    config = {field.name: f"value of {field.name}" for field in kind.form_fields} | {"secret": "value of secret"}
    shown = " ".join(f"{detail.term} {detail.value}" for detail in kind.describe(config))
    for key in secret_keys(kind):
        assert f"value of {key}" not in shown and key not in kind.shown_config

"""Every documented provider body in corpus/ must become exactly its expected persons.

Each file is {"type", "source", "body", "persons"} (plus an optional "note", and
"no_contact_details": true for notifications that by design name no one). A person's
fields that the file does not list must not be found either.
"""
import json
from pathlib import Path

import pytest

from svit_appliance.processors import INTEGRATION_TYPES, NoContactDetails

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*/*.json"))
FIELDS = ("name", "first_name", "last_name", "email", "phone", "company")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def found(body_type: str, body) -> tuple[list[dict], str | None]:
    try:
        persons = INTEGRATION_TYPES[body_type].process(body, {})
    except NoContactDetails as notice:
        return [], notice.warning
    return [{field: getattr(p, field) for field in FIELDS if getattr(p, field) is not None} for p in persons], None


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_it_extracts_exactly_the_documented_persons(path):
    case = load(path)
    persons, warning = found(case["type"], case["body"])
    assert persons == case["persons"]
    assert bool(warning) == case.get("no_contact_details", False)


def test_it_holds_at_least_60_bodies_over_every_type():
    types = {load(path)["type"] for path in FILES}
    assert len(FILES) >= 60
    assert types == set(INTEGRATION_TYPES) - {"OTHER"}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_each_body_names_its_type_folder_and_a_source(path):
    case = load(path)
    assert case["type"] == path.parent.name
    assert case["source"].strip()

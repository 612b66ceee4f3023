"""Dry-run of an integration: the persons a body would become, with no write of any kind.

It runs what a job runs (the type's processor, normalisation, the dedupe match and the merge
rules of ``core.persons``) but only reads: each person is reported as ``new`` or as an update
of the person it matches, with the changes the merge would make. Persons found earlier in the
same body count as written, so a batch that names one person twice reads as one new person
and one update, as the job would write it.
"""
from dataclasses import dataclass

from ..core.errors import Refused
from ..core.persons import Candidate, find_match, merge_changes, normalise_person
from ..processors import PayloadError, get_integration_type
from ..store.jobs import default_region
from ..store.models import Integration, Person
from .jobs import no_person_warning

FIELD_NAMES = {"first_name": "firstName", "last_name": "lastName", "email_raw": "emailTyped",
               "phone_raw": "phoneTyped"}
SHOWN_FIELDS = ("name", "first_name", "last_name", "email", "email_raw", "phone", "phone_raw", "company",
                "attributes")


@dataclass(frozen=True)
class DryRun:
    persons: list[dict]
    warning: str | None

    def view(self) -> dict:
        """The API's answer to ``?dryRun=true`` (API.md)."""
        return {"dryRun": True, "persons": self.persons, "warning": self.warning}


def _camel(name: str) -> str:
    return FIELD_NAMES.get(name, name)


def fields_view(candidate: Candidate) -> dict:
    """The person's values as the job would store them; what was typed only where it differs."""
    fields = {_camel(name): getattr(candidate, name) for name in SHOWN_FIELDS if getattr(candidate, name)}
    for typed, stored in (("emailTyped", "email"), ("phoneTyped", "phone")):
        if fields.get(typed) == fields.get(stored):
            fields.pop(typed, None)
    if candidate.problems:
        fields["problems"] = dict(candidate.problems)
    return fields


def changes_view(changes: dict) -> dict:
    return {_camel(name): {"from": old, "to": new} for name, (old, new) in changes.items()}


def _as_person(project_id: str, candidate: Candidate) -> Person:
    """A person this body would create, kept in memory so later records of the body match it."""
    return Person(id=None, project=project_id, attributes=dict(candidate.attributes),
                  **{name: getattr(candidate, name) for name in SHOWN_FIELDS if name != "attributes"})


class _Simulation:
    """The project's persons as the job would leave them, record by record, without writing."""

    def __init__(self, project_id: str):
        self.project_id = project_id
        self.created: list[Person] = []
        self.position: dict[int, int] = {}  # id() of a created person -> its place in ``created``
        self.touched: dict[str, Person] = {}
        # email or phone -> where in ``created`` the persons are that ever held it: a record finds its
        # match among them in one look-up (reading every created person made a body of n persons cost n²)
        self.holders: dict[str, dict[str, list[int]]] = {"email": {}, "phone": {}}

    def _hold(self, person: Person, column: str, value: str | None) -> None:
        if value:
            self.holders[column].setdefault(value, []).append(self.position[id(person)])

    def _earlier(self, column: str, value: str) -> Person | None:
        """The first created person that holds ``value`` now (one may have held it, then changed)."""
        return next((self.created[place] for place in sorted(self.holders[column].get(value, ()))
                     if getattr(self.created[place], column) == value), None)

    def match(self, candidate: Candidate) -> Person | None:
        for column in ("email", "phone"):
            value = getattr(candidate, column)
            earlier = value and self._earlier(column, value)
            if earlier:
                return earlier
            stored = value and find_match(self.project_id, Candidate(**{column: value}))
            if stored:
                return self.touched.setdefault(stored.id, stored)
        return None

    def decide(self, candidate: Candidate) -> dict:
        person = self.match(candidate)
        if person is None:
            person = _as_person(self.project_id, candidate)
            self.position[id(person)] = len(self.created)
            self.created.append(person)
            for column in self.holders:
                self._hold(person, column, getattr(person, column))
            return {"fields": fields_view(candidate), "decision": "new", "personId": None, "changes": {}}
        changes = merge_changes(person, candidate)
        for name, (_, new) in changes.items():
            setattr(person, name, new)
            if name in self.holders and id(person) in self.position:
                self._hold(person, name, new)
        return {"fields": fields_view(candidate), "decision": "update", "personId": person.id,
                "changes": changes_view(changes)}


def dry_run(integration: Integration, payload) -> DryRun:
    """What ingesting ``payload`` (a parsed JSON value) through ``integration`` would write."""
    integration_type = get_integration_type(integration.type)
    if integration_type is None or not integration_type.supported:
        raise Refused(f"Integration type '{integration.type}' has no processor: change the type to try a payload",
                      "type")
    try:
        found = integration_type.process(payload, integration.config or {})
    except PayloadError as error:
        return DryRun([], f"the job would fail: {error}")
    region = default_region(integration.project_id)
    simulation = _Simulation(integration.project_id)
    persons = [simulation.decide(normalise_person(person, region)) for person in found]
    return DryRun(persons, None if persons else no_person_warning(integration))


def describe(person: dict) -> str:
    """One line for a person of a dry-run: ``new: Ada <ada@x>`` or ``would update per_...: phone added``."""
    fields = person["fields"]
    who = " ".join(str(fields[k]) for k in ("name", "email", "phone") if fields.get(k)) or "(no name, email or phone)"
    if person["decision"] == "new":
        return f"new person: {who}"
    target = person["personId"] or "a person created earlier in this body"
    what = ", ".join(f"{name} {'added' if change['from'] in (None, '', {}) else 'changed'}"
                     for name, change in person["changes"].items()
                     if name not in ("emailTyped", "phoneTyped")) or "nothing changes"
    return f"would update {target} ({who}): {what}"

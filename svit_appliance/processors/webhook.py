"""WEBHOOK: any JSON. Persons are found by their usual key spellings (in any of the
vocabulary's languages), in flat, nested and batched bodies; an integration's ``mapping`` of
dotted paths overrides the detection. Lists of question/answer objects read as the object
of their answers, and an object of one-element arrays (Apps Script's namedValues) as its
values."""
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterator

from . import vocabulary
from .base import PayloadError, PersonInput
from .common import (
    ATTRIBUTE,
    PERSON_FIELDS,
    Answer,
    compact,
    identified,
    key_guess,
    key_kind,
    labelled_items,
    lookup,
    person_from_answers,
    unwrap_single_values,
)

Path = tuple[str, ...]  # a leaf's keys from the record down: ("contact", "emails", "0")

_CONTACT_KINDS = ("email", "phone")
_NAME_KINDS = ("name", "first_name", "last_name", vocabulary.NAME_OR_PART)
# Objects whose name is a person's name, even with no email or phone beside it.
_PERSON_OBJECTS = {
    "contact", "person", "customer", "lead", "user", "client", "subscriber", "member", "attendee",
    "invitee", "submitter", "respondent", "buyer", "profile", "applicant", "candidate", "guest",
    "visitor", "sender", "from", "author", "prospect", "participant", "student", "patient",
}
_JSON_KINDS = {type(None): "null", bool: "a boolean", str: "a string", int: "a number", float: "a number"}
_BATCH_DEPTH = 3  # how deep an object may hold its array of records: {"data": {"leads": [...]}}


def process(payload: Any, config: dict) -> list[PersonInput]:
    mapping = _mapping(config)
    payload = _answers_as_objects(unwrap_single_values(payload))
    if isinstance(payload, list):
        return _persons(payload, mapping)
    if not isinstance(payload, dict):
        raise PayloadError(
            f"A WEBHOOK body must be a JSON object or an array of objects, not {_kind_of(payload)}."
        )
    if not _holds_contact(payload, mapping):
        batch = _batch(payload, mapping, _BATCH_DEPTH)
        if batch:
            return batch
    return _persons([payload], mapping)


def _answers_as_objects(value: Any, depth: int = 2) -> Any:
    """[{"question": "Email", "answer": "a@b.c"}, ...] as {"Email": "a@b.c", ...}: a list of
    answers is one record, not a batch of records. Looked for where forwarding scripts put
    one (the body, its values, and theirs: {"embeds": [{"fields": [...]}]}); anything else
    is returned as it is, the same object."""
    if isinstance(value, list):
        items = labelled_items(value) if value and isinstance(value[0], dict) else None
        if items is not None:
            return _answers_object(items)
        if not depth:
            return value
        converted = [_answers_as_objects(item, depth - 1) for item in value]
        return value if all(a is b for a, b in zip(converted, value)) else converted
    if isinstance(value, dict) and depth:
        converted = {key: _answers_as_objects(item, depth - 1) for key, item in value.items()}
        return value if all(converted[key] is item for key, item in value.items()) else converted
    return value


def _answers_object(items: list[tuple[str, Any, dict]]) -> dict:
    answers: dict[str, Any] = {}
    for label, answer, _ in items:
        key, count = label, 1
        while key in answers:
            count += 1
            key = f"{label} ({count})"
        answers[key] = answer[0] if isinstance(answer, list) and len(answer) == 1 else answer
    return answers


def _mapping(config: dict | None) -> dict[str, str]:
    mapping = (config or {}).get("mapping") or {}
    if not isinstance(mapping, dict):
        raise PayloadError("The integration's mapping must be an object of person field to dotted path.")
    for field, path in mapping.items():
        if field not in PERSON_FIELDS:
            fields = ", ".join(PERSON_FIELDS)
            raise PayloadError(f"The mapping names {field!r}, which is not one of {fields}.")
        if not isinstance(path, str) or not path.strip():
            raise PayloadError(f"The mapping for {field!r} must be a dotted path such as \"contact.email\".")
    return mapping


def _kind_of(payload: Any) -> str:
    return _JSON_KINDS.get(type(payload), type(payload).__name__)


def _persons(records: list, mapping: dict) -> list[PersonInput]:
    return [p for record in records if isinstance(record, dict) for p in identified(_person(record, mapping))]


def _batch(obj: dict, mapping: dict, depth: int) -> list[PersonInput]:
    """The persons of the first array of records this object holds, if any."""
    for value in obj.values():
        if isinstance(value, list) and (persons := _persons(value, mapping)):
            return persons
    if depth:
        for value in obj.values():
            if isinstance(value, dict) and (persons := _batch(value, mapping, depth - 1)):
                return persons
    return []


def _holds_contact(record: dict, mapping: dict) -> bool:
    """Whether this object is itself one record: a mapped path or an email/phone outside arrays."""
    if any(lookup(record, path) is not None for path in mapping.values()):
        return True
    return any(_leaf_kind(path) in _CONTACT_KINDS for path, _ in _leaves(record, into_arrays=False))


def _person(record: dict, mapping: dict) -> PersonInput:
    mapped = [Answer(path, lookup(record, path), field) for field, path in mapping.items()]
    leaves = sorted(_leaves(record), key=lambda leaf: len(leaf[0]))  # shallow keys win: stable
    paths, mapped_paths = tuple(path for path, _ in leaves), tuple(mapping.items())
    reading = (_read_keys_cached if len(paths) <= _CACHED_KEY_SETS_UP_TO else _read_keys)(paths, mapped_paths)
    return person_from_answers(mapped + [Answer(label, leaves[index][1], kind) for index, label, kind in reading])


def _read_keys(paths: tuple[Path, ...], mapped_paths: tuple[tuple[str, str], ...]) -> tuple[tuple[int, str, str], ...]:
    """(leaf index, label, kind) for the leaves a record with these leaf paths keeps: what each
    key names depends on the keys alone (and the mapping), never on the values."""
    mapping = dict(mapped_paths)
    beside_contact = {_parent(path) for path in paths if _leaf_kind(path) in _CONTACT_KINDS}
    kept = [(index, path) for index, path in enumerate(paths) if not _under_mapped(path, mapping)]
    found = [_answer(path, None, mapping, beside_contact) for _, path in kept]
    resolved = _resolve_name_parts(found, [(path, None) for _, path in kept])
    return tuple((index, answer.label, answer.kind) for (index, _), answer in zip(kept, resolved))


# The records of a batch, and a form's submissions job after job, share their keys: each key set is
# read once. Records with very many leaves are read afresh rather than kept.
_CACHED_KEY_SETS_UP_TO = 200
_read_keys_cached = lru_cache(maxsize=512)(_read_keys)


def _resolve_name_parts(answers: list[Answer], leaves: list[tuple[Path, Any]]) -> list[Answer]:
    """Keys that are the name or one half of it ("name", "Имя", "nombre") read within their
    object: beside "surname" or "Фамилия" they are the first name (vocabulary). The halves
    then make the name: a name in an object further down (a referrer's) must not take over."""
    kinds = [answer.kind for answer in answers]
    if vocabulary.NAME_OR_PART not in kinds or not _HALVES.intersection(kinds):
        return answers  # nothing to decide: a lone "name" reads as the name (common._choose)
    parents = [_parent(path) for path, _ in leaves]
    resolved = list(answers)
    halved = None
    for parent in dict.fromkeys(parents):
        indexes = [i for i, p in enumerate(parents) if p == parent]
        for i, kind in zip(indexes, vocabulary.resolve_name_parts(kinds[i] for i in indexes)):
            if kind != kinds[i]:
                resolved[i] = replace(answers[i], kind=kind)
                halved = parent if halved is None and kind != "name" else halved
    if halved is not None:
        first = parents.index(halved)
        resolved = [replace(a, kind=ATTRIBUTE) if i > first and a.kind == "name" and parents[i] != halved else a
                    for i, a in enumerate(resolved)]
    return resolved


_HALVES = {"first_name", "last_name"}


def _answer(path: Path, value: Any, mapping: dict, beside_contact: set[Path]) -> Answer:
    kind = _leaf_kind(path) if _outside_arrays(path) else None
    if kind in _NAME_KINDS and not _names_a_person(path, beside_contact):
        kind = None
    if kind is not None and mapping and (kind in mapping or (kind == vocabulary.NAME_OR_PART and "name" in mapping)):
        kind = None  # the mapping decides this field
    return Answer(".".join(path), value, ATTRIBUTE if kind is None else kind)


def _names_a_person(path: Path, beside_contact: set[Path]) -> bool:
    """Whether a nested name is the person's: next to an email or phone, in a contact-like
    object, or in a name object ({"name": {"first", "last"}}); a product's name is not."""
    parent = _parent(path)
    if not parent or parent in beside_contact:
        return True
    return compact(parent[-1]) in _PERSON_OBJECTS or key_kind(parent[-1]) == "name"


def _parent(path: Path) -> Path:
    """The path of the object holding a leaf ("contact.emails.0" is held by "contact")."""
    own = path[:-1] if path and path[-1].isdigit() else path
    return own[:-1]


def _outside_arrays(path: Path) -> bool:
    """Whether a leaf belongs to this record rather than to an array of other things in it
    (an order's line items have names too); a list of emails is the record's own."""
    return not any(part.isdigit() for part in path[:-1])


def _under_mapped(path: Path, mapping: dict) -> bool:
    if not mapping:
        return False
    dotted = ".".join(path)
    return any(dotted == p or dotted.startswith(p + ".") for p in mapping.values())


def _leaves(value: Any, path: Path = (), into_arrays: bool = True) -> Iterator[tuple[Path, Any]]:
    """(path, value) for every plain value; arrays of plain values stay whole unless they
    hold emails or phones ("emails": [...]), so that each can be told apart."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (str(key),), into_arrays)
    elif isinstance(value, list) and (_leaf_kind(path) in _CONTACT_KINDS or into_arrays and _nests(value)):
        for index, item in enumerate(value):
            if into_arrays or not isinstance(item, (dict, list)):
                yield from _leaves(item, path + (str(index),), into_arrays)
    elif path:
        yield path, value


def _nests(items: list) -> bool:
    return any(isinstance(item, (dict, list)) for item in items)


@lru_cache(maxsize=4096)  # the records of a batch share their paths
def _leaf_kind(path: Path) -> str | None:
    """The person field a leaf's key names; inside a company object its name is the company's
    and its email or phone are the company's, not the person's."""
    keys = [part for part in path if not part.isdigit()]
    if not keys:
        return None
    kind = key_guess(keys[-1])
    if any(key_kind(key) == "company" for key in keys[:-1]):
        return "company" if kind in ("name", vocabulary.NAME_OR_PART) else None
    return kind

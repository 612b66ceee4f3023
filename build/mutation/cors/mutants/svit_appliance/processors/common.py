"""What the processors share: key spellings, dotted paths, values, and building a person.

A processor turns its provider's body into a list of ``Answer`` (a label, a value, and the
person field the provider itself declares, if any) and lets ``person_from_answers`` choose the
person's fields; every answer not chosen is kept in the person's attributes under its label.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from .base import PersonInput

PERSON_FIELDS = ("name", "first_name", "last_name", "email", "phone", "company")
ATTRIBUTE = "attribute"  # an Answer kind: never a person field, whatever its label says

# JSON key spellings, compared after compact(): "E-mail", "e_mail" and "Email" are all "email".
KEY_SPELLINGS = {
    "name": {"name", "fullname", "yourname", "contactname", "displayname", "customername", "personname"},
    "first_name": {"firstname", "first", "fname", "givenname", "forename"},
    "last_name": {"lastname", "last", "lname", "surname", "familyname"},
    "email": {
        "email", "emails", "emailaddress", "emailaddresses", "mail", "workemail", "contactemail",
        "primaryemail", "personalemail", "businessemail",
    },
    "phone": {
        "phone", "phones", "phonenumber", "phonenumbers", "phoneno", "mobile", "mobilephone",
        "mobilenumber", "tel", "telephone", "telephonenumber", "cell", "cellphone", "cellnumber",
        "contactnumber", "workphone", "homephone",
    },
    "company": {
        "company", "companyname", "organization", "organisation", "organizationname",
        "organisationname", "org", "business", "businessname", "employer",
    },
}
_KIND_BY_SPELLING = {spelling: kind for kind, spellings in KEY_SPELLINGS.items() for spelling in spellings}

# Words a question wraps around what it asks: "What's your name?" asks for a name.
_FILLER = {
    "what", "whats", "s", "is", "are", "your", "my", "the", "a", "an", "and", "of", "do", "you",
    "for", "at", "please", "enter", "here", "called", "work", "us", "tell", "can", "we", "may",
    "have", "i", "me", "to", "in", "it", "thanks", "thank", "hi", "hello", "who", "ok", "okay",
    "great", "let", "know", "first", "then", "now", "full", "complete", "legal", "contact",
}
# Words that make "company ..." ask about something else than the company's name.
_NOT_COMPANY = {
    "size", "website", "site", "url", "domain", "industry", "type", "revenue", "employees",
    "address", "role", "position", "title", "country", "city", "logo", "number", "count", "id",
}
_PHONE_WORDS = {"tel", "mobile", "cell", "whatsapp"}


def compact(key: Any) -> str:
    """The key lower-cased without separators: "First Name", "first_name", "firstName" match."""
    return re.sub(r"[\s_\-.]+", "", str(key)).casefold()


def words(label: Any) -> list[str]:
    """The lower-case words of a label, camelCase split: "phoneNumber" -> ["phone", "number"]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(label))
    return [word for word in re.split(r"[\W_]+", spaced.casefold()) if word]


def key_kind(key: Any) -> str | None:
    """The person field a JSON key names in one of its usual spellings, else None."""
    return _key_kind(str(key))


def label_kind(label: Any) -> str | None:
    """The person field a form question or field label asks for, else None."""
    return _label_kind(str(label))


# Cached: a batch repeats the same few keys in every record.
@lru_cache(maxsize=4096)
def _key_kind(key: str) -> str | None:
    return _KIND_BY_SPELLING.get(compact(key))


@lru_cache(maxsize=4096)
def _label_kind(label: str) -> str | None:
    kind = _key_kind(label)
    if kind:
        return kind
    tokens = words(label)
    joined = "".join(tokens)
    for kind, test in _LABEL_TESTS:
        if test(tokens, joined):
            return kind
    return None


def _asks_company(tokens: list[str], joined: str) -> bool:
    named = any(word in joined for word in ("company", "organization", "organisation", "employer"))
    return named and not _NOT_COMPANY.intersection(tokens) and len(set(tokens) - _FILLER) <= 2


def _asks_name(tokens: list[str], joined: str) -> bool:
    return "name" in tokens and not set(tokens) - _FILLER - {"name"}


_LABEL_TESTS: tuple[tuple[str, Callable[[list[str], str], bool]], ...] = (
    ("email", lambda tokens, joined: "email" in joined),
    ("phone", lambda tokens, joined: "phone" in joined or bool(_PHONE_WORDS.intersection(tokens))),
    ("first_name", lambda tokens, joined: any(w in joined for w in ("firstname", "givenname", "forename"))),
    ("last_name", lambda tokens, joined: any(w in joined for w in ("lastname", "surname", "familyname"))),
    ("company", _asks_company),
    ("name", _asks_name),
)


def lookup(value: Any, path: str) -> Any:
    """The value at a dotted path ("contact.emails.0"; numeric parts index arrays), else None."""
    for part in str(path).split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def text(value: Any) -> str | None:
    """The value as typed if it is a non-blank string or a whole number, else None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def is_blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def join_name(*parts: str | None) -> str | None:
    """The non-blank parts joined by a space: first and last name make the name."""
    return " ".join(part.strip() for part in parts if part and part.strip()) or None


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted keys ("address.city"); blanks dropped; lists of plain values kept."""
    flat: dict[str, Any] = {}
    _flatten_into(flat, prefix, value)
    return flat


def _flatten_into(flat: dict, key: str, value: Any) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _flatten_into(flat, f"{key}.{name}" if key else str(name), item)
    elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        for index, item in enumerate(value):
            _flatten_into(flat, f"{key}.{index}" if key else str(index), item)
    elif isinstance(value, list):
        kept = [item for item in value if not is_blank(item)]
        if kept:
            flat[key] = kept
    elif not is_blank(value):
        flat[key] = value


def put(attributes: dict, key: str, value: Any) -> None:
    """Add a value (flattened under key) without overwriting: a second "Email" is "Email (2)"."""
    key = key or "value"
    if key not in attributes and not isinstance(value, (dict, list)):
        if not is_blank(value):
            attributes[key] = value
        return
    for name, item in flatten(value, key).items():
        unique, count = name, 1
        while unique in attributes:
            count += 1
            unique = f"{name} ({count})"
        attributes[unique] = item


def without(obj: dict, skip: Iterable[str]) -> dict:
    """A flattened copy of obj without the dotted keys in skip, nor anything under them."""
    prefixes = tuple(f"{key}." for key in skip)
    skipped = set(skip)
    return {k: v for k, v in flatten(obj).items() if k not in skipped and not k.startswith(prefixes)}


@dataclass(frozen=True)
class Answer:
    """One labelled value from a payload.

    ``kind`` is the person field the provider declares for it ("email" for a typed email
    question), ``None`` to guess it from the label, or ``ATTRIBUTE`` to keep it as an attribute.
    """

    label: str
    value: Any
    kind: str | None = None


FieldPaths = dict[str, tuple[str, ...]]


def answers_from_paths(obj: dict, paths: FieldPaths, skip: tuple[str, ...] = ()) -> list[Answer]:
    """Answers for a provider object of known shape: each field read from its dotted paths,
    best first, then every other value (but those in skip) as an attribute."""
    declared = [Answer(path, lookup(obj, path), kind) for kind, options in paths.items() for path in options]
    used = {answer.label for answer in declared}
    rest = [Answer(key, value, ATTRIBUTE) for key, value in without(obj, skip).items() if key not in used]
    return declared + rest


def person_from_answers(answers: list[Answer], extras: dict | None = None) -> PersonInput:
    """The person in these answers: for each field the first declared answer with a value,
    else the first whose label asks for it; everything else (then extras) as attributes."""
    chosen = _choose(answers)
    fields = {kind: text(answers[index].value) for kind, index in chosen.items()}
    attributes: dict[str, Any] = {}
    for index, answer in enumerate(answers):
        if index not in chosen.values() and not _repeats(answer, fields):
            put(attributes, answer.label, answer.value)
    for key, value in (extras or {}).items():
        put(attributes, key, value)
    name = fields.get("name") or join_name(fields.get("first_name"), fields.get("last_name"))
    return PersonInput(
        name=name,
        first_name=fields.get("first_name"),
        last_name=fields.get("last_name"),
        email=fields.get("email"),
        phone=fields.get("phone"),
        company=fields.get("company"),
        attributes=attributes,
    )


def _choose(answers: list[Answer]) -> dict[str, int]:
    """The index of the answer chosen for each field: declared answers first, then guesses."""
    declared: dict[str, int] = {}
    guessed: dict[str, int] = {}
    for index, answer in enumerate(answers):
        if answer.kind is None:
            kind = label_kind(answer.label)
            if kind and kind not in guessed and _fits(kind, answer.value):
                guessed[kind] = index
        elif answer.kind != ATTRIBUTE and answer.kind not in declared and text(answer.value) is not None:
            declared[answer.kind] = index
    return {**guessed, **declared}


def _fits(kind: str, value: Any) -> bool:
    """Whether a value is plausibly this field, when only its label says so."""
    value = text(value)
    if value is None:
        return False
    if kind == "email":
        return "@" in value
    if kind == "phone":
        return sum(char.isdigit() for char in value) >= 5
    return True


def _repeats(answer: Answer, fields: dict) -> bool:
    """Whether a declared answer only repeats the value chosen for its field (an order's email
    that is also its customer's): keeping it as an attribute would say nothing new."""
    return answer.kind in fields and text(answer.value) == fields[answer.kind]


def identified(person: PersonInput | None) -> list[PersonInput]:
    """[person] if it has a name, an email or a phone: anything less is nobody to record."""
    if person is None or not (person.name or person.email or person.phone):
        return []
    return [person]

"""What the processors share: key spellings, dotted paths, values, and building a person.

A processor turns its provider's body into a list of ``Answer`` (a label, a value, and the
person field the provider itself declares, if any) and lets ``person_from_answers`` choose the
person's fields; every answer not chosen is kept in the person's attributes under its label.
Labels are read in many languages by ``vocabulary`` (one table of words).
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from . import vocabulary
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

def compact(key: Any) -> str:
    """The key lower-cased without separators: "First Name", "first_name", "firstName" match."""
    return re.sub(r"[\s_\-.]+", "", str(key)).casefold()


def words(label: Any) -> list[str]:
    """The lower-case words of a label, camelCase split: "phoneNumber" -> ["phone", "number"]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(label))
    return [word for word in re.split(r"[\W_]+", spaced.casefold()) if word]


def key_kind(key: Any) -> str | None:
    """The person field a JSON key names: one of its usual spellings, or word for word a
    phrase of the vocabulary in any of its languages ("Телефон", "correo", "お名前")."""
    kind = key_guess(key)
    return "name" if kind == vocabulary.NAME_OR_PART else kind


def key_guess(key: Any) -> str | None:
    """Like key_kind, but a key that may be the name or one half of it ("name", "Имя",
    "nombre") stays ``vocabulary.NAME_OR_PART``, for resolve_name_parts to decide."""
    return _key_guess(str(key))


def label_kind(label: Any) -> str | None:
    """The person field (or "message") a form question or field label asks for, else None."""
    return _KIND_BY_SPELLING.get(compact(label)) or vocabulary.label_kind(label)


# Cached: a batch repeats the same few keys in every record.
@lru_cache(maxsize=4096)
def _key_guess(key: str) -> str | None:
    return vocabulary.key_match(key) or _KIND_BY_SPELLING.get(compact(key))


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
    ``key`` is the provider's own name for the field (a Typeform ref, an Elementor field id, a
    Paperform custom key): guessed from when the label says nothing.
    """

    label: str
    value: Any
    kind: str | None = None
    key: str | None = None


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
    else the first whose label (or key) asks for it; everything else (then extras) as
    attributes. First and last name make the name, family name first where that is the
    custom (Japanese 姓 名, Vietnamese Họ Tên)."""
    chosen = _choose(answers)
    fields = {kind: text(answers[index].value) for kind, index in chosen.items()}
    attributes: dict[str, Any] = {}
    for index, answer in enumerate(answers):
        if index not in chosen.values() and not _repeats(answer, fields):
            put(attributes, answer.label, answer.value)
    for key, value in (extras or {}).items():
        put(attributes, key, value)
    return PersonInput(
        name=fields.get("name") or _full_name(fields, answers, chosen),
        first_name=fields.get("first_name"),
        last_name=fields.get("last_name"),
        email=fields.get("email"),
        phone=fields.get("phone"),
        company=fields.get("company"),
        attributes=attributes,
    )


def _full_name(fields: dict, answers: list[Answer], chosen: dict[str, int]) -> str | None:
    first, last = fields.get("first_name"), fields.get("last_name")
    if first and last and vocabulary.family_name_first(answers[chosen["last_name"]].label):
        return join_name(last, first)
    return join_name(first, last)


def _choose(answers: list[Answer]) -> dict[str, int]:
    """The index of the answer chosen for each field: declared answers first, then guesses."""
    declared: dict[str, int] = {}
    guessed: dict[str, int] = {}
    for index, (answer, guess) in enumerate(zip(answers, _guesses(answers))):
        if answer.kind is None:
            if guess in PERSON_FIELDS and guess not in guessed and _fits(guess, answer.value):
                guessed[guess] = index
        elif answer.kind != ATTRIBUTE and text(answer.value) is not None:
            kind = "name" if answer.kind == vocabulary.NAME_OR_PART else answer.kind
            declared.setdefault(kind, index)
    return {**guessed, **declared}


def _guesses(answers: list[Answer]) -> list[str | None]:
    """What each undeclared answer's label (else key) asks for, read as one form: "Nom" is
    the last name beside "Prénom", the name alone (vocabulary.resolve_name_parts)."""
    if all(answer.kind is not None for answer in answers):
        return [None] * len(answers)  # every field declared by the provider: nothing to guess
    kinds = [answer.kind if answer.kind is not None else _guess(answer) for answer in answers]
    if vocabulary.NAME_OR_PART in kinds:
        kinds = vocabulary.resolve_name_parts(kinds)
    return [guess if answer.kind is None else None for answer, guess in zip(answers, kinds)]


def _guess(answer: Answer) -> str | None:
    kind = _label_guess(str(answer.label))
    if kind is None and answer.key is not None:
        kind = _label_guess(str(answer.key))
    return kind


def label_guess(label: Any) -> str | None:
    """What a lone label asks for, read like a form's (a CSV header row is one):
    "Name" or "Nom" stays ``vocabulary.NAME_OR_PART`` for resolve_name_parts to decide."""
    return _label_guess(str(label))


@lru_cache(maxsize=4096)
def _label_guess(label: str) -> str | None:
    """Like label_kind, but a word that may be the name or one half of it ("Name" beside
    "Surname", "Nom" beside "Prénom") stays vocabulary.NAME_OR_PART."""
    match = vocabulary.label_match(label)
    return match.field if match else _KIND_BY_SPELLING.get(compact(label))


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


_EMAIL_SHAPE = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}")
_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-/]{7,24}")


def unwrap_single_values(obj: Any) -> Any:
    """An object whose every value is a one-element array ({"Email": ["a@b.c"]}, as Google
    Apps Script's namedValues and some PHP forms send answers) with the arrays unwrapped;
    anything else as it is. The whole object must be so: one odd list is not a shape."""
    if not isinstance(obj, dict) or not obj:
        return obj
    if all(isinstance(v, list) and len(v) == 1 and not isinstance(v[0], (dict, list)) for v in obj.values()):
        return {key: value[0] for key, value in obj.items()}
    return obj


def shape_kind(value: Any) -> str | None:
    """"email" or "phone" when an unlabelled value has that shape alone (Gravity Forms keys
    its entries by field number, Apps Script's e.values has no questions), else None."""
    value = text(value)
    if value is None:
        return None
    value = value.strip()
    if _EMAIL_SHAPE.fullmatch(value):
        return "email"
    digits = sum(char.isdigit() for char in value)
    # Bare digits are an order number or an id as often as a phone: only "+..." or "0..." count.
    bare = value.isdigit() and not value.startswith("0")
    if _PHONE_SHAPE.fullmatch(value) and 7 <= digits <= 15 and not bare and not _looks_like_date(value):
        return "phone"
    return None


def _looks_like_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?)?", value))


_BRACKETS = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])+)$")


def nest_form_fields(fields: dict) -> dict:
    """A form post's PHP-style names as nested objects: "fields[email][value]" becomes
    {"fields": {"email": {"value": ...}}}. WordPress plugins post arrays this way, and the
    appliance stores a form post as one flat object of its field names."""
    nested: dict = {}
    for key, value in fields.items():
        match = _BRACKETS.match(str(key))
        if not match:
            _merge(nested, [str(key)], value)
            continue
        parts = [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))
        _merge(nested, parts, value)
    return nested


def _merge(target: dict, parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        existing = target.get(part)
        if not isinstance(existing, dict):
            existing = {} if existing is None else {"": existing}
            target[part] = existing
        target = existing
    last = parts[-1]
    if last == "":  # "name[]": a list
        last = str(len(target))
    if isinstance(target.get(last), dict) and not isinstance(value, dict):
        target[last][""] = value
    else:
        target[last] = value


# Keys that hold the question and the answer in lists of answers posted as
# [{"question": ..., "answer": ...}] (Google Forms item responses, Discord-style fields).
LABEL_KEYS = ("question", "title", "label", "name", "item", "field")
VALUE_KEYS = ("answer", "response", "value", "values", "answers")
_ITEM_NOISE = {"id", "type", "inline", "description", "index", "key", "ref", "required", "itemid", "itemtype"}


def labelled_items(items: Any) -> list[tuple[str, Any, dict]] | None:
    """(label, value, item) for a list of question/answer objects, else None when the list is
    something else (records, line items): every item must hold one label and one value and
    nothing but identifiers and types besides."""
    if not isinstance(items, list) or not items:
        return None
    found = []
    for item in items:
        if not isinstance(item, dict):
            return None
        labels = [key for key in item if key in LABEL_KEYS and isinstance(item[key], str)]
        values = [key for key in item if key in VALUE_KEYS]
        others = set(item) - set(labels) - set(values)
        if len(labels) != 1 or len(values) != 1 or {compact(k) for k in others} - _ITEM_NOISE:
            return None
        found.append((item[labels[0]], item[values[0]], item))
    return found

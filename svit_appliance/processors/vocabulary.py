"""Which person field a form label asks for: the rules that read ``vocabulary_table``.

``label_kind``/``label_match`` read a form label, ``key_kind``/``key_match`` a JSON key,
``resolve_name_parts`` decides a form's "Nom"/"Nombre" words, ``family_name_first`` the order
in which a name joined from its halves is written.
"""
import re
import unicodedata
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any, Iterable

from .vocabulary_table import (
    COMPANY,
    EMAIL,
    FAMILY_NAME_FIRST,
    FIELDS,
    FILLER,
    FIRST_NAME,
    LAST_NAME,
    MESSAGE,
    NAME,
    NAME_OR_PART,
    NEVER,
    PHONE,
    VOCABULARY,
)

__all__ = [
    "COMPANY", "EMAIL", "FAMILY_NAME_FIRST", "FIELDS", "FILLER", "FIRST_NAME", "LAST_NAME", "MESSAGE", "NAME",
    "NAME_OR_PART", "NEVER", "PHONE", "VOCABULARY", "Match", "family_name_first", "key_kind", "key_match",
    "label_kind", "label_match", "normalise", "resolve_name_parts", "words",
]

# When a label names two fields, the first of these wins: "Company email" is an email, "Nombre
# de la empresa" a company. Within the name fields the longest phrase wins instead
# ("Ім'я та прізвище" over "Ім'я").
_PRIORITY = (EMAIL, PHONE, COMPANY, "names", MESSAGE)
_NAME_FIELDS = (NAME, NAME_OR_PART, FIRST_NAME, LAST_NAME)
# Fields a label asks for only if its other words are filler (email and phone labels are
# checked against the value instead, message labels never become person fields).
_STRICT = {NAME, NAME_OR_PART, FIRST_NAME, LAST_NAME, COMPANY}

_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ‘`´′ʹ＇"})
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # harakat and tatweel
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_BRACKET_CONTENT = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
_CAMEL = re.compile(r"(?<=[a-z0-9à-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def normalise(label: Any) -> str:
    """The label as compared: camelCase split, NFKC, case-folded, one apostrophe, one alef."""
    text = unicodedata.normalize("NFKC", _CAMEL.sub(" ", str(label)))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # RTL marks, ZWJ, BOM
    text = text.translate(_APOSTROPHES).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    # Turkish: casefold turns İ into i + U+0307; ı is written i as often as not.
    return text.replace("i\u0307", "i").replace("ı", "i")


def words(text: str) -> list[str]:
    """The words of a normalised label. Marks stay inside words (Devanagari vowel signs,
    Vietnamese tones); an apostrophe stays inside a Cyrillic word (ім'я) and splits others
    (l'entreprise, what's)."""
    found, current = [], []
    for index, char in enumerate(text):
        if _is_word_char(char) or (char == "'" and _joins_cyrillic(text, index)):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _joins_cyrillic(text: str, index: int) -> bool:
    before, after = text[index - 1:index], text[index + 1:index + 2]
    return bool(before and after) and all("CYRILLIC" in unicodedata.name(c, "") for c in before + after)


def _unspaced(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith(_UNSPACED_SCRIPTS) for c in text)


@dataclass(frozen=True)
class _Phrase:
    field: str
    language: str
    text: str        # as written in the table
    compact: str     # normalised, without separators: what is compared
    mode: str        # "words", "glob", "whole" or "anywhere" (see the module docstring)


@dataclass(frozen=True)
class Match:
    """What a label asks for: the field, the language of the phrase that said so, and the
    label's words that phrase covers (for the filler check)."""

    field: str
    language: str
    length: int
    covered: frozenset[int]
    strict: bool = True  # whether the label's other words must be filler (see _STRICT)


def _compile(field: str, language: str, phrase: str) -> _Phrase:
    whole = phrase.startswith("=")
    text = normalise(phrase.removeprefix("="))
    if "*" in text:
        return _Phrase(field, language, phrase, text.replace(" ", ""), "glob")
    compact = "".join(words(text))
    mode = "whole" if whole else "anywhere" if _unspaced(compact) else "words"
    return _Phrase(field, language, phrase, compact, mode)


def _phrases(vocabulary: dict) -> tuple[_Phrase, ...]:
    return tuple(
        _compile(field, language, phrase)
        for language, table in vocabulary.items()
        for field, phrases in table.items()
        if field != FILLER
        for phrase in phrases
    )


_PHRASES = _phrases(VOCABULARY)
_BY_WORDS: dict[str, list[_Phrase]] = {}
for _phrase in _PHRASES:
    if _phrase.mode == "words":
        _BY_WORDS.setdefault(_phrase.compact, []).append(_phrase)
_GLOBS = tuple(p for p in _PHRASES if p.mode == "glob")
_WHOLE = tuple(p for p in _PHRASES if p.mode == "whole")
_ANYWHERE = tuple(p for p in _PHRASES if p.mode == "anywhere")
_FILLER_WORDS = frozenset(
    word for table in VOCABULARY.values() for phrase in table.get(FILLER, ()) for word in words(normalise(phrase))
)


def label_match(label: Any) -> Match | None:
    """The field a label asks for, with its language; ``name_or_part`` stays undecided."""
    return _label_match(str(label))


def label_kind(label: Any) -> str | None:
    """The person field (or "message") a lone label asks for, else None.

    A word that is the name alone but half of it beside the other half ("Nom", "Nombre",
    "Ім'я") reads as the name here; ``resolve_name_parts`` reads a whole form."""
    match = label_match(label)
    if match is None:
        return None
    return NAME if match.field == NAME_OR_PART else match.field


def key_match(key: Any) -> str | None:
    """The field a JSON key names in one of the table's phrases, word for word ("Телефон",
    "correo", "お名前"); ``name_or_part`` stays undecided. Stricter than a label: the whole
    key must be the phrase, and two-letter words (Turkish "ad") are left out, being keys of
    other things (an "ad" object)."""
    return _key_match(str(key))


def key_kind(key: Any) -> str | None:
    """The person field a lone JSON key names (see key_match), else None."""
    kind = key_match(key)
    return NAME if kind == NAME_OR_PART else kind


def resolve_name_parts(kinds: Iterable[str | None]) -> list[str | None]:
    """The kinds of a form's labels, with each ``name_or_part`` decided by its neighbours:
    the other half when the form asks for exactly one half (French "Nom" beside "Prénom" is
    the last name, Spanish "Nombre" beside "Apellidos" the first name), else the name."""
    kinds = list(kinds)
    has_first, has_last = FIRST_NAME in kinds, LAST_NAME in kinds
    if has_first and not has_last:
        part = LAST_NAME
    elif has_last and not has_first:
        part = FIRST_NAME
    else:
        part = NAME
    return [part if kind == NAME_OR_PART else kind for kind in kinds]


def family_name_first(last_name_label: Any) -> bool:
    """Whether the form writes a full name family name first: it asked for the family name
    in such a language (Japanese 姓, Vietnamese "Họ"). The form's words decide, not the
    name's script: a Japanese name typed into "Last name" follows the English order."""
    match = label_match(last_name_label)
    return match is not None and match.language in FAMILY_NAME_FIRST


@lru_cache(maxsize=8192)  # forms repeat the same few labels in every submission
def _label_match(label: str) -> Match | None:
    text = normalise(label)
    if any(match.field == NEVER for match in _matches(words(text))):
        return None
    bracketed = _bracket_qualifier(text)
    if bracketed is not None:
        return bracketed
    plain = _BRACKETED.sub(" ", text)
    return _best(plain) or (_best(text) if plain != text else None)


def _bracket_qualifier(text: str) -> Match | None:
    """"お名前（姓）", "Nome (cognome)": a bracket holding only a name half says which half."""
    for groups in _BRACKET_CONTENT.findall(text):
        inner = next((part for part in groups if part.strip()), "")
        match = _best(inner) if inner else None
        if match and match.field in (FIRST_NAME, LAST_NAME) and match.length == len("".join(words(inner))):
            return match
    return None


def _best(text: str) -> Match | None:
    tokens = words(text)
    matches = [match for match in _matches(tokens) if match.field != NEVER]
    covered = frozenset().union(*(match.covered for match in matches))
    loose = any(i not in covered and token not in _FILLER_WORDS for i, token in enumerate(tokens))
    valid = [match for match in matches if not (loose and match.field in _STRICT and match.strict)]
    return min(valid, key=_rank, default=None)


def _rank(match: Match) -> tuple[int, int, bool]:
    group = "names" if match.field in _NAME_FIELDS else match.field
    # Longest first; on equal length a definite name field beats name_or_part ("Full name").
    return _PRIORITY.index(group), -match.length, match.field == NAME_OR_PART


def _matches(tokens: list[str]) -> Iterable[Match]:
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, len(tokens)):
            joined += tokens[end]
            for phrase in _BY_WORDS.get(joined, ()):
                yield Match(phrase.field, phrase.language, len(joined), frozenset(range(start, end + 1)))
    for index, token in enumerate(tokens):
        for phrase in _GLOBS:
            if fnmatchcase(token, phrase.compact):
                yield Match(phrase.field, phrase.language, len(phrase.compact.strip("*")), frozenset({index}))
    compact = "".join(tokens)
    everything = frozenset(range(len(tokens)))
    for phrase in _WHOLE:
        if compact == phrase.compact:
            yield Match(phrase.field, phrase.language, len(compact), everything)
    for phrase in _ANYWHERE:
        if phrase.compact in compact:
            inside = frozenset(i for i, token in enumerate(tokens) if phrase.compact in token)
            # Unspaced scripts have no filler to check: the phrase alone decides.
            yield Match(phrase.field, phrase.language, len(phrase.compact), inside or everything, strict=False)


_KEY_FIELDS = (NAME, NAME_OR_PART, FIRST_NAME, LAST_NAME, EMAIL, PHONE, COMPANY)


@lru_cache(maxsize=8192)
def _key_match(key: str) -> str | None:
    compact = "".join(words(normalise(key)))
    if len(compact) < 3 and not _unspaced(compact):
        return None
    return _KEY_PHRASES.get(compact)


# The first phrase of each spelling decides: the table lists no phrase under two fields.
_KEY_PHRASES: dict[str, str] = {}
for _phrase in _PHRASES:
    if _phrase.field in _KEY_FIELDS and _phrase.mode != "glob":
        _KEY_PHRASES.setdefault(_phrase.compact, _phrase.field)

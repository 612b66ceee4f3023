"""Likely duplicates: pairs of a project's persons that are probably one person written differently.

Two persons never hold the same normalised email or phone (the dedupe would have merged them), so
duplicates hide behind what normalising does not see: the same mailbox with Gmail dots or a
``+tag``, the same phone typed before normalisation or in another country's format, and close
names (``Ada Lovelace``, ``Ada Lovelase``, ``A. Lovelace``) whose email or phone is one typo away
from the other's. The cost is bounded: only the newest ``SCAN_PERSONS`` are read, and names are
compared only within a block of persons with the same initial and surnames that start alike, the
newest ``NAME_BLOCK`` of each, and at most ``NAME_PAIRS`` pairs in all.
"""
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..store import persons as person_store
from ..store.models import Person

SCAN_PERSONS = 5000
NAME_BLOCK = 200
NAME_PAIRS = 50_000  # pairs of close names looked at, at most (very common names make many)
SURNAME_SCORE = 85  # rapidfuzz ratio: "lovelace" / "lovelase" is 87.5, "koval" / "kovali" 90.9
GIVEN_NAME_SCORE = 80
GMAIL = ("gmail.com", "googlemail.com")


@dataclass(frozen=True)
class LikelyDuplicate:
    first: Person
    second: Person
    reason: str


def email_key(email: str | None) -> str | None:
    """An address as the mailbox sees it: no ``+tag``; for Gmail, no dots either."""
    if not email or "@" not in email:
        return None
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def phone_key(phone: str | None) -> str | None:
    """The last nine digits: ``+380 50 123 4567`` and ``050 123 4567`` alike."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 9 else None


def name_tokens(person: Person) -> list[str]:
    """The words of a person's name, case-folded, accents off Latin letters, punctuation dropped
    (``A. Lovelace`` -> a, lovelace; ``Nguyễn`` -> nguyen; the vowel signs of other scripts stay)."""
    name = person.name or " ".join(part for part in (person.first_name, person.last_name) if part)
    kept: list[str] = []
    for c in unicodedata.normalize("NFKD", (name or "").casefold()):
        if kept and kept[-1].isascii() and unicodedata.category(c) == "Mn":
            continue
        kept.append(c if c.isalnum() or unicodedata.category(c)[0] == "M" else " ")
    return "".join(kept).split()


def names_close(first: list[str], second: list[str]) -> bool:
    """Both have a given name and a surname; the surnames are close and the given names are too,
    or one is the other's initial."""
    if len(first) < 2 or len(second) < 2 or fuzz.ratio(first[-1], second[-1]) < SURNAME_SCORE:
        return False
    given, other = first[0], second[0]
    if len(given) == 1 or len(other) == 1:
        return given[0] == other[0]
    return fuzz.ratio(given, other) >= GIVEN_NAME_SCORE


def _keys(person: Person, key, *columns: str) -> set[str]:
    return {k for k in (key(getattr(person, column)) for column in columns) if k}


def emails(person: Person) -> set[str]:
    return _keys(person, email_key, "email", "email_raw")


def phones(person: Person) -> set[str]:
    return _keys(person, phone_key, "phone", "phone_raw")


def one_typo_apart(first: set[str], second: set[str]) -> bool:
    """A value of one within one edit (a wrong, missing, extra or swapped character) of the other's."""
    return any(OSA.distance(a, b, score_cutoff=1) <= 1 for a in first for b in second)


@dataclass(frozen=True)
class Card:
    """What the comparisons need of one person, worked out once."""

    person: Person
    words: list[str]
    emails: set[str]
    phones: set[str]

    @classmethod
    def of(cls, person: Person) -> "Card":
        return cls(person, name_tokens(person), emails(person), phones(person))


def likely_duplicates(project_id: str, limit: int = 100) -> list[LikelyDuplicate]:
    """Pairs among the project's newest persons that are probably one person written differently:
    close names first, then the rest."""
    cards = [Card.of(person) for person in person_store.newest(project_id, SCAN_PERSONS)]
    pairs: dict[tuple[str, str], LikelyDuplicate] = {}
    for first, second, kind in shared_contacts(cards):
        pairs.setdefault(_ids(first, second), _shared_contact(first, second, kind))
    for first, second in close_names(cards):
        reason = _near_contact(first, second)
        if reason is not None:
            pairs.setdefault(_ids(first, second), _pair(first, second, reason))
    return sorted(pairs.values(), key=lambda pair: not pair.reason.startswith("close names"))[:limit]


def _ids(first: Card, second: Card) -> tuple[str, str]:
    return tuple(sorted((first.person.id, second.person.id)))


def _pair(first: Card, second: Card, reason: str) -> LikelyDuplicate:
    return LikelyDuplicate(*sorted((first.person, second.person), key=lambda p: p.id), reason)


def shared_contacts(cards: list[Card]):
    """(card, card, "email" or "phone") for persons whose mailbox or last nine digits are the same."""
    groups: dict[tuple, dict[str, Card]] = {}
    for card in cards:
        for key in {("email", k) for k in card.emails} | {("phone", k) for k in card.phones}:
            groups.setdefault(key, {})[card.person.id] = card
    for (kind, _), members in groups.items():
        first, *others = members.values()
        for other in others:
            yield first, other, kind


def close_names(cards: list[Card]):
    """(card, card) with close names, compared within blocks: the same initial and surnames that start alike."""
    blocks: dict[tuple[str, str], list[Card]] = {}
    for card in cards:
        if len(card.words) >= 2:
            block = blocks.setdefault((card.words[0][0], card.words[-1][:2]), [])
            if len(block) < NAME_BLOCK:  # the newest of a crowded block
                block.append(card)
    budget = NAME_PAIRS
    for block in blocks.values():
        surnames = [card.words[-1] for card in block]
        for n, card in enumerate(block):
            for _, _, m in process.extract(surnames[n], surnames[n + 1:], scorer=fuzz.ratio,
                                           score_cutoff=SURNAME_SCORE, limit=None):
                other = block[n + 1 + m]
                if names_close(card.words, other.words):
                    yield card, other
                budget -= 1
                if budget == 0:
                    return


def _shared_contact(first: Card, second: Card, kind: str) -> LikelyDuplicate:
    if names_close(first.words, second.words):
        return _pair(first, second, f"close names, the same {'mailbox' if kind == 'email' else 'phone'}")
    if kind == "email":
        return _pair(first, second, "the same mailbox written differently (dots or a +tag)")
    if first.person.email and second.person.email and first.person.email != second.person.email:
        return _pair(first, second, "the same phone with different emails")
    return _pair(first, second, "the same phone written differently")


def _near_contact(first: Card, second: Card) -> str | None:
    """Close names alone are not enough (two people may share a name): one contact must be a typo apart."""
    if one_typo_apart(first.emails, second.emails):
        return "close names, an email one typo apart"
    if one_typo_apart(first.phones, second.phones):
        return "close names, a phone one typo apart"
    return None

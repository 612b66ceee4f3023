"""CSV columns as person fields: a mapping guessed from the header row with the vocabulary
every processor reads labels with, and one row read through a mapping. Pure: no file, no store."""
from collections.abc import Sequence

from . import vocabulary
from .base import PersonInput
from .common import label_guess

PERSON_FIELDS = ("name", "first_name", "last_name", "email", "phone", "company")


class MappingError(ValueError):
    """A mapping that names a field or a column that does not exist."""


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Person field -> header, read as one form ("Nom" beside "Prénom" is the last name);
    the first column that asks for a field takes it."""
    kinds = [label_guess(header) if header.strip() else None for header in headers]
    if vocabulary.NAME_OR_PART in kinds:
        kinds = vocabulary.resolve_name_parts(kinds)
    mapping: dict[str, str] = {}
    for header, kind in zip(headers, kinds):
        if kind in PERSON_FIELDS and kind not in mapping:
            mapping[kind] = header
    return mapping


def choose_mapping(headers: Sequence[str], given: dict | None) -> dict[str, str]:
    """The guessed mapping with ``given`` laid over it: a field given a header takes it (from
    whichever field had guessed it), a field given ``None`` or ``""`` is not read at all."""
    given = dict(given or {})
    for field, header in given.items():
        if field not in PERSON_FIELDS:
            raise MappingError(f"'{field}' is not a person field: use {', '.join(PERSON_FIELDS)}")
        if header and header not in headers:
            raise MappingError(f"The file has no column '{header}' (its columns: {', '.join(headers)})")
    chosen = {field: header for field, header in guess_mapping(headers).items()
              if field not in given and header not in given.values()}
    chosen.update({field: header for field, header in given.items() if header})
    return {field: chosen[field] for field in PERSON_FIELDS if field in chosen}


class RowReader:
    """Reads rows (lists of cells, in the header's order) as persons through one mapping;
    columns no field reads are kept as attributes under their header."""

    def __init__(self, headers: Sequence[str], mapping: dict[str, str]):
        index = {}
        for position, header in enumerate(headers):
            index.setdefault(header, position)
        self.fields = [(field, index[header]) for field, header in mapping.items()]
        mapped = {position for _, position in self.fields}
        self.attributes = [(header, position) for position, header in enumerate(headers)
                           if position not in mapped and header.strip()]

    def person(self, cells: Sequence[str]) -> PersonInput:
        width = len(cells)
        values = {field: cells[position] for field, position in self.fields if position < width}
        attributes = {header: cells[position] for header, position in self.attributes
                      if position < width and cells[position].strip()}
        return PersonInput(**values, attributes=attributes)

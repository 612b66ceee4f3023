"""The one person export, as CSV or JSON lines, for the CLI and the console alike: the same
columns (the keys of ``person_view``), the same ISO 8601 UTC times, formula-safe CSV cells."""
import csv
import io
import json
import re
from typing import Iterable, Iterator

from ..store.models import Person
from .views import person_view

EXPORT_FORMATS = ("csv", "jsonl")
CSV_COLUMNS = ("id", "name", "firstName", "lastName", "email", "emailTyped", "phone", "phoneTyped", "company",
               "attributes", "firstSource", "lastSource", "createdAt", "updatedAt")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A sign then only digits, spaces and ( ) . - : a phone number as typed. A spreadsheet may read it
# as a number, but it cannot call a function or reach outside, so it is written as it is.
_SIGNED_NUMBER = re.compile(r"[+-][\d ().-]*\d[\d ().-]*")


def csv_cell(value) -> str:
    """A cell a spreadsheet never runs as a formula (OWASP CSV injection): text starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, except a phone
    number such as ``+442079460958``, which is kept as is so no apostrophe shows."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_row(person: Person) -> list[str]:
    view = person_view(person)
    view["attributes"] = json.dumps(view["attributes"], ensure_ascii=False) if view["attributes"] else ""
    return [csv_cell(view[column]) for column in CSV_COLUMNS]


def export_chunks(batches: Iterable[list[Person]], fmt: str) -> Iterator[str]:
    """The export as text, one chunk per batch of persons (a header first for CSV)."""
    if fmt == "jsonl":
        for batch in batches:
            yield "".join(json.dumps(person_view(p), ensure_ascii=False, separators=(",", ":")) + "\n" for p in batch)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for batch in batches:
        writer.writerows(csv_row(person) for person in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

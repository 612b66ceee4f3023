"""docs/api.md, the contract for users, and the served OpenAPI document cannot drift apart:
they name the same routes, and the error table matches the problem table the code renders."""
import re
from pathlib import Path

from svit_appliance import __version__
from svit_appliance.http.errors import PROBLEMS
from svit_appliance.http.openapi import openapi_document

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ROUTE_HEADING = re.compile(r"^### `(GET|POST|PUT|PATCH|DELETE|OPTIONS) (/\S*)`$", re.M)
ERROR_ROW = re.compile(r"^\| (\d{3}) \| `([A-Z_]+)` \| `([a-z/-]+)` \| ([^|]+) \|$", re.M)


def documented_routes() -> set[tuple[str, str]]:
    return set(ROUTE_HEADING.findall(REFERENCE.read_text()))


def served_routes() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, operations in openapi_document(__version__)["paths"].items()
            for method in operations}


def test_it_documents_exactly_the_routes_the_openapi_document_serves():
    assert documented_routes() == served_routes()


def test_it_lists_every_problem_type_as_the_code_renders_it():
    rows = {code: (int(status), type_path, title.strip()) for status, code, type_path, title
            in ERROR_ROW.findall(REFERENCE.read_text())}
    assert rows == {code: (p.status, p.type_path, p.title) for code, p in PROBLEMS.items()}


def test_it_gives_a_detail_sentence_for_every_problem_code():
    text = REFERENCE.read_text()
    details = text[text.index("### Detail sentences"):]
    assert {code for code in PROBLEMS if f"| `{code}` |" in details} == set(PROBLEMS)

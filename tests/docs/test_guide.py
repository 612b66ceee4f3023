"""The user guide in docs/ keeps up with the code: a page for every integration type, and every
link between the guide's pages (and from the README) leads to a file that exists."""
import re
from pathlib import Path

from svit_appliance.processors import INTEGRATION_TYPES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LOCAL_LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)#\s]+)(?:#[^)]*)?\)")


def test_it_has_a_page_for_every_integration_type_with_a_processor():
    index = (DOCS / "sources" / "README.md").read_text()
    for name, integration_type in INTEGRATION_TYPES.items():
        if not integration_type.supported:
            continue
        page = DOCS / "sources" / f"{name.lower()}.md"
        assert page.exists(), f"docs/sources/{page.name} is missing"
        assert page.read_text().startswith(f"# {name}\n")
        assert f"]({name.lower()}.md)" in index


def test_it_links_only_to_files_that_exist():
    for page in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        for target in LOCAL_LINK.findall(page.read_text()):
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to missing {target}"

"""The user guide in docs/ keeps up with the code: a page for every integration type, every
link between the guide's pages (and from the README) leads to a file and a section that exist,
every page is reachable from the guide's index, every `svit` command shown exists with its options
and every command is in the command reference, every setting named is in the settings table, and
the README stays a short front door."""
import argparse
import re
import shlex
from pathlib import Path

from svit_appliance.cli import build_parser
from svit_appliance.processors import INTEGRATION_TYPES
from svit_appliance.settings import SETTINGS_TABLE

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


FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
SHELL_FENCES = ("", "sh", "bash", "console")
SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")"}
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
SETTING_NAME = re.compile(r"\bSVIT_[A-Z0-9_]+\b")
QUOTED_SENTENCE = re.compile(r"`([A-Z][a-z][^`]{14,}[.!?])`")
GUIDE_PAGES = sorted(DOCS.rglob("*.md"))
MAX_IMAGE_BYTES = 1_500_000
LINK_TO_SECTION = re.compile(r"\]\((?!https?://)([^)#\s]*)#([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.M)


def code_in(markdown: str) -> list[str]:
    """Shell code shown on a page: fenced shell blocks (continuation lines joined) and inline code."""
    chunks = [body.replace("\\\n", " ") for lang, body in FENCE.findall(markdown) if lang in SHELL_FENCES]
    prose = FENCE.sub("", markdown)
    return chunks + INLINE_CODE.findall(prose)


def shell_words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def svit_invocations(code: str) -> list[list[str]]:
    """The arguments of every ``svit`` (or ``.../svit``) run in the code, after env assignments and sudo."""
    found = []
    for line in code.splitlines():
        try:
            words = shell_words(line)
        except ValueError:  # unbalanced quotes: fine in prose, not in a command
            assert not re.search(r"(^|[\s/])svit\s", line), f"cannot read the command {line!r}"
            continue
        segment = []
        for word in [*words, ";"]:
            if word not in SEPARATORS:
                segment.append(word)
                continue
            args = command_args(segment)
            if args is not None:
                found.append(args)
            segment = []
    return found


def command_args(words: list[str]) -> list[str] | None:
    i = 0
    while i < len(words) and (ASSIGNMENT.match(words[i]) or words[i] in ("sudo", "exec")):
        i += 1
        while words[i - 1] == "sudo" and i < len(words) and words[i].startswith("-"):
            i += 2 if words[i] in ("-u", "-g") else 1
    if i < len(words) and (words[i] == "svit" or words[i].endswith("/svit")):
        return words[i + 1:]
    return None


def subcommands(parser: argparse.ArgumentParser) -> dict | None:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return actions[0].choices if actions else None


def unknown_parts(args: list[str]) -> list[str]:
    """Commands and options of ``svit ARGS`` that ``svit --help`` (and each command's) does not know.
    Usage notation counts too: ``[--to DIR]`` is the option ``--to``, ``--a|--b`` and ``list|show`` alternatives."""
    parser, unknown, takes_value = build_parser(), [], False
    for arg in (arg.strip("[]") for arg in args):
        choices, alternatives = subcommands(parser), arg.split("|")
        if takes_value:
            takes_value = False
        elif arg.startswith("-"):
            options = [parser._option_string_actions.get(name.split("=")[0]) for name in alternatives]
            unknown += [name for name, option in zip(alternatives, options) if option is None]
            takes_value = options[0] is not None and options[0].nargs != 0 and "=" not in arg
        elif choices is not None:
            if any(name not in choices for name in alternatives):
                return [*unknown, *(name for name in alternatives if name not in choices)]
            parser = choices[alternatives[0]]
    return unknown


def section_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = HEADING.findall(FENCE.sub("", markdown))
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_it_links_only_to_sections_that_exist():
    for page in [ROOT / "README.md", *GUIDE_PAGES]:
        for target, anchor in LINK_TO_SECTION.findall(page.read_text()):
            linked = page.parent / target if target else page
            assert anchor in section_anchors(linked.read_text()), \
                f"{page.relative_to(ROOT)} links to #{anchor} in {linked.relative_to(ROOT)}, which has no such section"


def test_it_reads_commands_from_shell_code_the_way_a_shell_does():
    code = ('PROJECT=$(svit project create "Acme" --json | field id) && sudo -u svit SVIT_DATA_DIR=/d '
            "svit token list --project x\nsudo -u svit cp a b; createdb --owner svit svit\n.venv/bin/svit serve # svit nope")
    assert svit_invocations(code) == [["project", "create", "Acme", "--json"], ["token", "list", "--project", "x"],
                                      ["serve"]]
    assert unknown_parts(["token", "list", "--project", "x"]) == []
    assert unknown_parts(["token", "lists"]) == ["lists"]
    assert unknown_parts(["serve", "--no-worker", "--threads", "2"]) == ["--threads"]
    assert unknown_parts(["backup", "--to", "/mnt/offsite"]) == []
    assert unknown_parts(["backup", "--json", "lists"]) == ["lists"]
    assert unknown_parts(["backup", "[--to", "DIR]"]) == []
    assert unknown_parts(["client-token", "configure", "ID", "[--refuse-no-origin|--allow-no-origins]"]) == [
        "--allow-no-origins"]
    assert unknown_parts(["token", "create|lists"]) == ["lists"]


def test_it_shows_only_svit_commands_and_options_that_exist():
    for page in [ROOT / "README.md", *GUIDE_PAGES]:
        for code in code_in(page.read_text()):
            for args in svit_invocations(code):
                unknown = unknown_parts(args)
                assert not unknown, f"{page.relative_to(ROOT)} shows `svit {' '.join(args)}`: svit has no {unknown}"


def build_and_test_variables() -> set[str]:
    """Variables the build and the test suite read (``SVIT_BINARY``, ``SVIT_CRASH_SEED``...): not
    settings of the appliance, but the guide may name them."""
    files = [*ROOT.glob("*.spec"), *ROOT.glob("build/*"), *ROOT.glob("tests/**/*.py")]
    return {name for path in files if path.is_file() and path.parent != Path(__file__).parent
            for name in SETTING_NAME.findall(path.read_text())}


def test_it_names_only_settings_that_exist():
    known = {setting.env for setting in SETTINGS_TABLE} | build_and_test_variables()
    for page in GUIDE_PAGES:
        for name in SETTING_NAME.findall(page.read_text()):
            assert name in known, f"{page.relative_to(ROOT)} names {name}, which is not in the settings table"


def shipped_text() -> str:
    """Every message svit can show: its code, the console's templates and the form script."""
    files = [*ROOT.glob("svit_appliance/**/*.py"), *ROOT.glob("web/templates/**/*.html"), *ROOT.glob("web/static/embed/*.js")]
    return "".join(path.read_text() for path in files).replace("\\u2019", "'")


def test_it_quotes_only_sentences_svit_says():
    shipped = shipped_text()
    for page in GUIDE_PAGES:
        for sentence in QUOTED_SENTENCE.findall(page.read_text()):
            parts = [part.strip() for part in re.sub(r"\s+", " ", sentence).split("...")]
            missing = [part for part in parts if part and part not in shipped]
            assert not missing, f"{page.relative_to(ROOT)} quotes {sentence!r}, svit never says {missing}"


def test_it_ships_only_screenshots_the_guide_shows_and_keeps_them_small():
    shown = "".join(page.read_text() for page in GUIDE_PAGES)
    images = sorted((DOCS / "img").glob("*"))
    for image in images:
        assert f"](img/{image.name})" in shown, f"docs/img/{image.name} is not shown on any page"
    assert sum(image.stat().st_size for image in images) <= MAX_IMAGE_BYTES


README_MAX_BYTES = 10_000


def test_it_keeps_the_readme_a_short_front_door():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) <= README_MAX_BYTES, "README.md grew: move reference material into docs/"
    assert "](docs/README.md)" in readme


def linked_pages(page: Path) -> set[Path]:
    return {(page.parent / target).resolve() for target in LOCAL_LINK.findall(page.read_text())
            if target.endswith(".md")}


def test_it_reaches_every_guide_page_from_the_guide_index():
    reached, todo = set(), [(DOCS / "README.md").resolve()]
    while todo:
        page = todo.pop()
        if page in reached or DOCS not in page.parents:
            continue
        reached.add(page)
        todo += linked_pages(page)
    unreached = [page.relative_to(ROOT) for page in GUIDE_PAGES if page.resolve() not in reached]
    assert not unreached, f"no link from docs/README.md leads to {unreached}"


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """Every runnable command of ``svit``, as its words: ("serve",), ("persons", "export")..."""
    choices = subcommands(parser)
    if choices is None:
        yield prefix
        return
    for name, subparser in choices.items():
        yield from command_paths(subparser, (*prefix, name))


def test_it_lists_every_svit_command_in_the_command_reference():
    rows = [line.split("|")[1] for line in (DOCS / "cli.md").read_text().splitlines() if line.startswith("| `svit ")]
    for *group, name in command_paths(build_parser()):
        listed = [row for row in rows if f"`svit {' '.join(group)}".rstrip() in row
                  and (f"svit {' '.join([*group, name])}" in row or f"`{name} " in row or f"`{name}`" in row)]
        assert listed, f"docs/cli.md has no row for `svit {' '.join([*group, name])}`"

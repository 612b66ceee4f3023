"""What every ``svit`` command shares: its sub-parser, the data directory, and how it prints."""
import argparse
import json
import os
from typing import Callable

from ..core.audit import Actor
from ..settings import Settings, option_help, parse_positive_int
from ..store.connect import open_database
from ..store.datadir import StartupError, warn_if_exposed
from ..store.db import SQLITE_FILE, sqlite_file


def add_command(subparsers, name: str, handler: Callable, help_text: str, json_output: bool = False, **kwargs):
    """A sub-command with ``--data-dir`` (and ``--json`` when it prints an object)."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text, **kwargs)
    parser.add_argument("--data-dir", help=option_help("data_dir", "data directory"))
    if json_output:
        parser.add_argument("--json", action="store_true", help="print one JSON value")
    parser.set_defaults(handler=handler)
    return parser


def add_group(commands, name: str, help_text: str):
    """A command group such as ``svit token``: its actions are added to what this returns."""
    return commands.add_parser(name, help=help_text).add_subparsers(dest="action", metavar="ACTION", required=True)


def load_settings(args, **overrides) -> Settings:
    return Settings.load(os.environ, data_dir=args.data_dir, **overrides)


def open_data(args) -> Settings:
    """The settings, with the database open (and its schema up to date); created when missing."""
    settings = load_settings(args)
    open_database(settings)
    warn_about_permissions(settings)
    return settings


def warn_about_permissions(settings: Settings) -> None:
    if sqlite_file(settings) is not None:
        warn_if_exposed(settings.data_path)


def open_existing_data(args) -> Settings:
    """``open_data`` for commands that only read: no data where they look is a mistake, not a new database."""
    settings = load_settings(args)
    db_file = sqlite_file(settings)
    if db_file is not None and not db_file.is_file():
        raise StartupError(f"no svit data in {settings.data_path} (no {SQLITE_FILE} there): point --data-dir "
                           "(or SVIT_DATA_DIR) at the directory svit serve uses")
    return open_data(args)


def cli_actor() -> Actor:
    return Actor.cli()


def emit(args, value, human: str) -> None:
    """Exactly one JSON value with ``--json``, else the human-readable text."""
    print(json.dumps(value, ensure_ascii=False, separators=(",", ":")) if getattr(args, "json", False) else human)


def positive_int(text: str) -> int:
    try:
        return parse_positive_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer") from None


def field_list(text: str | None) -> list[str] | None:
    """``a,b`` as a list; None when the option was not given."""
    return [f.strip() for f in text.split(",") if f.strip()] if text is not None else None

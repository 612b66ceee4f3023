"""The ``svit`` command: one parser, one module per command group."""
import argparse
import logging
import os
import sys

from ..core.errors import Refused
from ..settings import SettingsError
from ..store.connect import close_database
from ..store.datadir import PRIVATE_UMASK, StartupError
from . import (
    admins,
    backups,
    client_tokens,
    destinations,
    digest,
    doctor,
    integrations,
    jobs,
    persons,
    projects,
    rejected,
    server,
    settings,
    spam,
    tokens,
)

COMMAND_GROUPS = (server, projects, tokens, client_tokens, spam, integrations, jobs, persons, admins, destinations, digest,
                  rejected, backups, doctor, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svit", description="Self-hosted CRM intake appliance (Svit.One API).")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    umask = os.umask(PRIVATE_UMASK)  # whatever a command creates in the data directory is its owner's alone
    try:
        return args.handler(args)
    except (Refused, SettingsError) as error:
        print(f"svit: error: {error}", file=sys.stderr)
        return 1
    except StartupError as error:
        print(f"svit: error: {error}", file=sys.stderr)
        return 2
    finally:
        close_database()
        os.umask(umask)

"""Entry point of ``svit`` and ``python -m svit_appliance`` (and of the frozen binary)."""
import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())

"""The frozen binary's entry point: the same ``main`` as the ``svit`` command from pip."""
import sys

from svit_appliance.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

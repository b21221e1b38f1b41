"""Entry point of the bundled ``planner`` command (PyInstaller runs this file)."""

import sys

from planner.cli import main

if __name__ == "__main__":
    sys.exit(main())

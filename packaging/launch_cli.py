"""Entry point of the bundled ``planner`` command (PyInstaller runs this file)."""

import multiprocessing
import sys

from planner.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch exports render in worker processes of this app
    sys.exit(main())

"""Entry point of the bundled desktop app (PyInstaller runs this file)."""

import multiprocessing
import sys

from ui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch exports render in worker processes of this app
    sys.exit(main())

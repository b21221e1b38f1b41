"""Entry point of the bundled desktop app (PyInstaller runs this file)."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())

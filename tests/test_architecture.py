"""The layering rules of ARCHITECTURE.md at run time.

The rules themselves are import-linter contracts (``[tool.importlinter]`` in pyproject.toml,
run by ``make lint``): they read every import statement, lazy ones included. What they cannot
see is what an import *loads*: PySide6's modules are compiled, so the contracts can only name
the ``PySide6`` package as a whole. These tests import the code in a fresh interpreter and look
at what was loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import planner
skip = set({skip!r})
for info in pkgutil.walk_packages(planner.__path__, "planner."):
    if info.name.endswith("__main__") or info.name in skip:
        continue
    importlib.import_module(info.name)
before = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
for name in sorted(skip):
    importlib.import_module(name)
after = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
print(json.dumps({{"before": before, "after": after}}))
"""
PDF_RENDERER = "planner.reports.pdf"


def _loaded(skip: set[str]) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL.format(skip=sorted(skip))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    loaded: dict[str, list[str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_core_loads_no_qt() -> None:
    """Every module of planner/ but the PDF renderer imports without loading any Qt module
    (a display-less server or the CLI never pays for Qt)."""
    assert _loaded({PDF_RENDERER})["before"] == []


def test_the_pdf_renderer_loads_only_rendering_qt() -> None:
    """The one module allowed to use Qt loads QtGui/QtSvg (and what they need), never
    QtWidgets: it renders without a display and without a widget application."""
    loaded = set(_loaded({PDF_RENDERER})["after"])
    assert {"PySide6.QtGui", "PySide6.QtSvg"} <= loaded
    qt_modules = {m for m in loaded if m.startswith("PySide6.Qt")}
    assert qt_modules <= {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtSvg"}

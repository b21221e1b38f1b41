"""The layering rules of ARCHITECTURE.md, enforced.

1. planner.domain / planner.store / planner.services import no Qt at all.
2. Nothing in planner/ imports ui or QtWidgets (planner.reports may use QtGui/QtSvg to render).
3. ui/ never imports sqlalchemy, sqlite3 or planner.store: it reaches data through services.
4. planner.domain imports none of store/services/reports.

Checked twice: statically (every import statement in every file) and at run time (importing
the core in a fresh interpreter loads no Qt module).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in files(package):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    return bad


@pytest.mark.parametrize("package", ["planner/domain", "planner/store", "planner/services"])
def test_core_imports_no_qt(package: str) -> None:
    assert violations(package, ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")) == []


def test_planner_never_imports_ui_or_widgets() -> None:
    assert violations("planner", ("ui", "PySide6.QtWidgets", "PyQt5", "PyQt6")) == []


def test_reports_use_only_rendering_qt() -> None:
    allowed = {"PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtSvg"}
    bad = []
    for path in files("planner/reports"):
        for name in imports_of(path):
            top = ".".join(name.split(".")[:2])
            if name.startswith("PySide6") and top not in allowed and name not in allowed:
                parent = name.rsplit(".", 1)[0]
                if parent not in allowed:
                    bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert bad == []


def test_domain_imports_no_other_layer() -> None:
    assert (
        violations(
            "planner/domain",
            ("planner.store", "planner.services", "planner.reports", "planner.cli", "sqlalchemy"),
        )
        == []
    )


def test_ui_never_touches_the_database() -> None:
    assert violations("ui", ("sqlalchemy", "sqlite3", "planner.store")) == []


def test_detector_catches_a_violation(tmp_path: Path) -> None:
    """The checks above would fail on a real violation (they are not vacuous)."""
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QLabel\nimport sqlite3\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in imports_of(bad)
    assert "sqlite3" in imports_of(bad)


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, planner\n"
        "for pkg in ('planner.domain', 'planner.store', 'planner.services', 'planner.cli'):\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""

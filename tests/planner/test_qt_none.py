"""PySide6 methods that return nothing must not use ``None`` up (see planner.reports.qt_none):
a batch export worker rendering hundreds of PDFs stopped with "Fatal Python error:
none_dealloc" once they had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# More calls than ``None`` has references (about 40,000 with the whole app imported): each
# returns None without owning a reference to it.
MANY_CALLS = """
{setup}
from PySide6.QtCore import QObject
thing = QObject()
for _ in range(200_000):
    thing.setObjectName("x")
print("alive")
"""


def _run(setup: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", MANY_CALLS.format(setup=setup)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def test_a_process_that_renders_pdfs_outlives_many_qt_calls() -> None:
    done = _run("import planner.reports.pdf")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"


def test_the_desktop_app_outlives_many_qt_calls() -> None:
    done = _run("import ui")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"


def test_keeping_none_alive_twice_changes_nothing() -> None:
    from planner.reports.qt_none import IMMORTAL, keep_none_alive

    keep_none_alive()
    first = sys.getrefcount(None)
    keep_none_alive()
    assert first > IMMORTAL // 2
    assert abs(sys.getrefcount(None) - first) < 1_000

"""Start-up imports only what the first page needs: the charts (matplotlib), the deck
(python-pptx), the PDF renderer, the demo generator, the capture dialog, the dashboard and the
account agenda are imported when first used, not by ``import ui.app`` nor by opening a book on
the Accounts page. (Structural, not timed: each check runs in a new process, so what the test
session imported does not count.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from planner.services import books

ROOT = Path(__file__).resolve().parents[2]
LATE = (
    "matplotlib",
    "pptx",
    "planner.reports.pdf",
    "planner.reports.deck",
    "planner.services.demo",
    "PySide6.QtSvg",
    # not needed to paint the first page either: the capture dialog and its reading of
    # calendars and e-mails (the window takes drops with ui.dialogs.drops), the dashboard,
    # the account agenda and QBR figures
    "ui.dialogs.capture",
    "planner.services.capture.log",
    "planner.services.capture.sources",
    "email.parser",
    "planner.services.dashboard",
    "planner.domain.agenda",
    "planner.domain.qbr_figures",
)

OPEN_ON_ACCOUNTS = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.main_window import MainWindow
from ui.settings import AppSettings
settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
settings.last_page = "accounts"
window = MainWindow(settings)
window.show()
assert window.open_path(Path(sys.argv[1]))
page = window.pages["accounts"]
while page.model.rowCount() == 0:
    app.processEvents()
window.repaint()
app.processEvents()
built = sorted(window.pages.built())
window.close()
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""


def _modules(code: str, *args: str) -> dict[str, list[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    data: dict[str, list[str]] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def test_importing_the_app_imports_no_charts_deck_or_pdf() -> None:
    found = _modules("import json, sys, ui.app; print(json.dumps({'modules': list(sys.modules)}))")
    assert [m for m in LATE if m in found["modules"]] == []


def test_a_book_opened_on_accounts_builds_that_page_alone(tmp_path: Path) -> None:
    with books.create_book(tmp_path / "b.aspbook") as book:
        from planner.services import accounts

        accounts.create_account(book, name="Acme")
    found = _modules(OPEN_ON_ACCOUNTS, str(tmp_path / "b.aspbook"), str(tmp_path / "s.ini"))
    assert found["built"] == ["accounts"]
    assert [m for m in LATE if m in found["modules"]] == []


def test_drops_accept_the_files_capture_reads() -> None:
    from planner.services.capture.sources import SUFFIXES
    from ui.dialogs.drops import ACCEPTED

    assert frozenset({*SUFFIXES, ".msg"}) == ACCEPTED

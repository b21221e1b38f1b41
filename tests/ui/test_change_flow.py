"""The one change signal, end to end: a write is recorded by the store, the book tells the
context's hub after COMMIT, and every page and tab that watches the tables written (or any, for
an import, a merge, a restore or F5) reloads, now if it is on screen, else when it is shown.

The first tests drive the real main window on a real temporary book, as a user would.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from pytestqt.qtbot import QtBot

from planner.services import accounts, actions, books, qbrs
from planner.services.changes import Changes
from planner.services.interchange import importer
from planner.store.models import Base
from tests.ui.conftest import make_context, make_window
from ui.context import BookContext, ChangeHub
from ui.main_window import MainWindow
from ui.pages.base import Page
from ui.pages.tabs.actions import ActionsTab
from ui.pages.workspace import AccountWorkspace, WorkspaceTab
from ui.portable import MergeDialog, RestoreDialog
from ui.qbr.builder import QbrBuilder
from ui.settings import AppSettings


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A book with one account, one of its actions and one of its QBRs."""
    target = tmp_path / "Acme.aspbook"
    with books.create_book(target) as book:
        acme = accounts.create_account(book, name="Acme", crm_id="001", owner="Dana Reyes")
        actions.create_action(book, acme.id, title="Existing action")
        qbrs.create_qbr(book, acme.id, title="Q4 review", meeting_date=date(2026, 12, 7))
    return target


def open_account(
    qtbot: QtBot, settings: AppSettings, path: Path, tab: str
) -> tuple[MainWindow, BookContext, Page]:
    window = make_window(qtbot, settings)
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None
    window.open_account(accounts.find_account(ctx.book, "001").id, tab)
    workspace = window.workspace
    assert workspace is not None
    assert window.stack.currentWidget() is workspace
    page = workspace.current_tab()
    qtbot.waitUntil(lambda: page.isVisible() and not page.dirty, timeout=10_000)
    return window, ctx, page


def action_titles(tab: Page) -> set[str]:
    assert isinstance(tab, ActionsTab)
    return {a.title for a in tab.section.model.rows}


def qbr_titles(tab: Page) -> set[str]:
    assert isinstance(tab, QbrBuilder)
    return {q.title for q in tab.list_model.rows}


def test_the_actions_tab_shows_imported_rows_then_a_restored_backup(
    qtbot: QtBot, settings: AppSettings, path: Path, tmp_path: Path
) -> None:
    window, ctx, tab = open_account(qtbot, settings, path, "actions")
    assert action_titles(tab) == {"Existing action"}
    backup = books.backup_now(ctx.book)

    # Import two actions for the account, with the import wizard's service, off the GUI thread
    # as the wizard runs it.
    source = tmp_path / "tasks.csv"
    source.write_text(
        "Account Name,Subject,Due Date\nAcme,Send the rollout plan,2026-12-01\n"
        "Acme,Book the next QBR,2026-12-04\n",
        encoding="utf-8",
    )
    preview = importer.preview_file(source, "actions")
    reports: list[importer.ImportReport] = []
    ctx.load(
        lambda: importer.import_csv(ctx.book, source, preview.mapping, fmt=preview.format),
        reports.append,
        pytest.fail,
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=15_000)
    assert reports[0].created == 2
    imported = {"Existing action", "Send the rollout plan", "Book the next QBR"}
    qtbot.waitUntil(lambda: action_titles(tab) == imported, timeout=10_000)

    # Restore the backup taken before the import, from File > Restore from Backup.
    dialog = window.restore_from_backup()
    assert isinstance(dialog, RestoreDialog)
    with qtbot.waitSignal(dialog.restored, timeout=15_000):
        dialog.restore(backup, "the backup", ask=False)
    dialog.close()
    qtbot.waitUntil(lambda: action_titles(tab) == {"Existing action"}, timeout=10_000)
    assert window.stack.currentWidget() is window.workspace  # the account stays open
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_the_qbrs_tab_shows_a_merge_and_what_f5_finds(
    qtbot: QtBot, settings: AppSettings, path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "At the client.aspbook"
    with books.open_book(path) as book:
        books.save_copy_as(book, copy)
    with books.open_book(copy) as theirs:
        acme = accounts.find_account(theirs, "001")
        qbrs.create_qbr(
            theirs, acme.id, title="Planned at the client", meeting_date=date(2027, 3, 8)
        )
    window, _, tab = open_account(qtbot, settings, path, "qbr")
    assert qbr_titles(tab) == {"Q4 review"}

    dialog = window.merge_book()
    assert isinstance(dialog, MergeDialog)
    dialog.source.setText(str(copy))
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15_000)
    with qtbot.waitSignal(dialog.merged, timeout=15_000):
        dialog.merge_button.click()
    dialog.close()
    qtbot.waitUntil(
        lambda: qbr_titles(tab) == {"Q4 review", "Planned at the client"}, timeout=10_000
    )

    # Another handle on the same file writes behind the window's back: nothing tells the
    # window, until F5.
    with books.open_book(path) as elsewhere:
        qbrs.create_qbr(
            elsewhere, acme.id, title="Written elsewhere", meeting_date=date(2027, 6, 7)
        )
    QCoreApplication.processEvents()  # deliver anything queued: there is nothing
    assert not tab.dirty
    assert "Written elsewhere" not in qbr_titles(tab)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Written elsewhere" in qbr_titles(tab), timeout=10_000)


def test_a_hidden_tab_reloads_when_shown_and_pages_skip_what_they_do_not_watch(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    window, ctx, tab = open_account(qtbot, settings, path, "actions")
    workspace = window.workspace
    assert isinstance(workspace, AccountWorkspace)
    qbr_tab = workspace.tab_pages["qbr"]
    assert isinstance(qbr_tab, QbrBuilder)
    aid = accounts.find_account(ctx.book, "001").id
    actions.create_action(ctx.book, aid, title="While the QBRs are hidden")
    qtbot.waitUntil(lambda: "While the QBRs are hidden" in action_titles(tab), timeout=10_000)
    workspace.select_tab("overview")
    qbr_tab.reload_now()
    assert not qbr_tab.dirty
    qbrs.create_qbr(ctx.book, aid, title="Made while hidden", meeting_date=date(2027, 1, 11))
    qtbot.waitUntil(lambda: qbr_tab.dirty, timeout=10_000)
    assert "Made while hidden" not in qbr_titles(qbr_tab)  # hidden: nothing reloaded yet
    assert not tab.dirty  # the Actions tab does not watch QBRs
    workspace.select_tab("qbr")
    qtbot.waitUntil(lambda: "Made while hidden" in qbr_titles(qbr_tab), timeout=10_000)
    assert not qbr_tab.dirty


def test_the_hub_delivers_on_the_gui_thread_after_the_commit(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    with books.open_book(path) as book:
        hub = ChangeHub(book)
        heard: list[tuple[Changes, bool]] = []
        gui = QCoreApplication.instance()
        assert gui is not None
        hub.changed.connect(lambda c: heard.append((c, QThread.currentThread() is gui.thread())))
        aid = accounts.find_account(book, "001").id
        worker = threading.Thread(target=lambda: actions.create_action(book, aid, title="Bg"))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(heard), timeout=5000)
        assert heard == [(Changes(frozenset({"action_items"})), True)]
        hub.close()
        actions.create_action(book, aid, title="Not heard")
        QCoreApplication.processEvents()
        assert len(heard) == 1


def test_the_same_account_edited_reloads_a_tab(
    qtbot: QtBot, settings: AppSettings, book: books.Book
) -> None:
    acme = accounts.create_account(book, name="Acme")
    tab = ActionsTab(make_context(book, settings))
    qtbot.addWidget(tab)
    tab.set_account(acme)
    tab.reload_now()
    assert not tab.dirty
    tab.set_account(acme)  # the very same account: nothing to do
    assert not tab.dirty
    tab.set_account(replace(acme, name="Acme Corp"))  # the same account, edited
    assert tab.dirty


def test_every_page_and_tab_declares_real_tables(qtbot: QtBot, settings: AppSettings) -> None:
    make_window(qtbot, settings)  # every page and tab is imported
    tables = set(Base.metadata.tables)

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    pages = [
        c for c in subclasses(Page) if c.__module__.startswith("ui.") and c is not WorkspaceTab
    ]
    assert len(pages) >= 15
    for cls in pages:
        watches = getattr(cls, "watches", None)
        assert isinstance(watches, frozenset), f"{cls.__name__} declares no tables"
        assert watches, cls.__name__
        assert watches <= tables, f"{cls.__name__}: unknown {sorted(watches - tables)}"


def test_a_page_that_watches_nothing_is_refused(qtbot: QtBot, ctx: BookContext) -> None:
    class Forgetful(Page):
        pass

    with pytest.raises(TypeError, match="must declare the tables it watches"):
        Forgetful(ctx)


def test_showing_every_page_and_tab_writes_nothing(
    qtbot: QtBot, settings: AppSettings, path: Path
) -> None:
    """Reloading never writes, so a reload can never set off another one."""
    window, ctx, _tab = open_account(qtbot, settings, path, "overview")
    heard: list[Changes] = []
    ctx.changes.changed.connect(heard.append)
    workspace = window.workspace
    assert workspace is not None
    for spec in workspace.specs:
        shown = workspace.select_tab(spec.key)
        qtbot.waitUntil(lambda t=shown: t.isVisible() and not t.dirty, timeout=10_000)
    for key in ("portfolio", "accounts", "mywork", "metrics", "attention", "forecast"):
        window.go(key)
        page = window.pages[key]
        qtbot.waitUntil(lambda p=page: p.isVisible() and not p.dirty, timeout=10_000)
    QCoreApplication.processEvents()
    assert heard == []

"""Render every page, every account tab and the main dialogs of a demo book to PNG.

    python -m tests.ui.screenshots DIR [--sizes 1024x700,1280x800] [--themes light,dark]
                                       [--no-dialogs] [--font-size 11]

(``make screenshots`` writes to screenshots/.) Runs offscreen. Each page and each tab of the
account workspace is shot at 1024x700, 1280x800 and 1920x1080, in the light and the dark
theme; the dialogs are shot once per theme, at the size they open with. Files are named
``THEME-WIDTHxHEIGHT-NN-what.png`` and ``THEME-dialog-NN-what.png``.

The demo book is generated for a fixed day (2026-11-23) in a temporary folder, and the app's
settings go to a temporary file, so nothing of the user's is touched. A new account with
nothing but its first ARR is added to that copy, to show what a CSM sees the day an account is
created.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget

from planner.domain.clock import TODAY_ENV
from planner.domain.enums import InteractionType
from planner.services import accounts, books, demo, interactions, plans, portfolio, stakeholders
from tests.conftest import TODAY
from ui.charts.canvas import ChartCanvas
from ui.dialogs import editors
from ui.dialogs.progress import progress_dialog
from ui.health.settings_dialog import HealthSettingsDialog
from ui.main_window import MainWindow
from ui.pages.accounts import AccountsPage
from ui.pages.metrics import MetricsPage
from ui.pages.mywork import MyWorkPage
from ui.pages.portfolio import PortfolioPage
from ui.pages.tabs.stakeholders import StakeholdersTab
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.portable import ExportDialog, ImportWizard
from ui.qbr.builder import QbrBuilder
from ui.settings import AppSettings
from ui.theme import ThemeMode, apply_theme
from ui.window_menus import PAGE_TITLES
from ui.workbook.attention import AttentionPage
from ui.workbook.forecast import ForecastPage

os.environ.setdefault(TODAY_ENV, TODAY.isoformat())  # every book opened here lives on TODAY

SIZES: tuple[tuple[int, int], ...] = ((1024, 700), (1280, 800), (1920, 1080))
THEMES: tuple[ThemeMode, ...] = (ThemeMode.LIGHT, ThemeMode.DARK)
NEW_ACCOUNT = "Harbour Lights Ltd"


def settle(
    app: QApplication, until: Callable[[], bool] = lambda: True, timeout: float = 15
) -> None:
    """Process events until ``until()`` holds (and a little longer, for paints)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if until():
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.005)


def draw_charts(app: QApplication, widget: QWidget) -> None:
    """Build and draw every chart on screen now (they coalesce their work into later turns
    of the event loop)."""
    settle(app)
    for canvas in widget.findChildren(ChartCanvas):
        if canvas.isVisible():
            canvas.flush()
    settle(app)


def shoot(app: QApplication, widget: QWidget, path: Path) -> Path:
    draw_charts(app, widget)
    widget.grab().save(str(path))
    return path


def shoot_page(app: QApplication, window: QWidget, path: Path) -> Iterator[Path]:
    """The window as it opens; and, when the page scrolls, scrolled to its end as well."""
    yield shoot(app, window, path)
    areas = [
        a
        for a in window.findChildren(QScrollArea)
        if a.objectName() == "PageScroll" and a.isVisible() and a.verticalScrollBar().maximum()
    ]
    for area in areas:
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    if areas:
        yield shoot(app, window, path.with_name(path.stem + "-end.png"))
        for area in areas:
            area.verticalScrollBar().setValue(0)


def pick_account(book_path: Path) -> str:
    """A rich account to show: open work, several goals, the most ARR among those."""
    with books.open_book(book_path, read_only=True) as book:
        rows = portfolio.portfolio(book, today=TODAY)
    rich = [r for r in rows if r.goals_total >= 3 and r.open_actions >= 3] or rows
    return max(rich, key=lambda r: (r.overdue_actions > 0, r.arr_minor)).id


def add_new_account(book_path: Path) -> str:
    """An account created today with its first ARR and nothing else (one revenue event)."""
    with books.open_book(book_path) as book:
        made = accounts.create_account(
            book, name=NEW_ACCOUNT, arr_minor=4_800_000, currency="USD", owner="Priya Raman"
        )
    return made.id


def _loaded_flag(page: QWidget) -> Callable[[], bool]:
    """True once the page has shown fresh data (pages that load off the GUI thread)."""
    if isinstance(page, MetricsPage):
        return lambda: page.view.metrics is not None and not page.view.busy
    loading = AccountsPage | PortfolioPage | MyWorkPage | AttentionPage | ForecastPage
    done = {"v": not isinstance(page, loading)}
    if not done["v"]:
        page.loaded.connect(lambda: done.update(v=True))  # type: ignore[attr-defined]
    return lambda: done["v"]


def _pages(
    app: QApplication,
    window: MainWindow,
    prefix: str,
    folder: Path,
    account_id: str,
    new_account_id: str,
) -> Iterator[Path]:
    for n, key in enumerate(PAGE_TITLES, start=1):
        window.go(key)
        page = window.pages[key]
        loaded = _loaded_flag(page)
        page.mark_dirty()
        settle(app, loaded)
        yield from shoot_page(app, window, folder / f"{prefix}-{n:02d}-{key}.png")
    window.open_account(account_id)
    workspace = window.workspace
    assert workspace is not None
    for n, spec in enumerate(workspace.specs, start=10):
        tab = workspace.select_tab(spec.key)
        settle(app)
        # the first goal / person picked, so the details under the table show
        section = getattr(tab, "goals", None) or getattr(tab, "people", None)
        if isinstance(tab, SuccessPlanTab | StakeholdersTab) and section is not None:
            section.table.selectRow(0)
            settle(app)
        yield from shoot_page(app, window, folder / f"{prefix}-{n:02d}-tab-{spec.key}.png")
        if isinstance(tab, QbrBuilder):  # the builder's own tabs: the meeting, commitments
            for sub in range(1, tab.tabs.count()):
                tab.tabs.setCurrentIndex(sub)
                settle(app)
                yield shoot(app, window, folder / f"{prefix}-{n:02d}-tab-{spec.key}-{sub}.png")
            tab.tabs.setCurrentIndex(0)
    window.open_account(new_account_id, "overview")
    settle(app)
    yield from shoot_page(app, window, folder / f"{prefix}-25-new-account-overview.png")
    workspace.select_tab("plan")
    settle(app)
    yield shoot(app, window, folder / f"{prefix}-26-new-account-plan.png")


def _dialogs(
    app: QApplication, window: MainWindow, prefix: str, folder: Path, account_id: str
) -> Iterator[Path]:
    """The main dialogs, each shot at the size it opens with, then closed."""
    ctx = window.ctx
    assert ctx is not None
    book = ctx.book
    account = accounts.get_account(book, account_id)
    plan = next(iter(plans.list_plans(book, account_id)))
    goal = max(plans.list_goals(book, plan.id), key=lambda g: len(g.description or ""))
    people = stakeholders.list_stakeholders(book, account_id)
    person = max(people, key=lambda p: len(p.notes or ""))
    meeting = next(
        (
            i
            for i in interactions.list_interactions(book, account_id)
            if i.type is InteractionType.MEETING and i.attendee_names
        ),
        None,
    )
    makers: list[tuple[str, Callable[[], QWidget | None]]] = [
        ("edit-account", lambda: editors.edit_account_dialog(ctx, account, window)),
        ("plan", lambda: editors.plan_dialog(ctx, account_id, plan, window)),
        ("goal", lambda: editors.goal_dialog(ctx, account_id, plan.id, goal, window)),
        ("risk", lambda: editors.risk_dialog(ctx, account_id, None, window)),
        ("person", lambda: editors.stakeholder_dialog(ctx, account_id, person, window)),
        ("use-case", lambda: editors.use_case_dialog(ctx, account, None, window)),
        ("action", lambda: editors.action_dialog(ctx, account_id, None, window)),
        (
            "meeting",
            lambda: editors.interaction_dialog(
                ctx, account_id, meeting, window, kind=InteractionType.MEETING
            ),
        ),
        ("survey", lambda: editors.response_dialog(ctx, account_id, None, window)),
        ("opportunity", lambda: editors.opportunity_dialog(ctx, account, None, window)),
        ("revenue-event", lambda: editors.event_dialog(ctx, account, None, window)),
        ("health-model", lambda: HealthSettingsDialog(book, ctx.history, window)),
        ("export", lambda: ExportDialog(book, window)),
        ("import", lambda: ImportWizard(book, window, on_error=window.show_error)),
        ("shortcuts", window.show_shortcuts),
        ("about", window.show_about),
        ("templates", window.open_templates),
        ("record-progress", lambda: progress_dialog(ctx, goal, window)),
        (
            "log-meeting",
            lambda: editors.interaction_dialog(
                ctx, account_id, None, window, kind=InteractionType.MEETING
            ),
        ),
    ]
    for n, (name, make) in enumerate(makers, start=1):
        dialog = make()
        if dialog is None:
            continue
        if isinstance(dialog, QDialog) and not dialog.isVisible():
            dialog.open()
        settle(app)
        yield shoot(app, dialog, folder / f"{prefix}-{n:02d}-{name}.png")
        dialog.close()
        dialog.deleteLater()
        settle(app)

    accounts_page = window.pages["accounts"]
    assert isinstance(accounts_page, AccountsPage)
    window.go("accounts")
    new = accounts_page.new_account()
    if new is not None:
        settle(app)
        new.try_save()  # empty name: the message appears next to the field
        yield shoot(app, new, folder / f"{prefix}-30-new-account-error.png")
        new.reject()
    search = window.search_everything('"data sync"')
    if search is not None:
        found = search
        settle(app, lambda: found.results is not None)
        yield shoot(app, search, folder / f"{prefix}-31-search.png")
        search.close()

    window.open_account(account_id, "overview")
    settle(app)
    workspace = window.workspace
    assert workspace is not None
    charts = [c for c in workspace.findChildren(ChartCanvas) if c.isVisible()]
    if charts:
        draw_charts(app, workspace)
        menu = charts[0].context_menu()
        menu.popup(charts[0].mapToGlobal(QPoint(40, 40)))
        settle(app)
        yield shoot(app, menu, folder / f"{prefix}-32-chart-menu.png")
        menu.close()


def render(
    folder: Path,
    sizes: Sequence[tuple[int, int]] = SIZES,
    themes: Sequence[ThemeMode] = THEMES,
    *,
    dialogs: bool = True,
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="planner-shots-") as tmp:
        work = Path(tmp)
        book_path = work / "Demo accounts.aspbook"
        demo.generate_demo(book_path, accounts=40, seed=7, today=TODAY)
        account_id = pick_account(book_path)
        new_account_id = add_new_account(book_path)
        for mode in themes:
            name = mode.value
            settings = AppSettings(QSettings(str(work / f"{name}.ini"), QSettings.Format.IniFormat))
            settings.theme = mode
            apply_theme(app, mode)
            window = MainWindow(settings)
            window.show()
            for width, height in sizes:
                prefix = f"{name}-{width}x{height}"
                window.resize(width, height)
                if window.ctx is None:
                    settle(app)
                    written.append(shoot(app, window, folder / f"{prefix}-00-welcome.png"))
                    window.open_path(book_path)
                written += _pages(app, window, prefix, folder, account_id, new_account_id)
            if dialogs:
                window.resize(1280, 800)
                written += _dialogs(app, window, f"{name}-dialog", folder, account_id)
            window.close_book()
            settle(app)
            written.append(shoot(app, window, folder / f"{name}-closed-book.png"))
            window.close()
            window.deleteLater()
            settle(app)

            window = MainWindow(settings)
            window.resize(1280, 800)
            window.show()
            window.set_book(books.open_book(book_path, read_only=True))
            window.go("accounts")
            settle(app, _loaded_flag(window.pages["accounts"]))
            written.append(shoot(app, window, folder / f"{name}-read-only.png"))
            window.close()
            window.deleteLater()
            settle(app)
    return written


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="screenshots")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    parser.add_argument("--themes", default=",".join(m.value for m in THEMES))
    parser.add_argument("--no-dialogs", action="store_true")
    parser.add_argument(
        "--font-size", type=float, default=0, help="points (a desktop's larger font, e.g. 11)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.font_size:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        font = app.font()
        font.setPointSizeF(args.font_size)
        app.setFont(font)
    sizes = [_size(s) for s in args.sizes.split(",") if s]
    themes = [ThemeMode(t) for t in args.themes.split(",") if t]
    for path in render(Path(args.folder), sizes, themes, dialogs=not args.no_dialogs):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The window fits: at 1024x700 every page is usable (it scrolls rather than squeezes, no
button's text is cut), at 1280x800 the tables show their key columns without scrolling
sideways, charts keep a legible size and let the wheel scroll the page, and the small things
the first-hour review saw stay fixed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from planner.domain.enums import RevenueKind
from planner.reports import charts
from planner.services import accounts, books, health, plans
from planner.services.books import Book
from tests.ui.conftest import make_window, wait_loaded
from ui.charts.canvas import MIN_HEIGHT, MIN_WIDTH, ChartCanvas
from ui.context import BookContext
from ui.dialogs.editors import goal_dialog, interaction_dialog, stakeholder_dialog
from ui.main_window import MainWindow
from ui.models.table import EXTRA, KEY, NORMAL, fit_widths
from ui.pages.accounts import AccountsPage
from ui.pages.base import Page
from ui.pages.metrics import MetricsPage
from ui.pages.portfolio import PortfolioPage
from ui.pages.tabs.success_plan import SuccessPlanTab
from ui.settings import AppSettings
from ui.theme import ThemeMode, apply_theme
from ui.widgets.common import DataTable
from ui.widgets.fit import ARROW_ROOM, HEADER_PADDING, rows_height
from ui.window_menus import PAGE_TITLES

SMALL = (1024, 700)
MEDIUM = (1280, 800)


def window_at(qtbot: QtBot, settings: AppSettings, size: tuple[int, int]) -> MainWindow:
    window = make_window(qtbot, settings)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0] and window.height() == size[1])
    return window


def accounts_page(window: MainWindow) -> AccountsPage:
    page = window.pages["accounts"]
    assert isinstance(page, AccountsPage)
    return page


def page_scroll(widget: QWidget) -> QScrollArea:
    areas = [
        a
        for a in widget.findChildren(QScrollArea)
        if a.objectName() == "PageScroll" and a.isVisible()
    ]
    assert areas, f"{type(widget).__name__} does not scroll"
    return areas[0]


def settle(qtbot: QtBot) -> None:
    """Let pending layouts, fits and chart builds run (they are queued with 0 ms timers)."""
    qtbot.wait(1)
    QApplication.processEvents()


def wheel_down(widget: QWidget) -> QWheelEvent:
    """One notch of the wheel, towards the end, over the middle of ``widget``."""
    center = QPointF(widget.width() / 2, widget.height() / 2)
    return QWheelEvent(
        center,
        widget.mapToGlobal(center),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,  # noqa: FBT003 - Qt's "inverted"
    )


# --------------------------------------------------------------------------- column widths


def test_spare_room_shows_whole_texts_then_goes_to_the_fill_column() -> None:
    widths, hidden = fit_widths(
        [100, 80, 60], [100, 80, 60], [KEY, NORMAL, NORMAL], 300, fill=0, full=[100, 110, 60]
    )
    assert hidden == set()
    assert widths == [130, 110, 60]  # 30 to show column 1's whole text, the rest to the fill


def test_the_least_important_columns_give_way_first_and_key_columns_last() -> None:
    natural = [200, 100, 100, 100, 100]
    minimum = [200, 50, 60, 40, 100]
    priority = [KEY, NORMAL, EXTRA, EXTRA + 1, KEY]
    # A little short: the most expendable column is squeezed, nothing is hidden.
    widths, hidden = fit_widths(natural, minimum, priority, 560)
    assert (widths, hidden) == ([200, 100, 100, 60, 100], set())
    # Shorter: the extras are squeezed to their minimum, then hidden, EXTRA + 1 first.
    widths, hidden = fit_widths(natural, minimum, priority, 480)
    assert hidden == {3}
    assert widths[0] == 200
    assert widths[4] == 100
    assert sum(w for i, w in enumerate(widths) if i not in hidden) <= 480
    # Shorter still: every extra is hidden, then the normal column is squeezed.
    widths, hidden = fit_widths(natural, minimum, priority, 360)
    assert hidden == {2, 3}
    assert widths[1] == 60
    assert widths[0] == 200
    assert widths[4] == 100
    # Too narrow for the key columns: a key column with a minimum gives way last of all;
    # the others keep their room and the view scrolls.
    widths, hidden = fit_widths(natural, [150, 50, 60, 40, 100], priority, 330)
    assert hidden == {2, 3}
    assert (widths[0], widths[1], widths[4]) == (180, 50, 100)
    widths, hidden = fit_widths(natural, minimum, priority, 100)
    assert widths[0] == 200
    assert widths[4] == 100
    assert widths[1] == 50


def test_accounts_show_their_key_columns_without_scrolling_at_1280(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    window = window_at(qtbot, settings, MEDIUM)
    assert window.open_path(demo_path)
    window.go("accounts")
    page = accounts_page(window)
    wait_loaded(qtbot, page, page.mark_dirty)
    settle(qtbot)
    table = page.table
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to sideways
    header = table.horizontalHeader()
    titles = [c.title for c in table.source.columns]
    for key in ("Account", "ARR", "Renewal", "Health", "Open", "Overdue", "Last touch", "Owner"):
        column = titles.index(key)
        assert not header.isSectionHidden(column), key
        # every text of the column fits its width: nothing is elided ("49 · Yel…")
        metrics = table.fontMetrics()
        room = header.sectionSize(column) - 8
        if table.source.columns[column].decoration is not None:
            room -= 22
        for row in range(table.proxy.rowCount()):
            text = table.proxy.index(row, column).data()
            if key != "Account":  # bold names are measured in bold; checked below
                assert metrics.horizontalAdvance(text) <= room, (key, text)
    # The search matches owners: the Owner column is on screen, inside the viewport.
    owner = titles.index("Owner")
    assert header.sectionViewportPosition(owner) + header.sectionSize(owner) <= (
        table.viewport().width()
    )


def test_the_header_keeps_room_for_the_sort_arrow(qtbot: QtBot, demo_ctx: BookContext) -> None:
    page = AccountsPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    wait_loaded(qtbot, page, page.show)
    arr = [c.title for c in page.model.columns].index("ARR")
    page.table.sortByColumn(arr, Qt.SortOrder.DescendingOrder)
    settle(qtbot)
    header = page.table.horizontalHeader()
    bold = header.font()
    bold.setBold(True)
    page.table.setFont(page.table.font())
    from PySide6.QtGui import QFontMetrics

    title = QFontMetrics(bold).horizontalAdvance("ARR")
    assert header.sectionSize(arr) >= title + HEADER_PADDING + ARROW_ROOM


def test_names_in_bold_are_explained(qtbot: QtBot, ctx: BookContext) -> None:
    accounts.create_account(ctx.book, name="Northwind", strategic=True)
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    wait_loaded(qtbot, page, page.show)
    assert page.legend.isVisible()
    assert "strategic" in page.legend.text().casefold()
    assert "strategic" in str(page.model.headerData(0, Qt.Orientation.Horizontal, 3)).casefold()


# --------------------------------------------------------------------------- small windows


def all_pages_and_tabs(window: MainWindow, account_id: str) -> Iterator[tuple[str, QWidget]]:
    for key in PAGE_TITLES:
        window.go(key)
        yield key, window.pages[key]
    window.open_account(account_id)
    workspace = window.workspace
    assert workspace is not None
    for spec in workspace.specs:
        yield spec.key, workspace.select_tab(spec.key)


def rich_account(book_path: Path) -> str:
    from planner.services import portfolio

    with books.open_book(book_path, read_only=True) as book:
        rows = portfolio.portfolio(book, today=date(2026, 11, 23))
    rich = [r for r in rows if r.goals_total >= 3 and r.open_actions >= 3]
    return max(rich, key=lambda r: r.arr_minor).id


def attention_known(page: PortfolioPage) -> Callable[[], bool]:
    return lambda: page.attention_count is not None


def cut_buttons(root: QWidget) -> list[str]:
    """Buttons on screen whose text does not fit their width."""
    cut = []
    for button in root.findChildren(QAbstractButton):
        if (
            not button.isVisible()
            or not button.text()
            or not isinstance(button, QPushButton | QToolButton)
        ):
            continue
        if isinstance(button, QToolButton) and button.toolButtonStyle() == (
            Qt.ToolButtonStyle.ToolButtonIconOnly
        ):
            continue
        text = button.text().replace("&", "")
        needed = button.fontMetrics().horizontalAdvance(text)
        if needed > button.width() - 8:
            cut.append(f"{text!r} ({button.width()} px for {needed} px of text)")
    return cut


def test_at_1024x700_every_page_scrolls_instead_of_squeezing(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    """No page is squeezed below its minimum size (slivers of charts, one row of five goals),
    none scrolls sideways, and no button's text is cut ("nerate ager")."""
    account_id = rich_account(demo_path)
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(demo_path)
    for key, page in all_pages_and_tabs(window, account_id):
        loaded = getattr(page, "loaded", None)
        if isinstance(page, Page) and loaded is not None:
            with qtbot.waitSignal(loaded, timeout=10_000):
                page.mark_dirty()
        if isinstance(page, PortfolioPage):  # its count of what needs attention comes apart
            qtbot.waitUntil(attention_known(page), timeout=10_000)
        settle(qtbot)
        stack_size = page.size()
        hint = page.minimumSizeHint()
        assert hint.width() <= stack_size.width(), (key, hint, stack_size)
        assert hint.height() <= stack_size.height(), (key, hint, stack_size)
        assert cut_buttons(window) == [], key
        for area in page.findChildren(QScrollArea):
            if area.objectName() == "PageScroll" and area.isVisible():
                assert area.horizontalScrollBar().maximum() == 0, key


def test_a_five_goal_plan_shows_every_goal_at_1024x700(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    path = tmp_path / "plan.aspbook"
    with books.create_book(path) as book:
        account = accounts.create_account(book, name="Northwind Traders", arr_minor=10_000_00)
        plan = plans.create_plan(book, account.id, title="A plan whose title is long enough")
        for n in range(5):
            plans.create_goal(
                book,
                plan.id,
                title=f"Goal number {n + 1} of the plan",
                kpi_name="Reports",
                unit="reports",
                baseline=0,
                current=72.7,
                target=120,
                due_date=date(2027, 3, 31) + timedelta(days=n),
            )
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(path)
    window.open_account(account.id, "plan")
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.current_tab()
    assert isinstance(tab, SuccessPlanTab)
    settle(qtbot)
    table = tab.goals.table
    assert table.proxy.rowCount() == 5
    assert table.height() >= rows_height(table, 5)  # every goal's row, none hidden
    assert table.verticalScrollBar().maximum() == 0
    area = page_scroll(tab)
    assert area.verticalScrollBar().maximum() > 0  # the tab scrolls to reach them
    title = tab.plan_title
    assert title.wordWrap()
    assert title.height() >= title.heightForWidth(title.width())
    # the progress text is shown whole, or elided by the bar's delegate, never cut mid-word
    progress = [c.title for c in tab.goals.model.columns].index("Progress")
    assert not table.horizontalHeader().isSectionHidden(progress)


# --------------------------------------------------------------------------- charts


def metrics_page_at(qtbot: QtBot, settings: AppSettings, path: Path) -> MetricsPage:
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(path)
    window.go("metrics")
    page = window.pages["metrics"]
    assert isinstance(page, MetricsPage)
    qtbot.waitUntil(lambda: page.view.metrics is not None and not page.view.busy, timeout=15_000)
    settle(qtbot)
    return page


def test_metrics_charts_keep_a_legible_size_and_the_page_scrolls(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    page = metrics_page_at(qtbot, settings, demo_path)
    canvases = list(page.view.canvases.values())
    for canvas in canvases:
        assert canvas.minimumWidth() >= MIN_WIDTH
        assert canvas.minimumHeight() >= MIN_HEIGHT
        assert canvas.width() >= canvas.minimumWidth()
        assert canvas.height() >= canvas.minimumHeight()  # not a sliver
    rects = [c.geometry().translated(c.parentWidget().mapTo(page, QPoint())) for c in canvases]
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1 :])  # no chart drawn over another
    assert page_scroll(page).verticalScrollBar().maximum() > 0


def test_the_wheel_over_a_chart_scrolls_the_page(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    page = metrics_page_at(qtbot, settings, demo_path)
    area = page_scroll(page)
    bar = area.verticalScrollBar()
    canvas = page.view.canvases["distribution"]
    before = bar.value()
    QApplication.sendEvent(canvas, wheel_down(canvas))
    assert bar.value() > before


def test_a_table_that_cannot_scroll_passes_the_wheel_to_the_page(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    account_id = rich_account(demo_path)
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(demo_path)
    window.open_account(account_id, "plan")
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.current_tab()
    assert isinstance(tab, SuccessPlanTab)
    settle(qtbot)
    table = tab.goals.table
    assert table.verticalScrollBar().maximum() == 0
    bar = page_scroll(tab).verticalScrollBar()
    before = bar.value()
    viewport = table.viewport()
    QApplication.sendEvent(viewport, wheel_down(viewport))
    assert bar.value() > before


def test_a_chart_is_built_again_for_its_new_size(qtbot: QtBot) -> None:
    """An empty chart's hint is wrapped for the size it is drawn at: never cut mid-sentence."""
    host = QWidget()
    qtbot.addWidget(host)
    canvas = ChartCanvas(host)
    host.resize(900, 400)
    canvas.resize(900, 400)
    host.show()
    qtbot.waitExposed(host)
    data = charts.HealthDistributionData((), "USD")
    canvas.set_chart(charts.draw_health_distribution, data)
    qtbot.waitUntil(lambda: canvas.builds == 1)
    canvas.resize(MIN_WIDTH, MIN_HEIGHT)
    qtbot.waitUntil(lambda: canvas.builds == 2)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    width = canvas.figure.bbox.width
    texts = [t for ax in canvas.figure.axes for t in ax.texts] + list(canvas.figure.texts)
    assert texts
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= -1, text.get_text()
        assert extent.x1 <= width + 1, text.get_text()


def test_a_new_accounts_arr_chart_reads_in_months(qtbot: QtBot) -> None:
    from matplotlib.dates import num2date
    from matplotlib.figure import Figure

    day = date(2026, 11, 23)
    data = charts.ArrHistoryData(
        (charts.ArrStep(day, 4_800_000, RevenueKind.NEW, 4_800_000),), "USD", day, "ARR"
    )
    fig = Figure(figsize=(6, 3))
    charts.draw_arr_history(fig, data, charts.LIGHT)
    fig.canvas.draw()
    ticks = [num2date(x).date() for x in fig.axes[0].get_xticks()]  # type: ignore[no-untyped-call]
    low, high = (num2date(x).date() for x in fig.axes[0].get_xlim())  # type: ignore[no-untyped-call]
    shown = [t for t in ticks if low <= t <= high]
    assert len(shown) >= 2
    assert all(t.day == 1 for t in shown)  # months (or years), never days


# --------------------------------------------------------------------------- dialogs


def label_of(dialog: QWidget, field: QWidget) -> QWidget:
    from PySide6.QtWidgets import QLabel

    return next(lbl for lbl in dialog.findChildren(QLabel) if lbl.buddy() is field)


def test_multi_line_labels_sit_beside_the_top_of_their_box(
    qtbot: QtBot, demo_ctx: BookContext
) -> None:
    book = demo_ctx.book
    account_id = rich_account(book.path)
    plan = plans.list_plans(book, account_id)[0]
    goal = plans.list_goals(book, plan.id)[0]
    dialog = goal_dialog(demo_ctx, account_id, plan.id, goal, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for key in ("description", "title", "kpi_name"):
        field = dialog.widget(key)
        label = label_of(dialog, field)
        field_top = field.mapTo(dialog, QPoint()).y()
        label_top = label.mapTo(dialog, QPoint()).y()
        assert abs(label_top - field_top) <= 10, key  # beside its field, not floating above


def test_a_person_dialogs_labels_sit_beside_their_fields(
    qtbot: QtBot, demo_ctx: BookContext
) -> None:
    from planner.services import stakeholders

    account_id = rich_account(demo_ctx.book.path)
    person = stakeholders.list_stakeholders(demo_ctx.book, account_id)[0]
    dialog = stakeholder_dialog(demo_ctx, account_id, person, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for key, inp in dialog.inputs.items():
        field = inp.focus_target()
        label = label_of(dialog, field)
        gap = label.mapTo(dialog, QPoint()).y() - field.mapTo(dialog, QPoint()).y()
        assert -4 <= gap <= 10, key


def test_every_attendee_check_box_is_shown_whole(qtbot: QtBot, demo_ctx: BookContext) -> None:
    from planner.domain.enums import InteractionType
    from planner.services import stakeholders

    account_id = rich_account(demo_ctx.book.path)
    people = stakeholders.list_stakeholders(demo_ctx.book, account_id)
    assert 5 <= len(people) <= 10
    dialog = interaction_dialog(demo_ctx, account_id, None, None, kind=InteractionType.MEETING)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.widget("attendees")
    assert isinstance(view, QListView)
    assert view.verticalScrollBar().maximum() == 0  # no row cut off, nothing to scroll
    last = view.visualRect(view.model().index(view.model().rowCount() - 1, 0))
    assert last.bottom() <= view.viewport().height()


# --------------------------------------------------------------------------- small things


def test_the_sidebar_is_inert_without_a_book_and_forgets_the_page_on_close(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    window = make_window(qtbot, settings)
    assert all(not b.isEnabled() for b in window.nav_buttons.values())
    assert "open or create a book first" in window.nav_buttons["accounts"].toolTip()
    assert window.open_path(demo_path)
    window.go("accounts")
    assert window.nav_buttons["accounts"].isChecked()
    window.close_book()
    assert not any(b.isChecked() for b in window.nav_buttons.values())
    assert not any(b.isEnabled() for b in window.nav_buttons.values())


def test_a_narrow_window_shows_the_sidebar_as_icons(qtbot: QtBot, settings: AppSettings) -> None:
    window = window_at(qtbot, settings, SMALL)
    assert window.sidebar_compact
    assert window.sidebar.width() < 80
    window.resize(*MEDIUM)
    qtbot.waitUntil(lambda: not window.sidebar_compact)
    assert window.sidebar_title.isVisible()


def lightness_spread(image: QImage) -> float:
    values = [
        QColor(image.pixel(x, y)).lightnessF()
        for x in range(image.width())
        for y in range(image.height())
    ]
    return max(values) - min(values)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    apply_theme(qapp, ThemeMode.DARK)
    yield
    apply_theme(qapp, ThemeMode.LIGHT)


@pytest.mark.usefixtures("dark")
def test_an_unticked_check_box_is_visible_in_the_dark(qtbot: QtBot) -> None:
    box = QCheckBox()
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    box.show()
    qtbot.waitExposed(box)
    assert lightness_spread(box.grab().toImage()) > 0.25  # its frame stands out


@pytest.mark.usefixtures("dark")
def test_menus_have_a_border_in_the_dark(qtbot: QtBot) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    menu.addAction("Save Chart as PNG…")
    menu.popup(QPoint(10, 10))
    qtbot.waitExposed(menu)
    image = menu.grab().toImage()
    middle = image.height() // 2
    edge = QColor(image.pixel(0, middle))
    inside = QColor(image.pixel(3, middle))
    assert abs(edge.lightnessF() - inside.lightnessF()) > 0.1
    menu.close()


@pytest.mark.parametrize("mode", [ThemeMode.LIGHT, ThemeMode.DARK])
def test_push_and_tool_buttons_share_one_bordered_style(
    qtbot: QtBot, qapp: QApplication, mode: ThemeMode
) -> None:
    apply_theme(qapp, mode)
    try:
        host = QWidget()
        qtbot.addWidget(host)
        push = QPushButton("Archive", host)
        tool = QToolButton(host)
        tool.setText("Add item")
        disabled = QPushButton("Open", host)
        disabled.setEnabled(False)
        for n, button in enumerate((push, tool, disabled)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a focused button is outlined
            button.move(10, 10 + 40 * n)
            button.resize(button.sizeHint())
        host.resize(200, 140)
        host.show()
        qtbot.waitExposed(host)
        edges = []
        for button in (push, tool, disabled):
            image = button.grab().toImage()
            middle = image.height() // 2
            edge = QColor(image.pixel(0, middle))
            inside = QColor(image.pixel(6, middle))
            assert abs(edge.lightnessF() - inside.lightnessF()) > 0.05, button.text()
            edges.append(edge.name())
        assert edges[0] == edges[1]  # the same border on push and tool buttons
    finally:
        apply_theme(qapp, ThemeMode.LIGHT)


def test_a_new_account_opens_at_the_top_of_its_overview(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    account_id = rich_account(demo_path)
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(demo_path)
    window.open_account(account_id, "overview")
    workspace = window.workspace
    assert workspace is not None
    settle(qtbot)
    area = page_scroll(workspace.current_tab())
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert area.verticalScrollBar().value() > 0
    page = accounts_page(window)
    window.go("accounts")
    dialog = page.new_account()
    assert dialog is not None
    dialog.widget("name").setText("Harbour Lights Ltd")  # type: ignore[attr-defined]
    dialog.widget("arr_minor").setText("48000")  # type: ignore[attr-defined]
    assert dialog.try_save()
    settle(qtbot)
    assert window.stack.currentWidget() is workspace
    assert workspace.account is not None
    assert workspace.account.name == "Harbour Lights Ltd"
    tab = workspace.current_tab()
    assert tab is workspace.tab_pages["overview"]
    assert page_scroll(tab).verticalScrollBar().value() == 0


def test_f1_lists_every_menu_shortcut_in_groups(qtbot: QtBot, settings: AppSettings) -> None:
    from ui.shortcuts import SHORTCUT_GROUPS, ShortcutGroup

    window = make_window(qtbot, settings)
    dialog = window.show_shortcuts()
    model = dialog.model  # type: ignore[attr-defined]
    tops = [model.object_at(model.index(r, 0)) for r in range(model.rowCount())]
    assert all(isinstance(t, ShortcutGroup) for t in tops)
    assert [t.title for t in tops] == ["Find and go", "Edit", "Book", "Help"]
    listed = {k.strip() for g in SHORTCUT_GROUPS for s in g.shortcuts for k in s.keys.split("/")}
    from PySide6.QtGui import QKeySequence

    for action in window.menuBar().findChildren(type(window.menus.action("quit"))):
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert text in listed, (action.text(), text)
    dialog.close()


def test_what_moved_lists_only_the_factors_that_moved(
    qtbot: QtBot, ctx: BookContext, book: Book
) -> None:
    from ui.health.panel import AccountHealthPanel

    account = accounts.create_account(book, name="Northwind", arr_minor=10_000_00)
    health.record_snapshot(book, account.id)
    panel = AccountHealthPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_account(accounts.get_account(book, account.id))
    panel.show()
    panel.reload_now()
    assert panel.moves.rowCount() == 0
    assert not panel.moves_view.isVisible()
    assert panel.moves_summary.text().startswith("Nothing moved since the snapshot of")


def test_data_table_columns_follow_the_font(qtbot: QtBot) -> None:
    """The fitter measures texts in the view's own font: a larger font widens the columns."""
    from ui.models.table import Column, RowTableModel

    model: RowTableModel[str] = RowTableModel([Column("Name", lambda r: r, width=40)])
    model.set_rows(["Northwind Traders International"])
    table = DataTable(model)
    qtbot.addWidget(table)
    table.resize(800, 200)
    table.show()
    qtbot.waitExposed(table)
    table.fitter.measure()
    before = table.fitter._wants()[0][0]
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    table.setFont(font)
    qtbot.waitUntil(lambda: table.fitter._wants()[0][0] > before)


def test_the_wheel_over_a_spin_box_scrolls_the_page_not_the_value(
    qtbot: QtBot, settings: AppSettings, demo_path: Path
) -> None:
    """Scrolling the Health tab over a what-if field must not change the what-if."""
    from ui.health.panel import AccountHealthPanel

    account_id = rich_account(demo_path)
    window = window_at(qtbot, settings, SMALL)
    assert window.open_path(demo_path)
    window.open_account(account_id, "health")
    workspace = window.workspace
    assert workspace is not None
    panel = workspace.current_tab()
    assert isinstance(panel, AccountHealthPanel)
    settle(qtbot)
    spin = panel.adoption
    bar = page_scroll(panel).verticalScrollBar()
    bar.setValue(0)
    before = spin.value()
    QApplication.sendEvent(spin, wheel_down(spin))
    assert spin.value() == before
    assert bar.value() > 0
    spin.setFocus()  # once the field has the focus, the wheel is its own
    qtbot.waitUntil(spin.hasFocus)
    QApplication.sendEvent(spin, wheel_down(spin))
    assert spin.value() != before


def test_a_shortened_cell_shows_its_whole_text_as_a_tooltip(qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from ui.models.table import Column, RowTableModel

    long = "Confirm the fix with Connor: handover tablets logged out every hour"
    model: RowTableModel[str] = RowTableModel(
        [Column("Action", lambda r: r, width=60, min_width=10), Column("Id", lambda r: "7")]
    )
    model.set_rows([long])
    table = DataTable(model)
    qtbot.addWidget(table)
    table.resize(220, 120)
    table.show()
    qtbot.waitExposed(table)
    settle(qtbot)
    cell = table.visualRect(table.proxy.index(0, 0))
    assert table.fontMetrics().horizontalAdvance(long) > cell.width()  # it is shortened
    where = cell.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), event)
    assert QToolTip.text() == long
    QToolTip.hideText()

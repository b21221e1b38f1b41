"""Every model of the app, checked by pytest-qt's qtmodeltester on real data of a demo book,
and sorting by real values (not by display strings)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.domain.enums import Tier
from planner.domain.worklist import WorkGroup
from planner.services import (
    accounts,
    actions,
    dashboard,
    interactions,
    plans,
    portfolio,
    revenue,
    stakeholders,
    surveys,
    use_cases,
)
from planner.services.books import Book
from planner.services.portfolio import PortfolioRow
from tests.conftest import TODAY
from ui.dialogs.form import CheckListModel
from ui.models import columns as c
from ui.models.table import (
    ID_ROLE,
    OBJECT_ROLE,
    PROGRESS_ROLE,
    SORT_ROLE,
    RowFilterProxy,
    RowTableModel,
)
from ui.models.tree import Group, OrgChartModel, WorkModel
from ui.pages.mywork import work_columns


def today() -> date:
    return TODAY


def busiest_account(book: Book) -> str:
    rows = portfolio.portfolio(book, today=TODAY)
    return max(rows, key=lambda r: (r.goals_total, r.open_actions)).id


def table_cases(book: Book) -> list[tuple[str, Any, list[Any]]]:
    aid = busiest_account(book)
    ids = [aid] + [r.id for r in portfolio.portfolio(book, today=TODAY)]

    def some(fn: Any) -> list[Any]:
        """The rows of the first account (busiest first) that has some."""
        return next((rows for rows in (fn(book, i) for i in ids) if rows), [])

    names = {p.id: p.name for p in stakeholders.list_stakeholders(book, aid)}
    board = dashboard.dashboard(book, today=TODAY)
    return [
        ("accounts", c.account_columns(today), portfolio.portfolio(book, today=TODAY)),
        ("renewals", c.RENEWAL_COLUMNS, list(board.renewals)),
        ("overdue", c.OVERDUE_COLUMNS, list(board.overdue)),
        ("at risk", c.AT_RISK_COLUMNS, list(board.at_risk)),
        ("single-threaded", c.SINGLE_THREADED_COLUMNS, list(board.single_threaded)),
        ("goals", c.goal_columns(today), plans.list_account_goals(book, aid)),
        ("risks", c.RISK_COLUMNS, some(plans.list_risks)),
        ("stakeholders", c.stakeholder_columns(today), stakeholders.list_stakeholders(book, aid)),
        ("use cases", c.USE_CASE_COLUMNS, some(use_cases.list_use_cases)),
        ("actions", c.action_columns(today), some(actions.list_actions)),
        ("timeline", c.INTERACTION_COLUMNS, some(interactions.list_interactions)),
        (
            "responses",
            c.response_columns(lambda s: names.get(s or "", "")),
            surveys.list_responses(book)[:40],
        ),
        ("opportunities", c.OPPORTUNITY_COLUMNS, some(revenue.list_opportunities)),
        ("revenue events", c.EVENT_COLUMNS, some(revenue.list_events)),
        ("stage history", c.STAGE_COLUMNS, accounts.stage_history(book, aid)),
    ]


def test_every_table_model_passes_the_model_tester(
    qtbot: QtBot, pytestconfig: pytest.Config, demo_book: Book
) -> None:
    """One tester per model (and per proxy), kept connected while the model is sorted,
    filtered and reset, so every change signal is checked too."""
    testers: list[ModelTester] = []
    try:
        for name, cols, rows in table_cases(demo_book):
            assert rows, f"the demo book should give {name} rows to test with"
            model: RowTableModel[Any] = RowTableModel(cols)
            model.set_rows(rows)
            proxy = RowFilterProxy()
            proxy.setSourceModel(model)
            for m in (model, proxy):
                tester = ModelTester(pytestconfig)
                tester.check(m, force_py=True)
                testers.append(tester)
            proxy.sort(0, Qt.SortOrder.DescendingOrder)
            proxy.set_predicate(lambda r, first=rows[0]: r is not first)
            assert proxy.rowCount() == len(rows) - 1, name
            for col in range(model.columnCount()):  # every column sorts, both ways
                model.sort(col, Qt.SortOrder.AscendingOrder)
                model.sort(col, Qt.SortOrder.DescendingOrder)
            model.set_rows(rows[1:])
            model.update_row(rows[-1])
            proxy.set_predicate(None)
            assert proxy.rowCount() == len(rows) - 1, name
    finally:
        for tester in testers:
            tester._cleanup()


def test_tree_models_pass_the_model_tester(qtmodeltester: Any, demo_book: Book) -> None:
    aid = busiest_account(demo_book)
    org = OrgChartModel(c.stakeholder_columns(today))
    people = stakeholders.list_stakeholders(demo_book, aid)
    org.set_people(people)
    qtmodeltester.check(org, force_py=True)
    top = [org.object_at(org.index(r, 0)) for r in range(org.rowCount())]
    assert all(p.reports_to_id is None for p in top)
    total = 0
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for r in range(org.rowCount(parent)):
            total += 1
            stack.append(org.index(r, 0, parent))
    assert total == len(people)  # everyone appears exactly once in the chart

    work = WorkModel(work_columns(today))
    items = actions.my_work(demo_book, today=TODAY)
    work.set_items(items)
    qtmodeltester.check(work, force_py=True)
    groups = [work.object_at(work.index(r, 0)) for r in range(work.rowCount())]
    assert all(isinstance(g, Group) for g in groups)
    assert [g.group for g in groups] == [g for g in WorkGroup if any(i.group is g for i in items)]
    assert sum(g.count for g in groups) == len(items)
    first = work.index(0, 0)
    assert work.index(0, 0, first).data(OBJECT_ROLE) in items


def test_check_list_model(qtmodeltester: Any) -> None:
    model = CheckListModel([("a", "Ada"), ("b", "Bo")], ["b"])
    qtmodeltester.check(model, force_py=True)
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert model.checked() == ("a",)


def _row(name: str, arr: int, renewal: date | None, score: float | None) -> PortfolioRow:
    return PortfolioRow(
        id=name,
        name=name,
        tier=Tier.SMB,
        stage=accounts.LifecycleStage.ADOPTION,
        arr_minor=arr,
        currency="USD",
        renewal_date=renewal,
        days_to_renewal=(renewal - TODAY).days if renewal else None,
        health_score=score,
        health_band=None,
        open_actions=0,
        overdue_actions=0,
        goals_achieved=0,
        goals_total=0,
        last_interaction=None,
        owner="",
    )


def test_sorting_uses_real_values_and_puts_blanks_last(qtbot: QtBot) -> None:
    cols = c.account_columns(today)
    model: RowTableModel[PortfolioRow] = RowTableModel(cols)
    rows = [
        _row("b", 9_000_00, date(2027, 1, 2), 80.0),  # "$9,000.00" sorts after "$10,..." as text
        _row("a", 10_000_00, None, None),
        _row("c", 200_00, date(2026, 12, 31), 5.0),
    ]
    model.set_rows(rows)
    arr = next(i for i, col in enumerate(cols) if col.title == "ARR")
    renewal = next(i for i, col in enumerate(cols) if col.title == "Renewal")
    health = next(i for i, col in enumerate(cols) if col.title == "Health")

    def names() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    model.sort(arr, Qt.SortOrder.AscendingOrder)
    assert names() == ["c", "b", "a"]
    model.sort(arr, Qt.SortOrder.DescendingOrder)
    assert names() == ["a", "b", "c"]
    model.sort(renewal, Qt.SortOrder.AscendingOrder)
    assert names() == ["c", "b", "a"]  # 31 Dec 2026 before 2 Jan 2027; no date last
    model.sort(renewal, Qt.SortOrder.DescendingOrder)
    assert names() == ["b", "c", "a"]  # no date still last
    model.sort(health, Qt.SortOrder.DescendingOrder)
    assert names() == ["b", "c", "a"]
    assert model.index(0, arr).data(SORT_ROLE) == 9_000_00
    assert model.index(0, 0).data(OBJECT_ROLE) is rows[0]
    assert model.index(0, 0).data(ID_ROLE) == "b"


def test_set_rows_resets_and_update_row_changes_one_row(qtbot: QtBot, demo_book: Book) -> None:
    goals = plans.list_account_goals(demo_book, busiest_account(demo_book))
    model: RowTableModel[Any] = RowTableModel(c.goal_columns(today))
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(goals)
    target = goals[1]
    changed = plans.update_goal(demo_book, target.id, current=target.target)
    row = model.row_of(target.id)

    def one_row(top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> bool:
        return top_left.row() == bottom_right.row() == row

    with qtbot.waitSignal(model.dataChanged, check_params_cb=one_row):
        assert model.update_row(changed)
    progress_col = next(i for i, col in enumerate(model.columns) if col.title == "Progress")
    if changed.progress is not None:
        assert model.index(row, progress_col).data(PROGRESS_ROLE) == pytest.approx(1.0)


def test_user_text_is_plain(qtbot: QtBot, book: Book) -> None:
    acct = accounts.create_account(book, name="<b>Acme</b> & Co")
    model: RowTableModel[Any] = RowTableModel(c.account_columns(today))
    model.set_rows(portfolio.portfolio(book, today=TODAY))
    assert model.index(0, 0).data() == "<b>Acme</b> & Co"
    assert model.index(0, 0).data(ID_ROLE) == acct.id


def test_stretch_column_fills_room_but_never_collapses(qtbot: QtBot) -> None:
    """A table's stretch column takes the spare width, and keeps its own width when the view is
    too narrow (Qt's Stretch mode squeezed the Stakeholders 'Title' column to 26 px)."""
    from ui.models.table import Column, RowTableModel
    from ui.widgets.common import DataTable

    cols = [Column(title, lambda r: r, width=20) for title in ("Name", "Title", "Role", "Side")]
    model: RowTableModel[str] = RowTableModel(cols)
    model.set_rows(["a", "b"])
    table = DataTable(model, stretch=1)
    qtbot.addWidget(table)
    table.resize(300, 200)
    table.show()
    qtbot.waitExposed(table)
    narrow = table.horizontalHeader().sectionSize(1)
    title = table.fontMetrics().horizontalAdvance("Title")
    assert narrow > title + 12  # narrow: the table scrolls, the column keeps its title's room
    table.resize(1400, 200)
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) > narrow)
    header = table.horizontalHeader()
    total = sum(header.sectionSize(i) for i in range(header.count()))
    assert abs(total - table.viewport().width()) <= 1  # wide: the stretch column fills it

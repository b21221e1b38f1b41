"""The Stakeholders tab shows the selected person's sentiment history, and the map shows where
people moved from."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from planner.domain.enums import Side, StakeholderRole
from planner.reports import charts
from planner.services import accounts, stakeholders
from tests.conftest import TODAY
from ui.context import BookContext
from ui.pages.tabs.stakeholders import StakeholdersTab


def test_sentiment_history_per_person_and_moves_on_the_map(qtbot: QtBot, ctx: BookContext) -> None:
    acct = accounts.create_account(ctx.book, name="Acme")
    maria = stakeholders.create_stakeholder(
        ctx.book,
        acct.id,
        name="Maria",
        role=StakeholderRole.EXECUTIVE_SPONSOR,
        influence=5,
        sentiment=-1,
        sentiment_on=TODAY - timedelta(days=200),
    )
    stakeholders.add_sentiment(
        ctx.book, maria.id, 1, on=TODAY - timedelta(days=20), note="Loved the roadmap preview"
    )
    stakeholders.create_stakeholder(
        ctx.book,
        acct.id,
        name="Tom",
        role=StakeholderRole.CHAMPION,
        influence=3,
        sentiment=2,
        left_company=True,
    )
    stakeholders.create_stakeholder(ctx.book, acct.id, name="Our AE", side=Side.INTERNAL)
    tab = StakeholdersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.set_account(accounts.get_account(ctx.book, acct.id))
    tab.show()
    qtbot.waitUntil(lambda: not tab.dirty and tab.people.model.rowCount() == 3)
    history = tab.sentiment
    assert history.person is None
    assert history.summary.text() == "Select a person to see how their sentiment moved."
    tab.people.table.select_id(maria.id)
    assert history.person is not None
    assert history.person.id == maria.id
    assert history.title.text() == "Sentiment history of Maria"
    assert history.summary.text().startswith("Now Positive (+1); 1 change since ")
    changes = [history.model.data(history.model.index(r, 1)) for r in range(2)]
    notes = [history.model.data(history.model.index(r, 2)) for r in range(2)]
    # newest first
    assert changes == ["Negative (-1) → Positive (+1)", "First recorded: Negative (-1)"]
    assert notes == ["Loved the roadmap preview", ""]
    # the map: where Maria moved from, and the same count as the list says
    chart = tab._panels[0]
    data = chart.canvas.data  # type: ignore[attr-defined]
    assert [(p.name, p.was) for p in data.people] == [("Maria", -1), ("Tom", None)]
    assert tab.people.summary.text() == "3 people: 1 at the customer, 1 left, 1 on our side"
    chart.canvas.flush()  # type: ignore[attr-defined]
    legend = [t.get_text() for t in chart.canvas.figure.axes[0].get_legend().get_texts()]  # type: ignore[attr-defined]
    assert "Moved from (90 days ago)" in legend
    assert charts.header(chart.canvas.figure)[1].endswith("1 moved in 90 days")  # type: ignore[attr-defined]
    # another person: their history
    tom = next(p for p in tab.people.model.rows if p.name == "Tom")
    tab.people.table.select_id(tom.id)
    assert history.title.text() == "Sentiment history of Tom"
    assert history.model.rowCount() == 1

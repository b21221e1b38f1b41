"""The account health panel, driven like a user on a real temporary book."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from planner.domain.enums import HealthBand
from planner.services import accounts, books, health
from planner.services.books import Book
from tests.planner.test_health_service import DAY, build_acme
from tests.ui.conftest import make_context
from ui.health.models import FACTOR_COLUMNS
from ui.health.panel import AccountHealthPanel
from ui.settings import AppSettings
from ui.undo import EditHistory


def make_panel(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> tuple[AccountHealthPanel, EditHistory, str]:
    aid, _ = build_acme(book)
    ctx = make_context(book, settings)
    panel = AccountHealthPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1200, 900)
    panel.set_account(accounts.get_account(book, aid))
    panel.show()
    panel.reload_now()
    return panel, ctx.history, aid


def cell(panel: AccountHealthPanel, row: int, title: str) -> str:
    column = [c.title for c in FACTOR_COLUMNS].index(title)
    return str(panel.factors.data(panel.factors.index(row, column)))


def test_shows_the_score_and_why(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    panel, _, _ = make_panel(qtbot, book, settings)
    assert panel.score_label.text() == "63.9"
    assert panel.band_label.text() == "Yellow"
    assert panel.status_label.text().startswith("Not recorded yet")
    assert panel.factors.rowCount() == 6
    assert [cell(panel, r, "Factor") for r in range(6)] == [
        "Product adoption",
        "Engagement",
        "Support load",
        "NPS / CSAT",
        "Stakeholder coverage",
        "CSM sentiment",
    ]
    assert [cell(panel, r, "Points") for r in range(6)] == [
        "17.5",
        "10.0",
        "9.0",
        "11.6",
        "8.2",
        "7.5",
    ]
    assert cell(panel, 0, "Raw value") == "2 use cases in use (1 live), average 70 % adopted"
    tip = panel.factors.data(panel.factors.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Average adoption % of the use cases")
    assert "add up to the computed score, 63.9" in panel.factor_note.text()
    assert panel.moves_summary.text() == "No snapshot yet to compare with."
    panel.trend_chart.canvas.flush()
    assert panel.trend_chart.canvas.data.points == ()


def test_record_snapshot_with_undo_and_redo(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    panel, history, aid = make_panel(qtbot, book, settings)
    with qtbot.waitSignal(panel.edited):
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    snaps = health.list_snapshots(book, aid)
    assert len(snaps) == 1
    qtbot.waitUntil(lambda: panel.status_label.text().startswith("Recorded 23 Nov 2026"))
    assert "the same as the last snapshot" in panel.live_label.text()
    assert history.stack.undoText() == "Record Health of Acme"
    history.stack.undo()
    assert health.list_snapshots(book, aid) == []
    qtbot.waitUntil(lambda: panel.status_label.text().startswith("Not recorded yet"))
    history.stack.redo()
    assert [s.id for s in health.list_snapshots(book, aid)] == [snaps[0].id]  # the same row


def test_what_if_moves_the_score_without_saving(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    panel, _, aid = make_panel(qtbot, book, settings)
    assert panel.what_if_result.text() == "Score today: 63.9 (Yellow)."
    assert not panel.reset_button.isEnabled()
    panel.adoption.selectAll()
    qtbot.keyClicks(panel.adoption, "80")
    qtbot.waitUntil(lambda: "66.4" in panel.what_if_result.text())
    assert panel.what_if_result.text() == ("What-if score: 66.4 (Yellow), +2.5 points from 63.9.")
    assert panel.what_if_detail.text() == "Product adoption +2.5"
    qtbot.mouseClick(panel.champion, Qt.MouseButton.LeftButton)
    assert panel.what_if_changes() == {"adoption_pct": 80, "champion_positive": True}
    assert panel.what_if_result.text().startswith("What-if score: 71.6 (Green)")
    qtbot.mouseClick(panel.champion_left, Qt.MouseButton.LeftButton)
    assert not panel.champion.isChecked()  # a champion who left cannot be positive
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.what_if_changes() == {}
    assert panel.adoption.value() == 70
    assert health.list_snapshots(book, aid) == []


def test_override_needs_a_reason_shown_next_to_the_field(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    panel, history, aid = make_panel(qtbot, book, settings)
    dialog = panel.open_override()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.score.setValue(82)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.reason_error.isVisibleTo(dialog)
    assert dialog.reason_error.text().startswith("Say why you are overriding the score")
    assert health.list_snapshots(book, aid) == []
    qtbot.keyClicks(dialog.reason, "Renewal signed early")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    snap = health.latest_snapshot(book, aid)
    assert snap is not None
    assert (snap.score, snap.band, snap.override_reason) == (
        82.0,
        HealthBand.GREEN,
        "Renewal signed early",
    )
    qtbot.waitUntil(lambda: panel.override_label.isVisibleTo(panel))
    assert panel.override_label.text() == (
        "Overridden by hand (computed 63.9): Renewal signed early"
    )
    assert panel.score_label.text() == "82.0"
    assert panel.clear_override_button.isEnabled()
    qtbot.mouseClick(panel.clear_override_button, Qt.MouseButton.LeftButton)
    snap = health.latest_snapshot(book, aid)
    assert snap is not None
    assert (snap.score, snap.override_score) == (63.9, None)
    history.stack.undo()  # the override is back
    snap = health.latest_snapshot(book, aid)
    assert snap is not None
    assert snap.override_score == 82.0
    history.stack.undo()  # the snapshot made to carry it is gone
    assert health.list_snapshots(book, aid) == []
    history.stack.redo()
    assert health.latest_snapshot(book, aid) == snap


def test_csm_sentiment_is_saved_and_undone(qtbot: QtBot, book: Book, settings: AppSettings) -> None:
    panel, history, aid = make_panel(qtbot, book, settings)
    assert panel.sentiment_value.currentData() == 1
    assert panel.sentiment_note.text() == "Good momentum"
    assert panel.sentiment_status.text() == "Last set to +1 on 20 Nov 2026."
    panel.sentiment_value.setCurrentIndex(panel.sentiment_value.findData(-2))
    panel.sentiment_note.clear()
    qtbot.keyClicks(panel.sentiment_note, "Sponsor resigned")
    qtbot.mouseClick(panel.sentiment_save, Qt.MouseButton.LeftButton)
    saved = health.get_csm_sentiment(book, aid)
    assert (saved.value, saved.note) == (-2, "Sponsor resigned")
    qtbot.waitUntil(lambda: panel.score_label.text() == "56.4")  # CSM 75 -> 0: -7.5
    history.stack.undo()
    assert health.get_csm_sentiment(book, aid).value == 1
    qtbot.waitUntil(lambda: panel.score_label.text() == "63.9")


def test_follows_edits_made_elsewhere_and_other_accounts(
    qtbot: QtBot, book: Book, settings: AppSettings
) -> None:
    panel, _, aid = make_panel(qtbot, book, settings)
    health.record_snapshot(book, aid, as_of=DAY)  # not through the panel: the book tells it
    qtbot.waitUntil(lambda: panel.status_label.text().startswith("Recorded"))
    assert panel.account is not None
    panel.set_account(replace(panel.account, id="00000000-0000-4000-8000-000000000000"))
    qtbot.waitUntil(lambda: panel.message.text().startswith("That account no longer exists"))
    assert panel.message.isVisibleTo(panel)
    assert not panel.isEnabled()


def test_read_only_book_can_be_read_not_changed(
    qtbot: QtBot, tmp_path: Path, settings: AppSettings
) -> None:
    path = tmp_path / "ro.aspbook"
    with books.create_book(path) as writable:
        aid, _ = build_acme(writable)
    with books.open_book(path, read_only=True) as book:
        panel = AccountHealthPanel(make_context(book, settings))
        qtbot.addWidget(panel)
        panel.set_account(accounts.get_account(book, aid))
        panel.reload_now()
        assert panel.score_label.text() == "63.9"
        for button in (panel.record_button, panel.override_button, panel.sentiment_save):
            assert not button.isEnabled()
            assert button.toolTip() == "This book is open read-only."
        dialog = panel.open_settings()
        qtbot.addWidget(dialog)
        dialog.weight_boxes["voice"].setValue(40)
        assert not dialog.save_button.isEnabled()
        assert "read-only" in dialog.summary.text()
        dialog.close()

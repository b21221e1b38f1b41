"""The health model dialog, whole-book recording and the portfolio metrics view."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from planner.domain import health as h
from planner.domain import metrics as mx
from planner.services import accounts, books, health, metrics
from planner.services.books import Book
from tests.conftest import TODAY
from ui.health.metrics_view import PortfolioMetricsView, preset_period
from ui.health.record import BookHealthRecorder, record_health_action, summary
from ui.health.settings_dialog import HealthSettingsDialog
from ui.undo import EditHistory


def test_settings_dialog_validates_next_to_fields_and_saves_a_version(
    qtbot: QtBot, book: Book
) -> None:
    history = EditHistory(book)
    dialog = HealthSettingsDialog(book, history)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    assert dialog.summary.text() == "These are the settings of v1."
    assert dialog.share_labels["adoption"].text() == "25 %"
    for box in dialog.weight_boxes.values():
        box.setValue(0)
    assert dialog.errors["weights"].isVisibleTo(dialog)
    assert dialog.errors["weights"].text() == "At least one factor needs a weight above 0."
    assert not dialog.save_button.isEnabled()
    dialog.use_defaults()
    assert not dialog.errors["weights"].isVisibleTo(dialog)
    dialog.green_from.setValue(35)
    assert dialog.errors["green_from"].text().startswith("Green must start above where red ends")
    assert not dialog.save_button.isEnabled()
    dialog.green_from.setValue(75)
    box = dialog.weight_boxes["engagement"]
    box.selectAll()
    qtbot.keyClicks(box, "40")
    assert dialog.band_preview.text() == "Red 0-39, yellow 40-74, green 75-100."
    assert dialog.share_labels["engagement"].text() == "33 %"  # 40 / 120
    qtbot.keyClicks(dialog.note, "Engagement first")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    model = health.current_model(book)
    assert (model.version, model.weights["engagement"], model.green_from) == (2, 40.0, 75)
    assert health.list_models(book)[-1].note == "Engagement first"
    assert history.stack.undoText() == "Change Health Model to v2"
    history.stack.undo()
    assert health.current_model(book).weights == h.DEFAULT_WEIGHTS
    history.stack.redo()
    assert health.current_model(book).green_from == 75


def _book_with(book: Book, count: int) -> list[str]:
    return [accounts.create_account(book, name=f"Account {i}").id for i in range(count)]


def test_record_whole_book_with_progress_and_undo(qtbot: QtBot, book: Book) -> None:
    ids = _book_with(book, 3)
    history = EditHistory(book)
    recorder = BookHealthRecorder(book, history, None)
    messages: list[str] = []
    recorder.message.connect(messages.append)
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as done:
        recorder.start()
    result = done.args[0]
    assert (result.recorded, result.total, result.cancelled) == (3, 3, False)
    assert messages == ["Recorded health for 3 accounts."]
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 3
    assert history.stack.undoText() == "Record Health for 3 Accounts"
    history.stack.undo()
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 0
    history.stack.redo()
    assert {s for i in ids for s in (x.id for x in health.list_snapshots(book, i))} == set(
        result.snapshot_ids
    )


class _Gate(QRunnable):
    """Occupies the pool's only thread until released (to queue a job deterministically)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(10)


def test_cancel_keeps_what_was_recorded_and_undo_removes_it(qtbot: QtBot, book: Book) -> None:
    ids = _book_with(book, 3)
    history = EditHistory(book)
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    gate = _Gate()
    pool.start(gate)
    recorder = BookHealthRecorder(book, history, None, pool=pool, batch=1)
    messages: list[str] = []
    recorder.message.connect(messages.append)
    recorder.start()
    recorder.cancel()  # before the first batch: it stops right after it
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as done:
        gate.release.set()
    result = done.args[0]
    assert (result.recorded, result.total, result.cancelled) == (1, 3, True)
    assert messages == [summary(result)]
    assert messages[0] == (
        "Stopped after 1 of 3 accounts. Their snapshots are kept; Edit > Undo removes them."
    )
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 1
    history.stack.undo()
    assert sum(len(health.list_snapshots(book, i)) for i in ids) == 0
    pool.waitForDone()


def test_metrics_view_figures_segments_and_periods(qtbot: QtBot, demo_book: Book) -> None:
    view = PortfolioMetricsView(demo_book)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    qtbot.waitUntil(lambda: view.metrics is not None and not view.busy, timeout=15_000)
    assert view.period() == mx.Period.year_ending(TODAY)
    expected = metrics.portfolio_metrics(demo_book, mx.Period.year_ending(TODAY), as_of=TODAY)
    rows = {view.table.rows[r].key: view.table.rows[r] for r in range(view.table.rowCount())}
    assert view.table.rowCount() == 11
    assert rows["nrr"].value == mx.pct(expected.revenue.nrr)
    nrr_row = list(rows).index("nrr")
    assert view.table.data(view.table.index(nrr_row, 1)) == mx.pct(expected.revenue.nrr)
    for canvas in view.canvases.values():
        canvas.flush()
        assert canvas.data is not None
    view.segment_field.setCurrentIndex(view.segment_field.findData("tier"))
    assert view.segment_value.isEnabled()
    assert view.segment_value.itemData(0) == "strategic"
    view.segment_value.setCurrentIndex(view.segment_value.findData("smb"))
    qtbot.waitUntil(
        lambda: view.metrics is not None and view.metrics.segment is not None and not view.busy,
        timeout=15_000,
    )
    assert view.metrics.segment == mx.Segment("tier", "smb")
    assert "Tier: smb" in view.status.text()
    view.preset.setCurrentText("Last year")
    assert (view.start.date().year(), view.end.date().month()) == (2025, 12)
    qtbot.waitUntil(
        lambda: (
            view.metrics is not None
            and view.metrics.period == mx.Period.year(2025)
            and not view.busy
        ),
        timeout=15_000,
    )
    view.set_period(mx.Period(date(2026, 1, 1), date(2026, 3, 31)))
    assert view.preset.currentText() == "Custom"
    qtbot.waitUntil(
        lambda: (
            view.metrics is not None
            and view.metrics.period.end == date(2026, 3, 31)
            and not view.busy
        ),
        timeout=15_000,
    )


def test_metrics_view_explains_a_missing_exchange_rate(qtbot: QtBot, book: Book) -> None:
    accounts.create_account(
        book, name="Euro Co", currency="EUR", arr_minor=10_000, contract_start=date(2025, 1, 1)
    )
    view = PortfolioMetricsView(book)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=15_000) as failed:
        view.show()
    assert "no exchange rate from EUR to USD" in failed.args[0]
    assert view.error.isVisibleTo(view)
    books.set_setting(book, "fx_rates", {"EUR": "1.1"})
    with qtbot.waitSignal(view.computed, timeout=15_000):
        view.refresh()
    assert not view.error.isVisibleTo(view)


def test_period_presets() -> None:
    assert preset_period("This quarter", TODAY) == mx.Period(date(2026, 10, 1), TODAY)
    assert preset_period("Last quarter", TODAY) == mx.Period.quarter(2026, 3)
    assert preset_period("Year to date", TODAY) == mx.Period(date(2026, 1, 1), TODAY)
    assert preset_period("Last year", TODAY) == mx.Period.year(2025)
    assert preset_period("Last 12 months", TODAY) == mx.Period.year_ending(TODAY)
    assert preset_period("Last quarter", date(2026, 2, 1)) == mx.Period.quarter(2025, 4)


def test_menu_action_records_the_whole_book(qtbot: QtBot, book: Book) -> None:
    ids = _book_with(book, 2)
    window = QWidget()
    qtbot.addWidget(window)
    messages: list[str] = []
    action = record_health_action(book, EditHistory(book), window, on_message=messages.append)
    assert action.text() == "Record Health for All Accounts…"
    recorder = action.property("recorder")
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        action.trigger()
    assert messages == ["Recorded health for 2 accounts."]
    assert all(len(health.list_snapshots(book, i)) == 1 for i in ids)

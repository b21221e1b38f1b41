"""The chart canvas and the ready-made chart widgets, on real temporary books."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from planner.domain import metrics as mx
from planner.domain.enums import HealthBand
from planner.reports import charts
from planner.services import accounts, health
from planner.services.books import Book
from tests.conftest import TODAY
from ui.charts import widgets as cw
from ui.charts.canvas import ChartCanvas, theme_for

DIST = charts.HealthDistributionData(
    (charts.BandCount(HealthBand.RED, 2, 100), charts.BandCount(HealthBand.GREEN, 5, 900)), "USD"
)


def canvas_in(qtbot: QtBot, palette: QPalette | None = None) -> tuple[QWidget, ChartCanvas]:
    host = QWidget()
    if palette is not None:
        host.setPalette(palette)
    qtbot.addWidget(host)
    canvas = ChartCanvas(host, file_stem="test_chart")
    canvas.resize(640, 400)
    host.resize(640, 400)
    host.show()
    return host, canvas


def dark_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    return palette


def test_redraws_are_coalesced(qtbot: QtBot) -> None:
    _host, canvas = canvas_in(qtbot)
    for n in range(1, 31):
        data = charts.HealthDistributionData((charts.BandCount(HealthBand.RED, n, 0),), "USD")
        canvas.set_chart(charts.draw_health_distribution, data)
    assert canvas.builds == 0  # nothing drawn while the calls come in
    qtbot.waitUntil(lambda: canvas.builds == 1)
    qtbot.wait(20)
    assert canvas.builds == 1
    assert canvas.figure.axes[0].patches[0].get_height() == 30  # the last data won


def test_a_hidden_chart_is_built_when_it_is_shown(qtbot: QtBot) -> None:
    """Charts on pages that are not on screen cost nothing until they are looked at."""
    host, canvas = canvas_in(qtbot)
    host.hide()
    canvas.set_chart(charts.draw_health_distribution, DIST)
    qtbot.wait(50)
    assert canvas.builds == 0
    host.show()
    qtbot.waitUntil(lambda: canvas.builds == 1)
    host.hide()
    canvas.set_chart(charts.draw_health_distribution, DIST)
    qtbot.wait(50)
    canvas.flush()  # grabbing or testing a hidden chart still builds it on request
    assert canvas.builds == 2


def test_follows_the_light_and_dark_palette(qtbot: QtBot) -> None:
    _host, canvas = canvas_in(qtbot, dark_palette())
    assert theme_for(dark_palette()) is charts.DARK
    canvas.set_chart(charts.draw_health_distribution, DIST)
    qtbot.waitUntil(lambda: canvas.builds == 1)
    assert canvas.theme is charts.DARK
    assert canvas.figure.get_facecolor()[:3] == pytest.approx(
        QColor(charts.DARK.background).getRgbF()[:3]
    )
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    original = app.palette()
    try:
        app.setPalette(dark_palette())
        _host2, other = canvas_in(qtbot)
        other.set_chart(charts.draw_health_distribution, DIST)
        qtbot.waitUntil(lambda: other.builds >= 1)
        assert other.theme is charts.DARK
        app.setPalette(original)
        qtbot.waitUntil(lambda: other.theme is charts.LIGHT and other.builds >= 2)
    finally:
        app.setPalette(original)


def test_hovering_a_bar_shows_its_tooltip(qtbot: QtBot) -> None:
    _host, canvas = canvas_in(qtbot)
    canvas.set_chart(charts.draw_health_distribution, DIST)
    qtbot.waitUntil(lambda: canvas.builds == 1)
    canvas.draw()
    ax = canvas.figure.axes[0]
    x, y = ax.transData.transform((1, 2.5))  # the middle of the green bar
    ratio = canvas.devicePixelRatioF()
    height = canvas.figure.bbox.height
    pos = QPoint(round(x / ratio), round((height - y) / ratio))
    QTest.mouseMove(canvas, pos)
    qtbot.waitUntil(lambda: QToolTip.isVisible() or QToolTip.text() != "", timeout=2000)
    assert QToolTip.text() == "Green: 5 accounts (71 %), $9 ARR"
    QTest.mouseMove(canvas, QPoint(5, 5))  # outside the axes: the tooltip goes
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_right_click_saves_png_and_svg(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _host, canvas = canvas_in(qtbot)
    menu = canvas.context_menu()
    assert [a.text() for a in menu.actions()] == ["Save Chart as PNG…", "Save Chart as SVG…"]
    assert not any(a.isEnabled() for a in menu.actions())  # nothing to save yet
    canvas.set_chart(charts.draw_health_distribution, DIST)
    qtbot.waitUntil(lambda: canvas.builds == 1)
    chosen = iter([str(tmp_path / "health"), str(tmp_path / "health.svg"), ""])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (next(chosen), ""))
    )
    menu = canvas.context_menu()
    with qtbot.waitSignal(canvas.saved) as saved:
        menu.actions()[0].trigger()
    assert saved.args == [str(tmp_path / "health.png")]
    assert (tmp_path / "health.png").read_bytes().startswith(b"\x89PNG")
    menu.actions()[1].trigger()
    svg = (tmp_path / "health.svg").read_bytes()
    assert b"<svg" in svg
    assert b"Health distribution" in svg
    assert canvas.save_as("png") is None  # the user cancelled the dialog
    with pytest.raises(ValueError, match="unknown chart format"):
        canvas.save_to(tmp_path / "x.gif", "gif")


def test_account_chart_widgets(qtbot: QtBot, demo_book: Book) -> None:
    rows = accounts.list_accounts(demo_book)
    first, second = rows[0], rows[1]
    trend = cw.HealthTrendChart(demo_book, first.id)
    qtbot.addWidget(trend)
    trend.canvas.flush()
    history = health.list_snapshots(demo_book, first.id)
    assert [p.score for p in trend.canvas.data.points] == [s.score for s in history]
    with qtbot.waitSignal(trend.loaded):
        trend.load(second)  # the workspace's panel protocol
    assert trend.account_id == second.id
    assert len(trend.canvas.data.points) == len(health.list_snapshots(demo_book, second.id))
    for cls in (
        cw.FactorContributionsChart,
        cw.GoalProgressChart,
        cw.StakeholderMapChart,
        cw.VoiceTrendChart,
        cw.ArrHistoryChart,
    ):
        widget = cls(demo_book, first.id)
        qtbot.addWidget(widget)
        widget.canvas.flush()
        assert widget.canvas.builds == 1
        assert widget.canvas.data is not None
    factors = cw.FactorContributionsChart(demo_book, first.id)
    qtbot.addWidget(factors)
    factors.set_waterfall(True)
    assert factors.canvas.data.waterfall
    assert factors.canvas.data.previous_score is not None
    with qtbot.waitSignal(trend.failed) as failed:
        trend.set_account("00000000-0000-4000-8000-000000000000")
    assert failed.args[0] == "That account no longer exists."
    assert trend.message.isVisibleTo(trend)
    assert not trend.canvas.isVisibleTo(trend)


def test_portfolio_chart_widgets_read_off_the_gui_thread(qtbot: QtBot, demo_book: Book) -> None:
    period = mx.Period.year_ending(TODAY)
    bridge = cw.ArrBridgeChart(demo_book, period)
    qtbot.addWidget(bridge)
    qtbot.waitUntil(lambda: not bridge.busy, timeout=10_000)
    data = bridge.canvas.data
    assert (
        data.start_minor
        + data.new_minor
        + data.expansion_minor
        - data.contraction_minor
        - (data.churn_minor)
        == data.end_minor
    )
    everything = data.end_minor
    bridge.refresh()
    bridge.set_period(period, mx.Segment("tier", "smb"))  # overtakes the read above
    qtbot.waitUntil(lambda: not bridge.busy, timeout=10_000)
    qtbot.wait(50)
    assert bridge.canvas.data.end_minor < everything
    for cls in (cw.HealthDistributionChart, cw.RenewalsByMonthChart, cw.RetentionTrendChart):
        widget = cls(demo_book, None)
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda w=widget: not w.busy, timeout=10_000)
        assert widget.canvas.data is not None
    renewals = cw.RenewalsByMonthChart(demo_book)
    qtbot.addWidget(renewals)
    qtbot.waitUntil(lambda: not renewals.busy, timeout=10_000)
    assert renewals.canvas.data.months[0].month == date(2026, 11, 1)
    broken = cw.ArrBridgeChart(demo_book, period, mx.Segment("tier", "gold"))
    qtbot.addWidget(broken)
    qtbot.waitUntil(lambda: not broken.busy, timeout=10_000)
    assert "'gold' is not a tier" in broken.message.text()

"""Chart builders: what they plot, the empty state, PNG/SVG rendering, tooltips, long text."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.image import imread

from planner.domain.enums import GoalStatus, HealthBand, RevenueKind, StakeholderRole
from planner.reports import charts as c

D0 = date(2025, 3, 31)


def trend() -> c.HealthTrendData:
    scores = [72.0, 61.0, 48.0, 39.0, 58.0]
    points = []
    for i, s in enumerate(scores):
        band = HealthBand.RED if s < 40 else HealthBand.YELLOW if s < 70 else HealthBand.GREEN
        last = i == len(scores) - 1
        points.append(
            c.HealthPoint(
                D0 + timedelta(days=91 * i),
                s,
                band,
                1 if i < 3 else 2,
                38.0 if last else s,
                last,
                "Renewal agreed" if last else "",
            )
        )
    return c.HealthTrendData(tuple(points))


FACTORS = (
    c.FactorBar("adoption", "Product adoption", 17.5, 70.0, 0.25, 15.0),
    c.FactorBar("engagement", "Engagement", 10.0, 50.0, 0.20, 14.0),
    c.FactorBar("voice", "NPS / CSAT", 0.0, None, 0.0, 0.0),
)
GOALS = c.GoalProgressData(
    (
        c.GoalBar("Weekly active users", 20, 50, 80, "%", GoalStatus.ON_TRACK),
        c.GoalBar(
            "Ticket time",
            48,
            18,
            8,
            "hours",
            GoalStatus.AT_RISK,
            previous=30,
            previous_on=date(2026, 10, 1),
            readings=3,
        ),
        c.GoalBar("Save $2M and $3M in " + "very " * 20 + "long", 0, 1, 2, "$M", None),
        c.GoalBar("Not measurable", None, None, 10),
    )
)
PEOPLE = c.StakeholderMapData(
    (
        c.StakeholderDot("Maria", StakeholderRole.EXECUTIVE_SPONSOR, 5, 1),
        c.StakeholderDot("Tom", StakeholderRole.CHAMPION, 4, 2),
        c.StakeholderDot("Ana", StakeholderRole.CHAMPION, 4, 2, left_company=True),
        c.StakeholderDot("Li", StakeholderRole.END_USER, 2, 0, was=-2),
    )
)
GOAL_TREND = c.GoalTrendData(
    (
        c.GoalReading(date(2026, 6, 1), 48.0, "Baseline week"),
        c.GoalReading(date(2026, 9, 1), 30.0),
        c.GoalReading(date(2026, 11, 2), 18.0, "After the triage rollout"),
    ),
    "hours",
    baseline=48,
    target=8,
)
VOICE = c.VoiceTrendData(
    (
        c.VoicePoint("Q1 2026", 20.0, 5, 75.0, 4),
        c.VoicePoint("Q2 2026", None, 0, 80.0, 5),
        c.VoicePoint("Q3 2026", -10.0, 10, None, 0),
    )
)
ARR = c.ArrHistoryData(
    (
        c.ArrStep(date(2024, 3, 1), 12_000_000, RevenueKind.NEW, 12_000_000),
        c.ArrStep(date(2025, 3, 1), 15_000_000, RevenueKind.EXPANSION, 3_000_000),
        c.ArrStep(date(2026, 3, 1), 0, RevenueKind.CHURN, -15_000_000),
    ),
    "USD",
    until=date(2026, 11, 23),
)
DIST = c.HealthDistributionData(
    (
        c.BandCount(HealthBand.RED, 8, 100),
        c.BandCount(HealthBand.YELLOW, 14, 200),
        c.BandCount(HealthBand.GREEN, 15, 300),
        c.BandCount(None, 3, 5),
    ),
    "USD",
)
BRIDGE = c.ArrBridgeData(
    100_000_000, 12_000_000, 15_000_000, 3_000_000, 7_000_000, 117_000_000, "USD", "2026"
)
RENEWALS = c.RenewalsByMonthData(
    tuple(
        c.RenewalMonth(
            date(2026 + (10 + i) // 12, (10 + i) % 12 + 1, 1),
            green_minor=100 * i,
            red_minor=50 if i % 3 == 0 else 0,
            accounts=1 + i % 3,
        )
        for i in range(12)
    ),
    "USD",
)
RETENTION = c.RetentionTrendData(
    (
        c.RetentionPoint("Q3 2026", 104.0, 92.5),
        c.RetentionPoint("Q4 2026", None, None),
        c.RetentionPoint("Q1 2027", 98.0, 90.0),
    )
)

SAMPLES: dict[str, tuple[Callable[..., None], Any, Any]] = {
    "health_trend": (c.draw_health_trend, trend(), c.HealthTrendData(())),
    "factor_contributions": (
        c.draw_factor_contributions,
        c.FactorContributionsData(FACTORS, 27.5),
        c.FactorContributionsData((), 0.0),
    ),
    "goal_progress": (c.draw_goal_progress, GOALS, c.GoalProgressData(())),
    "goal_trend": (c.draw_goal_trend, GOAL_TREND, c.GoalTrendData(())),
    "stakeholder_map": (c.draw_stakeholder_map, PEOPLE, c.StakeholderMapData(())),
    "voice_trend": (
        c.draw_voice_trend,
        VOICE,
        c.VoiceTrendData((c.VoicePoint("Q1", None, 0, None, 0),)),
    ),
    "arr_history": (c.draw_arr_history, ARR, c.ArrHistoryData((), "USD")),
    "health_distribution": (
        c.draw_health_distribution,
        DIST,
        c.HealthDistributionData(tuple(c.BandCount(b, 0, 0) for b in (*HealthBand, None)), "USD"),
    ),
    "arr_bridge": (c.draw_arr_bridge, BRIDGE, c.ArrBridgeData(0, 0, 0, 0, 0, 0, "USD")),
    "renewals_by_month": (
        c.draw_renewals_by_month,
        RENEWALS,
        c.RenewalsByMonthData((c.RenewalMonth(date(2026, 11, 1)),), "USD"),
    ),
    "retention_trend": (
        c.draw_retention_trend,
        RETENTION,
        c.RetentionTrendData((c.RetentionPoint("Q1", None, None),)),
    ),
}


def drawn(draw: Callable[..., None], data: Any, theme: c.ChartTheme = c.LIGHT) -> Any:
    fig = c.new_figure()
    draw(fig, data, theme)
    fig.canvas.draw()
    return fig


def texts(fig: Any) -> list[str]:
    found = [t.get_text() for ax in fig.axes for t in ax.texts]
    found += list(c.header(fig))
    found += [t.get_text() for t in fig.texts]
    found += [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    found += [t.get_text() for legend in legends for t in legend.get_texts()]
    return found


def test_every_builder_is_in_the_registry() -> None:
    assert set(SAMPLES) == set(c.BUILDERS)
    assert all(SAMPLES[name][0] is c.BUILDERS[name] for name in SAMPLES)


def test_health_trend_plots_scores_overrides_and_model_changes() -> None:
    data = trend()
    fig = drawn(c.draw_health_trend, data)
    ax = fig.axes[0]
    assert list(ax.lines[0].get_ydata()) == [p.score for p in data.points]
    dots = ax.collections[0]
    assert len(dots.get_offsets()) == 5
    override = ax.collections[1]
    assert override.get_offsets()[0][1] == 58.0
    vertical = [
        ln for ln in ax.lines if len(set(ln.get_xdata())) == 1 and ln.get_linestyle() == "--"
    ]
    assert len(vertical) == 1  # one model change (v1 -> v2)
    assert " Model v2" in texts(fig)
    assert {"Health score", "Manual override", "Model changed"} <= set(texts(fig))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "40", "70", "100"]
    assert any("overridden (computed 38)" in t for t in texts(fig))


def test_factor_bars_are_the_contributions() -> None:
    fig = drawn(c.draw_factor_contributions, c.FactorContributionsData(FACTORS, 27.5))
    ax = fig.axes[0]
    assert [round(p.get_width(), 2) for p in ax.patches] == [17.5, 10.0, 0.0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Product adoption", "Engagement", "NPS / CSAT"]
    assert "no data (weight shared by the others)" in texts(fig)
    assert "17.5 pts  (score 70 x 25 %)" in texts(fig)


def test_factor_waterfall_steps_from_the_previous_score() -> None:
    data = c.FactorContributionsData(FACTORS[:2], 27.5, previous_score=29.0, waterfall=True)
    fig = drawn(c.draw_factor_contributions, data)
    ax = fig.axes[0]
    bars = [(round(p.get_x(), 2), round(p.get_width(), 2)) for p in ax.patches]
    # previous 29.0; adoption +2.5 (29.0 -> 31.5); engagement -4.0 (31.5 -> 27.5); now 27.5
    assert bars == [(0.0, 29.0), (29.0, 2.5), (27.5, 4.0), (0.0, 27.5)]
    assert {"+2.5", "-4.0"} <= set(texts(fig))
    assert c.header(fig) == ("What moved the score", "From 29 to 27.5 (-1.5)")


def test_goal_progress_bars_and_escaped_long_labels() -> None:
    fig = drawn(c.draw_goal_progress, GOALS)
    ax = fig.axes[0]
    progress = [round(p.get_width(), 1) for p in ax.patches[len(GOALS.goals) :]]
    assert progress == [50.0, 75.0, 50.0, 0.0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[2] == r"Save \$2M and \$3M in very very…"  # drawn literally, shortened
    assert len(labels[2].replace("\\", "")) == 30
    assert "not measurable   ? → ? → 10" in texts(fig)
    assert r"75 %   48 → 18 → 8 hours" in texts(fig)


def test_stakeholder_map_places_people_by_influence_and_sentiment() -> None:
    fig = drawn(c.draw_stakeholder_map, PEOPLE)
    ax = fig.axes[0]
    points = sorted(
        (round(x, 2), round(y, 2)) for coll in ax.collections for x, y in coll.get_offsets()
    )
    # Tom and Ana share (+2, 4): stacked 0.22 apart; Li's ghost at -2 is where she moved from
    assert points == [(-2.0, 2.0), (0.0, 2.0), (1.0, 5.0), (2.0, 3.89), (2.0, 4.11)]
    assert {"Executive sponsor", "Champion", "End user"} <= set(texts(fig))
    assert "Ana (left)" in texts(fig)


def test_stakeholder_map_shows_where_people_moved_from() -> None:
    fig = drawn(c.draw_stakeholder_map, PEOPLE)
    assert "Moved from (90 days ago)" in texts(fig)
    assert c.header(fig)[1] == "3 at the customer; hollow: 1 left the company; 1 moved in 90 days"
    arrows = [t for t in fig.axes[0].texts if getattr(t, "arrow_patch", None) is not None]
    assert [(a.xy, a.xyann) for a in arrows] == [((0.0, 2.0), (-2.0, 2.0))]  # type: ignore[attr-defined]
    tips = [t for _artist, found in c.tooltips(fig) for t in found]
    assert "Li moved from -2 to +0 in the last 90 days" in tips
    still = c.StakeholderMapData(tuple(p for p in PEOPLE.people if p.was is None))
    assert "Moved from (90 days ago)" not in texts(drawn(c.draw_stakeholder_map, still))


def test_goal_progress_marks_the_previous_reading() -> None:
    fig = drawn(c.draw_goal_progress, GOALS)
    ticks = [coll for coll in fig.axes[0].collections if coll.get_label() == "Previous reading"]
    # Ticket time: baseline 48, previous 30, target 8 -> 45 % of the way
    assert [tuple(map(float, xy)) for xy in ticks[0].get_offsets()] == [(45.0, 1.0)]
    assert c.header(fig)[1].endswith("| the previous reading")
    tips = [t for _artist, found in c.tooltips(fig) for t in found]
    assert "Ticket time\nPrevious reading 30 hours on 1 Oct 2026; 3 readings in its history" in tips


def test_goal_trend_plots_readings_against_baseline_and_target() -> None:
    fig = drawn(c.draw_goal_trend, GOAL_TREND)
    ax = fig.axes[0]
    assert list(ax.lines[0].get_ydata()) == [48.0, 30.0, 18.0]
    levels = {line.get_label(): line.get_ydata()[0] for line in ax.lines[1:]}
    assert levels == {"Target": 8, "Baseline": 48}
    assert c.header(fig) == ("Progress over time", "3 readings, 1 Jun 2026 to 2 Nov 2026")
    tips = [t for _artist, found in c.tooltips(fig) for t in found]
    assert "2 Nov 2026: 18 hours\nAfter the triage rollout" in tips


def test_voice_trend_lines_join_the_quarters_with_answers() -> None:
    fig = drawn(c.draw_voice_trend, VOICE)
    ax = fig.axes[0]
    nps, csat = ax.lines[1], ax.lines[2]  # lines[0] is the zero line
    assert nps.get_label() == "NPS"
    assert (list(nps.get_xdata()), list(nps.get_ydata())) == ([0, 2], [20.0, -10.0])
    assert (list(csat.get_xdata()), list(csat.get_ydata())) == ([0, 1], [75.0, 80.0])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q1 2026", "Q2 2026", "Q3 2026"]
    assert c.tooltips(fig)[0][1] == ("Q1 2026: NPS 20 (n=5)", "Q3 2026: NPS -10 (n=10)")


def test_arr_history_steps_and_money_axis() -> None:
    fig = drawn(c.draw_arr_history, ARR)
    ax = fig.axes[0]
    levels = list(ax.lines[0].get_ydata())
    assert levels[:3] == [12_000_000, 15_000_000, 0]
    assert levels[-1] == 0  # drawn on to "until"
    assert any(t.get_text().startswith(r"\$") for t in ax.get_yticklabels())
    assert {"New", "Expansion", "Churn"} <= set(texts(fig))


def test_portfolio_bars() -> None:
    fig = drawn(c.draw_health_distribution, DIST)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == [8, 14, 15, 3]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Red", "Yellow", "Green", "Not scored"]
    fig = drawn(c.draw_arr_bridge, BRIDGE)
    ax = fig.axes[0]
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [
        (0, 100_000_000),
        (100_000_000, 12_000_000),
        (112_000_000, 15_000_000),
        (124_000_000, 3_000_000),
        (117_000_000, 7_000_000),
        (0, 117_000_000),
    ]
    assert r"-\$70K" in texts(fig)
    fig = drawn(c.draw_renewals_by_month, RENEWALS)
    ax = fig.axes[0]
    greens = [p.get_height() for p in ax.containers[0]]
    reds = [(p.get_y(), p.get_height()) for p in ax.containers[1]]
    assert greens == [100 * i for i in range(12)]
    assert reds[3] == (300, 50)  # stacked on the green of that month
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["Nov\n2026", "Dec", "Jan\n2027"]
    fig = drawn(c.draw_retention_trend, RETENTION)
    ax = fig.axes[0]
    assert (list(ax.lines[1].get_xdata()), list(ax.lines[1].get_ydata())) == ([0, 2], [104.0, 98.0])
    assert ax.lines[2].get_label() == "GRR"
    assert [t.get_text() for t in ax.get_xticklabels()][1] == "Q4 2026"  # kept on the axis


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_empty_data_draws_a_clear_card(name: str) -> None:
    draw, _data, empty = SAMPLES[name]
    fig = drawn(draw, empty)
    assert "No data yet" in texts(fig)
    assert c.header(fig)[0]  # the chart's title stays


def _png_stats(png: bytes) -> tuple[int, float]:
    pixels = imread(io.BytesIO(png))
    flat = (pixels[..., :3] * 255).astype(int).reshape(-1, 3)
    background = flat[0]
    distinct = len({tuple(p) for p in flat[:: max(1, len(flat) // 20000)]})
    share = float((abs(flat - background).sum(axis=1) > 30).mean())
    return distinct, share


@pytest.mark.parametrize("theme", [c.LIGHT, c.DARK], ids=lambda t: t.name)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_rendered_png_is_not_blank(name: str, theme: c.ChartTheme) -> None:
    draw, data, empty = SAMPLES[name]
    png = c.render_png(draw, data, dpi=60, theme=theme)
    assert png.startswith(b"\x89PNG")
    distinct, share = _png_stats(png)
    assert distinct > 20
    assert share > 0.01
    empty_png = c.render_png(draw, empty, dpi=60, theme=theme)
    assert _png_stats(empty_png)[1] > 0.002  # the card's text is there


def test_png_size_and_svg_text() -> None:
    png = c.render_png(c.draw_health_trend, trend(), width_in=4, height_in=2, dpi=100)
    assert imread(io.BytesIO(png)).shape[:2] == (200, 400)
    svg = c.render_svg(c.draw_goal_progress, GOALS)
    assert svg.startswith(b"<?xml")
    assert b"<text" in svg  # real text (svg.fonttype 'none'), searchable in the PDF
    assert b"Weekly active users" in svg
    assert b"$2M" in svg
    assert c.render_svg(c.draw_goal_progress, GOALS) == svg  # deterministic


def test_dark_theme_styles_the_figure() -> None:
    fig = drawn(c.draw_arr_bridge, BRIDGE, c.DARK)
    assert fig.get_facecolor()[:3] == pytest.approx((0x1F / 255, 0x21 / 255, 0x25 / 255))
    ax = fig.axes[0]
    assert ax.get_facecolor()[:3] == pytest.approx((0x1F / 255, 0x21 / 255, 0x25 / 255))
    assert ax.get_yticklabels()[0].get_color() == c.DARK.muted
    assert {t.get_color() for t in ax.texts} == {c.DARK.text}  # the bar labels
    assert [t.get_color() for t in fig.texts] == [c.DARK.text, c.DARK.muted]  # the header


def test_tooltips_name_what_is_under_the_mouse() -> None:
    fig = drawn(c.draw_health_distribution, DIST)
    ax = fig.axes[0]
    registered = c.tooltips(fig)
    assert len(registered) == 4
    assert registered[2][1] == ("Green: 15 accounts (38 %), $3 ARR",)
    x, y = ax.transData.transform((2, 7))  # inside the green bar
    event = MouseEvent("motion_notify_event", fig.canvas, x, y)
    assert c.tooltip_at(fig, event) == "Green: 15 accounts (38 %), $3 ARR"
    x, y = ax.transData.transform((2.5, 18))  # empty space
    assert c.tooltip_at(fig, MouseEvent("motion_notify_event", fig.canvas, x, y)) is None
    fig = drawn(c.draw_health_trend, trend())
    ax = fig.axes[0]
    point = trend().points[1]
    from matplotlib.dates import date2num

    x, y = ax.transData.transform((date2num(point.day), point.score))
    tip = c.tooltip_at(fig, MouseEvent("motion_notify_event", fig.canvas, x, y))
    assert tip == "30 Jun 2025: 61 (Yellow), model v1"
    last = trend().points[-1]
    x, y = ax.transData.transform((date2num(last.day), last.score))
    tip = c.tooltip_at(fig, MouseEvent("motion_notify_event", fig.canvas, x, y))
    assert tip is not None
    assert "Override (computed 38): Renewal agreed" in tip


def test_narrow_figures_show_less_text_and_keep_the_header_inside() -> None:
    fig = c.new_figure(width_in=4.2, height_in=2.8)
    c.draw_goal_progress(fig, GOALS, c.LIGHT)
    fig.canvas.draw()
    assert c.compact(fig)
    assert "50 %" in texts(fig)
    assert not any("→" in t for t in texts(fig))  # the values move to the tooltips
    title, subtitle = c.header(fig)
    assert (title, subtitle) == ("Goal progress", "Hover a bar for its values")
    renderer = fig.canvas.get_renderer()
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0  # nothing runs off the figure
        assert box.x1 <= fig.bbox.width
    long = c.HealthTrendData(trend().points, title="Health of " + "Very Long Company " * 8)
    fig = c.new_figure(width_in=4.2, height_in=2.8)
    c.draw_health_trend(fig, long, c.LIGHT)
    fig.canvas.draw()
    assert c.header(fig)[0].endswith("…")
    assert all(t.get_window_extent(renderer).x1 <= fig.bbox.width for t in fig.texts)
    fig = c.new_figure(width_in=4.2, height_in=2.8)
    c.draw_renewals_by_month(fig, RENEWALS, c.LIGHT)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[:4] == ["Nov\n2026", "", "Jan\n2027", ""]  # every other month


def test_redrawing_replaces_the_previous_chart() -> None:
    fig = c.new_figure()
    c.draw_health_distribution(fig, DIST, c.LIGHT)
    c.draw_arr_bridge(fig, BRIDGE, c.LIGHT)
    assert len(fig.axes) == 1
    assert len(c.tooltips(fig)) == 6

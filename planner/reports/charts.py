"""Every chart of the app, drawn with matplotlib's object API (``Figure``; never pyplot).

The contract, shared by the screens (``ui.charts``), the QBR deck (PNG) and the PDF (SVG):

* each chart has a frozen dataclass of plain data (:mod:`planner.domain.chart_data`, filled by
  :mod:`planner.services.chart_data`, re-exported here) and a builder
  ``draw_<name>(fig, data, theme)`` that clears ``fig`` and draws on it;
* :func:`render_png` / :func:`render_svg` run a builder on a fresh figure with no display;
* styling is explicit per figure from a :class:`ChartTheme` (:data:`LIGHT` or :data:`DARK`):
  no ``rcParams`` are changed and no style context is needed;
* empty data draws a titled "No data yet" card that says what would fill it, never a blank
  figure; long labels are shortened with an ellipsis so they cannot overflow;
* the title and subtitle sit in a band at the top, aligned with the figure's left edge, cut
  to the figure's width (:func:`header` returns what was shown); narrow figures (under 6 in,
  :func:`compact`) show less text (e.g. goal values move to the tooltips);
* text is drawn literally (a ``$`` never starts matplotlib's math mode).

Builders register hover texts for their points and bars with :func:`add_tooltips`; the Qt
canvas reads them back with :func:`tooltips` to show a tooltip under the mouse.

matplotlib is imported inside the functions that need it, so importing this module (for the
data classes) costs nothing at start-up.
"""

from __future__ import annotations

import io
import itertools
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from planner.domain import chart_data as data
from planner.domain import formatting as fmt
from planner.domain.enums import GoalStatus, HealthBand, RevenueKind, StakeholderRole
from planner.domain.money import format_minor
from planner.domain.text import shorten

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

T = TypeVar("T")
Grid = Literal["x", "y", "both", "none"]
DrawFn = Callable[["Figure", T, "ChartTheme"], None]

# --------------------------------------------------------------------------- theme


@dataclass(frozen=True, slots=True)
class ChartTheme:
    """Colours and sizes of one look (light or dark). Every builder styles from this alone."""

    name: str
    background: str
    surface: str
    text: str
    muted: str
    grid: str
    spine: str
    accent: str
    band_red: str
    band_yellow: str
    band_green: str
    unscored: str
    positive: str
    negative: str
    warning: str
    band_alpha: float
    series: tuple[str, ...]
    font_size: float = 8.5
    title_size: float = 11.0
    small_size: float = 7.5

    def band_colour(self, band: HealthBand | None) -> str:
        if band is HealthBand.RED:
            return self.band_red
        if band is HealthBand.YELLOW:
            return self.band_yellow
        if band is HealthBand.GREEN:
            return self.band_green
        return self.unscored


LIGHT = ChartTheme(
    name="light",
    background="#ffffff",
    surface="#ffffff",
    text="#1f2933",
    muted="#5f6b7a",
    grid="#e3e7ec",
    spine="#c3cad3",
    accent="#2563eb",
    band_red="#dc2626",
    band_yellow="#d97706",
    band_green="#16a34a",
    unscored="#9aa5b1",
    positive="#16a34a",
    negative="#dc2626",
    warning="#d97706",
    band_alpha=0.09,
    series=("#2563eb", "#d97706", "#0f9d8a", "#c2417a", "#7c3aed", "#0891b2", "#65a30d", "#b45309"),
)

DARK = ChartTheme(
    name="dark",
    background="#1f2125",
    surface="#1f2125",
    text="#e6e8eb",
    muted="#a3acb8",
    grid="#353a42",
    spine="#4b525c",
    accent="#60a5fa",
    band_red="#f87171",
    band_yellow="#fbbf24",
    band_green="#4ade80",
    unscored="#7b8794",
    positive="#4ade80",
    negative="#f87171",
    warning="#fbbf24",
    band_alpha=0.12,
    series=("#60a5fa", "#fbbf24", "#2dd4bf", "#f472b6", "#a78bfa", "#38bdf8", "#a3e635", "#fb923c"),
)

THEMES: dict[str, ChartTheme] = {LIGHT.name: LIGHT, DARK.name: DARK}


# --------------------------------------------------------------------------- chart data

# The data classes live in the domain layer, where services build them; they are reachable
# here too (``charts.HealthTrendData``), beside the builders that draw them.
HealthPoint = data.HealthPoint
HealthTrendData = data.HealthTrendData
FactorBar = data.FactorBar
FactorContributionsData = data.FactorContributionsData
GoalBar = data.GoalBar
GoalProgressData = data.GoalProgressData
GoalReading = data.GoalReading
GoalTrendData = data.GoalTrendData
StakeholderDot = data.StakeholderDot
StakeholderMapData = data.StakeholderMapData
VoicePoint = data.VoicePoint
VoiceTrendData = data.VoiceTrendData
ArrStep = data.ArrStep
ArrHistoryData = data.ArrHistoryData
BandCount = data.BandCount
HealthDistributionData = data.HealthDistributionData
ArrBridgeData = data.ArrBridgeData
RenewalMonth = data.RenewalMonth
RenewalsByMonthData = data.RenewalsByMonthData
RetentionPoint = data.RetentionPoint
RetentionTrendData = data.RetentionTrendData


# --------------------------------------------------------------------------- tooltips

_TIPS_ATTR = "_planner_tooltips"


def add_tooltips(fig: Figure, artist: Artist, texts: Sequence[str]) -> None:
    """Register hover texts for ``artist``: one per point (lines, scatters) or one (a bar)."""
    registry: list[tuple[Artist, tuple[str, ...]]] = getattr(fig, _TIPS_ATTR, None) or []
    registry.append((artist, tuple(texts)))
    setattr(fig, _TIPS_ATTR, registry)


def tooltips(fig: Figure) -> list[tuple[Artist, tuple[str, ...]]]:
    """The hover texts registered by the last builder that drew on ``fig``."""
    return list(getattr(fig, _TIPS_ATTR, None) or [])


def tooltip_at(fig: Figure, event: Any) -> str | None:
    """The hover text under a matplotlib mouse event, or None."""
    for artist, texts in reversed(tooltips(fig)):
        if not artist.get_visible() or artist.axes is not getattr(event, "inaxes", None):
            continue
        hit, info = artist.contains(event)
        if not hit:
            continue
        indices = info.get("ind") if isinstance(info, dict) else None
        if indices is not None and len(indices):
            index = int(indices[0])
            if 0 <= index < len(texts):
                return texts[index]
        if len(texts) == 1:
            return texts[0]
    return None


# --------------------------------------------------------------------------- helpers


def _start(fig: Figure, theme: ChartTheme) -> None:
    """Clear the figure and give it the theme's background and a layout that avoids overlap."""
    fig.clear()
    setattr(fig, _TIPS_ATTR, [])
    setattr(fig, _HEADER_ATTR, None)
    fig.set_facecolor(theme.background)
    from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: PLC0415

    fig.set_layout_engine(ConstrainedLayoutEngine(w_pad=0.08, h_pad=0.08))


def _axes(fig: Figure, theme: ChartTheme, *, grid_axis: Grid = "y") -> Axes:
    ax = fig.add_subplot()
    _style(ax, theme, grid_axis=grid_axis)
    return ax


def _style(ax: Axes, theme: ChartTheme, *, grid_axis: Grid = "y") -> None:
    ax.set_facecolor(theme.surface)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.spine)
    ax.tick_params(colors=theme.muted, labelsize=theme.font_size, length=3)
    ax.xaxis.label.set_color(theme.muted)
    ax.yaxis.label.set_color(theme.muted)
    ax.xaxis.label.set_fontsize(theme.font_size)
    ax.yaxis.label.set_fontsize(theme.font_size)
    if grid_axis != "none":
        ax.grid(axis=grid_axis, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)


_HEADER_ATTR = "_planner_header"
HEADER_IN = 0.46
"""Height of the title block at the top of every chart, in inches."""


def _chars(fig: Figure, size: float, *, bold: bool = False) -> int:
    """How many characters of text at ``size`` points fit across the figure."""
    per_char = size * (0.64 if bold else 0.56) / 72
    return max(int((fig.get_figwidth() - 0.25) / per_char), 12)


def compact(fig: Figure) -> bool:
    """Whether the figure is narrow (a small card): builders then show less text."""
    return bool(fig.get_figwidth() < 6.0)


def _header(fig: Figure, theme: ChartTheme, title: str, subtitle: str = "") -> None:
    """The chart's title and subtitle, aligned with the figure's left edge, in a band the
    layout keeps free (so long y labels never push them off the figure)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: PLC0415

    height = fig.get_figheight()
    left = 0.1 / fig.get_figwidth()
    top = 1 - 0.08 / height
    shown_title = shorten(title, _chars(fig, theme.title_size, bold=True))
    shown_sub = shorten(subtitle, _chars(fig, theme.small_size))
    fig.text(
        left,
        top,
        _t(shown_title),
        ha="left",
        va="top",
        fontsize=theme.title_size,
        color=theme.text,
        fontweight="bold",
    )
    if subtitle:
        fig.text(
            left,
            top - 0.22 / height,
            _t(shown_sub),
            ha="left",
            va="top",
            fontsize=theme.small_size,
            color=theme.muted,
        )
    reserved = (HEADER_IN if subtitle else HEADER_IN - 0.12) / height
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, 0, 1, 1 - reserved))
    setattr(fig, _HEADER_ATTR, (shown_title, shown_sub))


def header(fig: Figure) -> tuple[str, str]:
    """The (title, subtitle) the last builder drew on ``fig``, as shown (for tests)."""
    found: tuple[str, str] = getattr(fig, _HEADER_ATTR, None) or ("", "")
    return found


def _empty(fig: Figure, theme: ChartTheme, title: str, hint: str) -> None:
    """The "No data yet" card: the chart's title, a clear message and what would fill it."""
    ax = fig.add_subplot()
    ax.set_facecolor(theme.surface)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(theme.grid)
        spine.set_linestyle((0, (4, 3)))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _header(fig, theme, title)
    ax.text(
        0.5,
        0.56,
        "No data yet",
        ha="center",
        va="center",
        fontsize=theme.title_size + 2,
        color=theme.muted,
        fontweight="bold",
    )
    ax.text(
        0.5,
        0.40,
        _t(textwrap.fill(hint, min(60, _chars(fig, theme.font_size) - 6))),
        ha="center",
        va="center",
        fontsize=theme.font_size,
        color=theme.muted,
        linespacing=1.4,
    )


def _t(text: str) -> str:
    """Text drawn literally: a ``$`` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def _fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters, drawn literally."""
    return _t(shorten(text, width))


def _money(minor: float, currency: str) -> str:
    """Compact money for drawing on a chart (escaped)."""
    return _t(format_minor(round(minor), currency, compact=True))


def _money_axis(ax: Axes, currency: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: PLC0415

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: _money(v, currency)))


def _date_axis(ax: Axes, theme: ChartTheme) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: PLC0415

    locator = AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    formatter = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.xaxis.get_offset_text().set_color(theme.muted)
    ax.xaxis.get_offset_text().set_fontsize(theme.small_size)


def _dates(days: Sequence[date]) -> list[float]:
    """Days as matplotlib's date numbers (what its date axes plot)."""
    from matplotlib.dates import date2num  # noqa: PLC0415

    return [float(date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _category_axis(ax: Axes, labels: Sequence[str]) -> None:
    xs = list(range(len(labels)))
    ax.set_xticks(xs, [_fit(label, 14) for label in labels])
    if len(xs) > 6:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    ax.set_xlim(-0.5, len(xs) - 0.5)


def _legend(ax: Axes, theme: ChartTheme, **kwargs: Any) -> None:
    """A legend inside the axes (``kwargs`` place it), styled from the theme."""
    options: dict[str, Any] = {"fontsize": theme.small_size, "frameon": True}
    options.update(kwargs)
    _style_legend(ax.legend(**options), theme)


def _legend_below(fig: Figure, ax: Axes, theme: ChartTheme, handles: Sequence[Any] = ()) -> None:
    """A one-row legend under the plot, outside it, so it never covers data."""
    if not handles:
        handles = ax.get_legend_handles_labels()[0]
    if not handles:
        return
    legend = fig.legend(
        handles=list(handles),
        loc="outside lower center",
        ncols=len(handles),
        fontsize=theme.small_size,
        frameon=False,
    )
    _style_legend(legend, theme)


def _style_legend(legend: Any, theme: ChartTheme) -> None:
    if legend is None:
        return
    frame = legend.get_frame()
    frame.set_facecolor(theme.surface)
    frame.set_edgecolor(theme.grid)
    frame.set_alpha(0.92)
    for text in legend.get_texts():
        text.set_color(theme.text)


def _pct(value: float) -> str:
    return f"{value:.0f} %" if abs(value - round(value)) < 0.05 else f"{value:.1f} %"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


# --------------------------------------------------------------------------- account charts


def draw_health_trend(fig: Figure, data: HealthTrendData, theme: ChartTheme) -> None:
    """Scores over time on red/yellow/green bands; model changes and overrides marked."""
    _start(fig, theme)
    if not data.points:
        _empty(
            fig,
            theme,
            data.title,
            "Record a health snapshot to start the trend. Each snapshot adds one point.",
        )
        return
    points = sorted(data.points, key=lambda p: p.day)
    ax = _axes(fig, theme)
    red, green = float(data.red_below), float(data.green_from)
    ax.axhspan(0, red, color=theme.band_red, alpha=theme.band_alpha, linewidth=0)
    ax.axhspan(red, green, color=theme.band_yellow, alpha=theme.band_alpha, linewidth=0)
    ax.axhspan(green, 100, color=theme.band_green, alpha=theme.band_alpha, linewidth=0)
    days = [p.day for p in points]
    xs = _dates(days)
    scores = [p.score for p in points]
    ax.plot(xs, scores, color=theme.accent, linewidth=1.8, zorder=3, label="Health score")
    dots = ax.scatter(
        xs,
        scores,
        s=26,
        zorder=4,
        c=[theme.band_colour(p.band) for p in points],
        edgecolors=theme.surface,
        linewidths=0.8,
    )
    add_tooltips(fig, dots, [_health_tip(p) for p in points])
    overrides = [p for p in points if p.overridden]
    if overrides:
        for p, x in zip(overrides, _dates([p.day for p in overrides]), strict=True):
            ax.plot(
                [x, x],
                [p.computed_score, p.score],
                color=theme.muted,
                linestyle=":",
                linewidth=1.2,
                zorder=3,
            )
        marks = ax.scatter(
            _dates([p.day for p in overrides]),
            [p.score for p in overrides],
            s=90,
            marker="D",
            facecolors="none",
            edgecolors=theme.text,
            linewidths=1.3,
            zorder=5,
            label="Manual override",
        )
        add_tooltips(fig, marks, [_health_tip(p) for p in overrides])
    for before, after in itertools.pairwise(points):
        if after.model_version != before.model_version:
            (x,) = _dates([after.day])
            ax.axvline(x, color=theme.muted, linestyle="--", linewidth=1, zorder=2)
            ax.text(
                x,
                98,
                f" Model v{after.model_version}",
                rotation=0,
                ha="left",
                va="top",
                fontsize=theme.small_size,
                color=theme.muted,
                zorder=6,
            )
    ax.set_ylim(0, 100)
    ax.set_yticks([0, red, green, 100])
    ax.set_ylabel("Score (0-100)")
    span = (days[-1] - days[0]).days
    pad = timedelta(days=max(10, span // 25))
    low, high = _dates([days[0] - pad, days[-1] + pad])
    ax.set_xlim(low, high)
    _date_axis(ax, theme)
    last = points[-1]
    subtitle = f"Latest {_num(last.score)} ({last.band.label}) on {fmt.day(last.day)}"
    if last.overridden:
        subtitle += f", overridden (computed {_num(last.computed_score)})"
    _header(fig, theme, data.title, subtitle)
    from matplotlib.lines import Line2D  # noqa: PLC0415

    handles = [Line2D([], [], color=theme.accent, marker="o", markersize=4, label="Health score")]
    if overrides:
        handles.append(
            Line2D(
                [],
                [],
                color=theme.text,
                marker="D",
                markersize=6,
                markerfacecolor="none",
                linestyle="none",
                label="Manual override",
            )
        )
    if any(a.model_version != b.model_version for a, b in itertools.pairwise(points)):
        handles.append(Line2D([], [], color=theme.muted, linestyle="--", label="Model changed"))
    _legend_below(fig, ax, theme, handles)


def _health_tip(p: HealthPoint) -> str:
    text = f"{fmt.day(p.day)}: {_num(p.score)} ({p.band.label}), model v{p.model_version}"
    if p.overridden:
        text += f"\nOverride (computed {_num(p.computed_score)})"
        if p.override_reason:
            text += f": {shorten(p.override_reason, 80)}"
    return text


def draw_factor_contributions(
    fig: Figure, data: FactorContributionsData, theme: ChartTheme
) -> None:
    """Each factor's points in the score (bars), or how each moved it since last time."""
    _start(fig, theme)
    measured = [f for f in data.factors if f.score is not None]
    if not measured:
        _empty(
            fig,
            theme,
            data.title or "What makes up the score",
            "None of the health factors has data yet. Add use cases, interactions, "
            "stakeholders or a CSM sentiment, then record health.",
        )
        return
    if data.waterfall and data.previous_score is not None:
        _draw_factor_waterfall(fig, data, theme)
        return
    ax = _axes(fig, theme, grid_axis="x")
    factors = list(data.factors)
    labels = [_fit(f.label, 24) for f in factors]
    values = [f.contribution for f in factors]
    colours = [theme.accent if f.score is not None else theme.unscored for f in factors]
    ypos = list(range(len(factors)))
    bars = ax.barh(ypos, values, color=colours, height=0.62, zorder=3)
    top = max([*values, 1.0])
    for bar, f in zip(bars, factors, strict=True):
        if f.score is None:
            note = "no data (weight shared by the others)"
        else:
            note = f"{f.contribution:.1f} pts  (score {f.score:.0f} x {f.share * 100:.0f} %)"
        ax.text(
            bar.get_width() + top * 0.02,
            bar.get_y() + bar.get_height() / 2,
            note,
            va="center",
            ha="left",
            fontsize=theme.small_size,
            color=theme.text,
        )
        tip = f"{f.label}: " + (
            "no data"
            if f.score is None
            else f"score {f.score:.1f} x weight {f.share * 100:.1f} % = {f.contribution:.1f} points"
        )
        add_tooltips(fig, bar, [tip])
    ax.set_yticks(ypos, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.9)
    ax.set_xlabel("Points of the score")
    subtitle = f"Score {_num(data.score)} = the sum of the bars"
    if data.override_score is not None:
        subtitle += f"; overridden to {_num(data.override_score)}"
    _header(fig, theme, data.title or "What makes up the score", subtitle)


def _draw_factor_waterfall(fig: Figure, data: FactorContributionsData, theme: ChartTheme) -> None:
    ax = _axes(fig, theme, grid_axis="x")
    assert data.previous_score is not None
    rows: list[tuple[str, float, float, str, str]] = []  # label, left, width, colour, note
    rows.append(
        ("Previous score", 0.0, data.previous_score, theme.unscored, _num(data.previous_score))
    )
    running = data.previous_score
    for f in data.factors:
        delta = f.contribution - (f.previous_contribution or 0.0)
        left = running if delta >= 0 else running + delta
        colour = (
            theme.positive if delta > 0.05 else theme.negative if delta < -0.05 else theme.muted
        )
        rows.append((f.label, left, abs(delta), colour, f"{delta:+.1f}"))
        running += delta
    rows.append(("Score now", 0.0, data.score, theme.accent, _num(data.score)))
    ypos = list(range(len(rows)))
    bars = ax.barh(
        ypos,
        [r[2] for r in rows],
        left=[r[1] for r in rows],
        color=[r[3] for r in rows],
        height=0.62,
        zorder=3,
    )
    for i, (bar, row) in enumerate(zip(bars, rows, strict=True)):
        end = bar.get_x() + bar.get_width()
        ax.text(
            end + 1.2,
            bar.get_y() + bar.get_height() / 2,
            row[4],
            va="center",
            ha="left",
            fontsize=theme.small_size,
            color=theme.text,
        )
        if 0 < i < len(rows) - 1:
            add_tooltips(fig, bar, [f"{row[0]}: {row[4]} points since the previous snapshot"])
        else:
            add_tooltips(fig, bar, [f"{row[0]}: {row[4]}"])
    levels = [data.previous_score]
    for row in rows[1:-1]:
        levels.append(levels[-1] + float(row[4]))
    for i, level in enumerate(levels):
        ax.plot([level, level], [i + 0.31, i + 0.69], color=theme.muted, linewidth=0.8, zorder=2)
    ax.set_yticks(ypos, [_fit(r[0], 24) for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel("Score points")
    change = data.score - data.previous_score
    subtitle = f"From {_num(data.previous_score)} to {_num(data.score)} ({change:+.1f})"
    if data.override_score is not None:
        subtitle += f"; overridden to {_num(data.override_score)}"
    _header(fig, theme, data.title or "What moved the score", subtitle)


_GOAL_COLOURS = {
    GoalStatus.ACHIEVED: "positive",
    GoalStatus.ON_TRACK: "accent",
    GoalStatus.AT_RISK: "warning",
    GoalStatus.OFF_TRACK: "negative",
    GoalStatus.MISSED: "negative",
    GoalStatus.NOT_STARTED: "unscored",
}
MAX_GOALS = 10


def draw_goal_progress(fig: Figure, data: GoalProgressData, theme: ChartTheme) -> None:
    """Each goal as the share of the way from its baseline to its target, with the values."""
    _start(fig, theme)
    if not data.goals:
        _empty(
            fig,
            theme,
            data.title,
            "Add goals with a baseline, a current value and a target to the success plan.",
        )
        return
    goals = list(data.goals[:MAX_GOALS])
    ax = _axes(fig, theme, grid_axis="x")
    ypos = list(range(len(goals)))
    ax.barh(ypos, [100] * len(goals), color=theme.grid, height=0.56, zorder=2)
    widths = [(g.progress or 0.0) * 100 for g in goals]
    colours = [
        getattr(theme, _GOAL_COLOURS.get(g.status, "accent")) if g.status else theme.accent
        for g in goals
    ]
    bars = ax.barh(ypos, widths, color=colours, height=0.56, zorder=3)
    narrow = compact(fig)
    for bar, goal in zip(bars, goals, strict=True):
        values = _goal_values(goal)
        share = "not measurable" if goal.progress is None else f"{round(goal.progress * 100)} %"
        if narrow and goal.progress is None:
            share = "n/a"
        ax.text(
            102,
            bar.get_y() + bar.get_height() / 2,
            _t(share if narrow else f"{share}   {values}"),
            va="center",
            ha="left",
            fontsize=theme.small_size,
            color=theme.text,
        )
        status = f" ({goal.status.label})" if goal.status else ""
        add_tooltips(fig, bar, [f"{shorten(goal.title, 80)}{status}\n{values}; {share} of the way"])
    moved = [(y, g) for y, g in zip(ypos, goals, strict=True) if g.previous_progress is not None]
    if moved:  # where the reading before the newest stood: how the goal is moving
        ticks = ax.scatter(
            [min(max((g.previous_progress or 0.0) * 100, 0.0), 100.0) for _y, g in moved],
            [y for y, _g in moved],
            marker="|",
            s=260,
            linewidths=2.2,
            color=theme.text,
            zorder=4,
            label="Previous reading",
        )
        add_tooltips(fig, ticks, [_previous_tip(g) for _y, g in moved])
    ax.set_yticks(ypos, [_fit(g.title, 20 if narrow else 30) for g in goals])
    ax.invert_yaxis()
    ax.set_xlim(0, 125 if narrow else 185)
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100 %"])
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xlabel(
        "Share of the way to target" if narrow else "Share of the way from baseline to target"
    )
    more = len(data.goals) - len(goals)
    subtitle = "Hover a bar for its values" if narrow else "Baseline → current → target"
    if moved and not narrow:
        subtitle += "; | the previous reading"
    if more > 0:
        subtitle += f"; {more} more goal{'s' if more != 1 else ''} not shown"
    _header(fig, theme, data.title, subtitle)


def _previous_tip(goal: GoalBar) -> str:
    when = f" on {fmt.day(goal.previous_on)}" if goal.previous_on else ""
    was = f"{goal.previous:,.10g}" if goal.previous is not None else "?"
    unit = f" {shorten(goal.unit, 12)}" if goal.unit else ""
    return (
        f"{shorten(goal.title, 80)}\nPrevious reading {was}{unit}{when}; "
        f"{goal.readings} readings in its history"
    )


def _goal_values(goal: GoalBar) -> str:
    def show(value: float | None) -> str:
        return "?" if value is None else f"{value:,.10g}"

    unit = f" {shorten(goal.unit, 12)}" if goal.unit else ""
    return f"{show(goal.baseline)} → {show(goal.current)} → {show(goal.target)}{unit}"


def draw_goal_trend(fig: Figure, data: GoalTrendData, theme: ChartTheme) -> None:
    """A goal's readings over time, with its baseline and target as lines."""
    _start(fig, theme)
    if not data.readings:
        _empty(
            fig,
            theme,
            data.title,
            "No readings yet. Record Progress adds one, dated, with a note; each becomes a "
            "point here.",
        )
        return
    readings = sorted(data.readings, key=lambda r: r.day)
    ax = _axes(fig, theme)
    xs = _dates([r.day for r in readings])
    values = [r.value for r in readings]
    ax.plot(xs, values, color=theme.accent, linewidth=1.8, zorder=3, label="Reading")
    dots = ax.scatter(
        xs, values, s=28, color=theme.accent, edgecolors=theme.surface, linewidths=0.8, zorder=4
    )
    unit = f" {shorten(data.unit, 12)}" if data.unit else ""
    add_tooltips(
        fig,
        dots,
        [
            f"{fmt.day(r.day)}: {r.value:,.10g}{unit}"
            + (f"\n{shorten(r.note, 80)}" if r.note else "")
            for r in readings
        ],
    )
    lines = (
        (data.target, "Target", theme.positive, "--"),
        (data.baseline, "Baseline", theme.muted, ":"),
    )
    for level, name, colour, style in lines:
        if level is not None:
            ax.axhline(level, color=colour, linestyle=style, linewidth=1.3, zorder=2, label=name)
    if len(readings) == 1:  # one point: give the date axis some width
        ax.set_xlim(xs[0] - 15, xs[0] + 15)
    _date_axis(ax, theme)
    if data.unit:
        ax.set_ylabel(_fit(data.unit, 20))
    first, last = readings[0], readings[-1]
    subtitle = f"{fmt.plural(len(readings), 'reading')}, {fmt.day(first.day)}" + (
        f" to {fmt.day(last.day)}" if len(readings) > 1 else ""
    )
    _header(fig, theme, data.title, subtitle)
    _legend_below(fig, ax, theme)


def draw_stakeholder_map(fig: Figure, data: StakeholderMapData, theme: ChartTheme) -> None:
    """Influence against sentiment, one dot per person, coloured by role."""
    _start(fig, theme)
    if not data.people:
        _empty(
            fig,
            theme,
            data.title,
            "Add the customer's stakeholders with their role, influence and sentiment.",
        )
        return
    ax = _axes(fig, theme, grid_axis="none")
    ax.axvline(0, color=theme.grid, linewidth=1, zorder=1)
    ax.axhline(3, color=theme.grid, linewidth=1, zorder=1)
    narrow = compact(fig)
    quadrants = (
        (-2.45, 5.45, "Act now" if narrow else "High influence, unhappy: act now", "left", "top"),
        (2.45, 5.45, "Allies" if narrow else "High influence, supportive", "right", "top"),
        (-2.45, 0.55, "Unhappy" if narrow else "Less influence, unhappy", "left", "bottom"),
        (2.45, 0.55, "Supportive" if narrow else "Less influence, supportive", "right", "bottom"),
    )
    for x, y, text, ha, va in quadrants:
        ax.text(
            x,
            y,
            text,
            ha=ha,
            va=va,
            fontsize=theme.small_size,
            color=theme.muted,
            style="italic",
            zorder=1,
        )
    roles = [r for r in StakeholderRole if any(p.role is r for p in data.people)]
    colour = {r: theme.series[i % len(theme.series)] for i, r in enumerate(StakeholderRole)}
    offsets = _spread(data.people)
    movers = [(p, offsets[i]) for i, p in enumerate(data.people) if p.was is not None]
    for p, (dx, dy, _named) in movers:  # a ghost where they stood, an arrow to where they are
        assert p.was is not None
        ax.annotate(
            "",
            xy=(p.sentiment + dx, p.influence + dy),
            xytext=(p.was + dx, p.influence + dy),
            arrowprops={
                "arrowstyle": "-|>",
                "color": theme.muted,
                "linewidth": 1.2,
                "shrinkA": 4,
                "shrinkB": 6,
                "linestyle": "--",
            },
            zorder=2,
        )
    if movers:
        ghosts = ax.scatter(
            [p.was + off[0] for p, off in movers if p.was is not None],
            [p.influence + off[1] for p, off in movers],
            s=46,
            c="none",
            edgecolors=theme.muted,
            linewidths=1.2,
            linestyle="--",
            zorder=2,
        )
        add_tooltips(fig, ghosts, [_moved_tip(p) for p, _ in movers])
    for role in roles:
        people = [(p, offsets[i]) for i, p in enumerate(data.people) if p.role is role]
        xs = [p.sentiment + off[0] for p, off in people]
        ys = [p.influence + off[1] for p, off in people]
        faces = ["none" if p.left_company else colour[role] for p, _ in people]
        dots = ax.scatter(
            xs,
            ys,
            s=60,
            c=faces,
            edgecolors=colour[role],
            linewidths=1.6,
            zorder=3,
            label=role.label,
        )
        add_tooltips(fig, dots, [_person_tip(p) for p, _ in people])
    small = narrow or fig.get_figheight() < 3.4
    if len(data.people) <= (6 if small else 24):
        for i, p in enumerate(data.people):
            dx, dy, named = offsets[i]
            if not named:
                continue
            name = shorten(p.name, 11 if narrow else 16) + (" (left)" if p.left_company else "")
            right = p.sentiment < 2
            ax.annotate(
                _t(name),
                (p.sentiment + dx, p.influence + dy),
                xytext=(7 if right else -7, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=theme.small_size - 0.5,
                color=theme.text,
                zorder=4,
            )
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks([-2, -1, 0, 1, 2], ["-2", "-1", "0", "+1", "+2"])
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlabel("Sentiment (negative to positive)")
    ax.set_ylabel("Influence")
    subtitle = data.count.map_text()
    if movers:
        subtitle += f"; {len(movers)} moved in {_lookback_days()} days"
    _header(fig, theme, data.title, subtitle)
    from matplotlib.lines import Line2D  # noqa: PLC0415

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            color=colour[r],
            markersize=6,
            label=_SHORT_ROLES.get(r, r.label) if narrow else r.label,
        )
        for r in roles
    ]
    if movers:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="--",
                color=theme.muted,
                markerfacecolor="none",
                markersize=6,
                label="Moved from" if narrow else f"Moved from ({_lookback_days()} days ago)",
            )
        )
    if narrow:  # below the plot, in rows, so the plot keeps the width
        legend = fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(len(handles), 4),
            fontsize=theme.small_size,
            frameon=False,
        )
        _style_legend(legend, theme)
    else:
        _legend(
            ax,
            theme,
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0.0,
            title=None,
        )


_SHORT_ROLES = {
    StakeholderRole.EXECUTIVE_SPONSOR: "Sponsor",
    StakeholderRole.ECONOMIC_BUYER: "Buyer",
    StakeholderRole.DECISION_MAKER: "Decider",
    StakeholderRole.POINT_OF_CONTACT: "Contact",
}


def _spread(people: Sequence[StakeholderDot]) -> list[tuple[float, float, bool]]:
    """Offsets for people who share a grid cell, so every dot stays visible: up to four are
    stacked one above the other (room for their names); more form a grid, unnamed (their
    names are in the tooltips). Returns (dx, dy, named) per person."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(people):
        cells.setdefault((p.sentiment, p.influence), []).append(i)
    offsets: list[tuple[float, float, bool]] = [(0.0, 0.0, True)] * len(people)
    for members in cells.values():
        count = len(members)
        if count <= 4:
            step = 0.22
            for row, index in enumerate(members):
                offsets[index] = (0.0, (row - (count - 1) / 2) * step, True)
            continue
        columns = math.ceil(math.sqrt(count))
        rows = math.ceil(count / columns)
        for n, index in enumerate(members):
            col, row = n % columns, n // columns
            offsets[index] = (
                (col - (columns - 1) / 2) * 0.8 / columns,
                (row - (rows - 1) / 2) * 0.8 / rows,
                False,
            )
    return offsets


def _lookback_days() -> int:
    """How many days back the stakeholder map's "moved from" looks."""
    return data.SENTIMENT_LOOKBACK_DAYS


def _moved_tip(p: StakeholderDot) -> str:
    return (
        f"{shorten(p.name, 40)} moved from {p.was:+d} to {p.sentiment:+d} "
        f"in the last {_lookback_days()} days"
    )


def _person_tip(p: StakeholderDot) -> str:
    title = f", {shorten(p.job_title, 40)}" if p.job_title else ""
    left = " (left the company)" if p.left_company else ""
    return (
        f"{shorten(p.name, 40)}{title}{left}\n{p.role.label}; influence {p.influence}/5; "
        f"sentiment {p.sentiment:+d}"
    )


def draw_voice_trend(fig: Figure, data: VoiceTrendData, theme: ChartTheme) -> None:
    """NPS (-100..100) and CSAT (% satisfied) per period, on one 100-point scale."""
    _start(fig, theme)
    if not any(p.nps_responses or p.csat_responses for p in data.points):
        _empty(
            fig,
            theme,
            data.title,
            "Record NPS or CSAT survey answers to see how the customer's voice changes.",
        )
        return
    ax = _axes(fig, theme)
    xs = list(range(len(data.points)))
    ax.axhline(0, color=theme.spine, linewidth=0.8, zorder=1)
    series = (
        (
            "NPS",
            [p.nps for p in data.points],
            [p.nps_responses for p in data.points],
            theme.series[0],
            "o",
        ),
        (
            "CSAT, % satisfied",
            [p.csat_pct for p in data.points],
            [p.csat_responses for p in data.points],
            theme.series[2],
            "s",
        ),
    )
    for name, values, counts, colour, marker in series:
        if all(v is None for v in values):
            continue
        known = [
            (x, v, n, p)
            for x, v, n, p in zip(xs, values, counts, data.points, strict=True)
            if v is not None
        ]
        line = ax.plot(
            [k[0] for k in known],
            [k[1] for k in known],
            color=colour,
            marker=marker,
            markersize=5,
            linewidth=1.8,
            label=name,
            zorder=3,
        )[0]
        add_tooltips(fig, line, [f"{p.label}: {name} {v:.0f} (n={n})" for _x, v, n, p in known])
        for x, v, _n, _p in known:
            ax.annotate(
                f"{v:.0f}",
                (x, v),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=theme.small_size,
                color=colour,
            )
    ax.set_ylim(-105, 115)
    ax.set_yticks([-100, -50, 0, 50, 100])
    _category_axis(ax, [p.label for p in data.points])
    nps_n = sum(p.nps_responses for p in data.points)
    csat_n = sum(p.csat_responses for p in data.points)
    _header(fig, theme, data.title, f"{nps_n} NPS and {csat_n} CSAT answers")
    _legend_below(fig, ax, theme)


_KIND_COLOUR = {
    RevenueKind.NEW: "accent",
    RevenueKind.EXPANSION: "positive",
    RevenueKind.CONTRACTION: "warning",
    RevenueKind.CHURN: "negative",
    RevenueKind.RENEWAL: "muted",
}


ARR_HISTORY_MIN_DAYS = 120
"""The shortest time an ARR history chart spans (its ticks are months, not days)."""


def draw_arr_history(fig: Figure, data: ArrHistoryData, theme: ChartTheme) -> None:
    """ARR as a step line through its revenue events, each event marked by kind."""
    _start(fig, theme)
    if not data.steps:
        _empty(
            fig,
            theme,
            data.title,
            "Record the account's ARR (a new-business revenue event) to start its history.",
        )
        return
    steps = sorted(data.steps, key=lambda s: s.day)
    ax = _axes(fig, theme)
    days = [s.day for s in steps]
    levels = [s.arr_minor for s in steps]
    end = max(data.until or days[-1], days[-1])
    xs = _dates([*days, end])
    ax.step(xs, [*levels, levels[-1]], where="post", color=theme.accent, linewidth=1.8, zorder=3)
    ax.fill_between(
        xs, [*levels, levels[-1]], step="post", color=theme.accent, alpha=0.08, linewidth=0
    )
    kinds = [k for k in RevenueKind if any(s.kind is k for s in steps)]
    for kind in kinds:
        mine = [s for s in steps if s.kind is kind]
        dots = ax.scatter(
            _dates([s.day for s in mine]),
            [s.arr_minor for s in mine],
            s=30,
            zorder=4,
            color=getattr(theme, _KIND_COLOUR[kind]),
            label=kind.label,
            edgecolors=theme.surface,
            linewidths=0.8,
        )
        add_tooltips(
            fig,
            dots,
            [
                f"{fmt.day(s.day)}: {kind.label} {_signed_money(s.delta_minor, data.currency)}"
                f"\nARR {format_minor(s.arr_minor, data.currency)}"
                for s in mine
            ],
        )
    ax.set_ylim(0, max(levels) * 1.18 or 1)
    _money_axis(ax, data.currency)
    span = (end - days[0]).days
    # A short history (a new account's one event) still spans a few months, so the axis is
    # read in months rather than in days.
    pad = timedelta(days=max(10, span // 30, (ARR_HISTORY_MIN_DAYS - span) // 2))
    low, high = _dates([days[0] - pad, end + pad])
    ax.set_xlim(low, high)
    _date_axis(ax, theme)
    _header(
        fig,
        theme,
        data.title,
        f"Now {format_minor(levels[-1], data.currency, compact=True)}; "
        f"{len(steps)} revenue event{'s' if len(steps) != 1 else ''}",
    )
    _legend_below(fig, ax, theme)


def _signed_money(minor: int, currency: str) -> str:
    return fmt.money_change(minor, currency)


# --------------------------------------------------------------------------- portfolio charts


def draw_health_distribution(fig: Figure, data: HealthDistributionData, theme: ChartTheme) -> None:
    """Accounts per health band (and the ARR in each)."""
    _start(fig, theme)
    if not any(b.accounts for b in data.bands):
        _empty(
            fig,
            theme,
            data.title,
            "No accounts in this selection. Add accounts or widen the filter.",
        )
        return
    ax = _axes(fig, theme)
    labels = ["Not scored" if b.band is None else b.band.label for b in data.bands]
    xs = list(range(len(data.bands)))
    counts = [b.accounts for b in data.bands]
    bars = ax.bar(
        xs, counts, color=[theme.band_colour(b.band) for b in data.bands], width=0.62, zorder=3
    )
    total = sum(counts)
    top = max(counts)
    for bar, b, label in zip(bars, data.bands, labels, strict=True):
        share = b.accounts / total * 100 if total else 0.0
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height() + top * 0.02,
            f"{b.accounts:,} ({share:.0f} %)\n{_money(b.arr_minor, data.currency)} ARR",
            ha="center",
            va="bottom",
            fontsize=theme.small_size,
            color=theme.text,
        )
        add_tooltips(
            fig,
            bar,
            [
                f"{label}: {b.accounts:,} account{'s' if b.accounts != 1 else ''}"
                f" ({share:.0f} %), {format_minor(b.arr_minor, data.currency)} "
                "ARR"
            ],
        )
    ax.set_xticks(xs, [_t(label) for label in labels])
    ax.set_ylim(0, top * 1.35)
    ax.set_ylabel("Accounts")
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    _header(fig, theme, data.title, f"{total:,} accounts by their latest health band")


def draw_arr_bridge(fig: Figure, data: ArrBridgeData, theme: ChartTheme) -> None:
    """Start ARR, what was added and lost in the period, end ARR (a waterfall)."""
    _start(fig, theme)
    moves = (data.new_minor, data.expansion_minor, data.contraction_minor, data.churn_minor)
    if not data.start_minor and not data.end_minor and not any(moves):
        _empty(
            fig,
            theme,
            data.title,
            "No ARR in this period. Record revenue events (new business, expansion, "
            "contraction, churn) on the accounts.",
        )
        return
    ax = _axes(fig, theme)
    s, n, e, c = data.start_minor, data.new_minor, data.expansion_minor, data.contraction_minor
    steps: tuple[tuple[str, int, int, str], ...] = (  # label, bottom, height, colour
        ("Start", 0, s, theme.unscored),
        ("+ New", s, n, theme.accent),
        ("+ Expansion", s + n, e, theme.positive),
        ("- Contraction", s + n + e - c, c, theme.warning),
        ("- Churn", s + n + e - c - data.churn_minor, data.churn_minor, theme.negative),
        ("End", 0, data.end_minor, theme.accent),
    )
    xs = list(range(len(steps)))
    bars = ax.bar(
        xs,
        [step[2] for step in steps],
        bottom=[step[1] for step in steps],
        color=[step[3] for step in steps],
        width=0.6,
        zorder=3,
    )
    top = max(
        data.start_minor,
        data.end_minor,
        data.start_minor + data.new_minor + data.expansion_minor,
        1,
    )
    signs = ("", "+", "+", "-", "-", "")
    running = data.start_minor
    levels = [running]
    for sign, step in zip(signs[1:-1], steps[1:-1], strict=True):
        running += step[2] if sign == "+" else -step[2]
        levels.append(running)
    for i, (bar, step) in enumerate(zip(bars, steps, strict=True)):
        amount = step[2]
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            step[1] + amount + top * 0.015,
            signs[i] + _money(amount, data.currency),
            ha="center",
            va="bottom",
            fontsize=theme.small_size,
            color=theme.text,
        )
        add_tooltips(
            fig, bar, [f"{step[0].lstrip('+- ')}: {signs[i]}{format_minor(amount, data.currency)}"]
        )
        if i > 0:
            ax.plot(
                [i - 1 + 0.3, i - 0.3],
                [levels[i - 1], levels[i - 1]],
                color=theme.muted,
                linewidth=0.8,
                linestyle=":",
                zorder=2,
            )
    ax.set_xticks(xs, [step[0] for step in steps])
    if compact(fig):
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
            label.set_fontsize(theme.small_size)
    ax.set_ylim(0, top * 1.2)
    _money_axis(ax, data.currency)
    change = data.end_minor - data.start_minor
    subtitle = (
        f"{data.period_label + ': ' if data.period_label else ''}"
        f"{_signed_money(change, data.currency)} net change"
    )
    _header(fig, theme, data.title, subtitle)


def draw_renewals_by_month(fig: Figure, data: RenewalsByMonthData, theme: ChartTheme) -> None:
    """ARR up for renewal per month, stacked by the accounts' health band."""
    _start(fig, theme)
    if not any(mo.total_minor or mo.accounts for mo in data.months):
        _empty(
            fig,
            theme,
            data.title,
            "No renewals fall in the next 12 months. Set renewal dates on the accounts.",
        )
        return
    ax = _axes(fig, theme)
    xs = list(range(len(data.months)))
    stacks = (
        ("Green", "green_minor", theme.band_green),
        ("Yellow", "yellow_minor", theme.band_yellow),
        ("Red", "red_minor", theme.band_red),
        ("Not scored", "unscored_minor", theme.unscored),
    )
    bottom = [0] * len(xs)
    for name, field_name, colour in stacks:
        values = [getattr(mo, field_name) for mo in data.months]
        if not any(values):
            continue
        bars = ax.bar(xs, values, bottom=bottom, color=colour, width=0.66, label=name, zorder=3)
        for bar, mo, value in zip(bars, data.months, values, strict=True):
            add_tooltips(
                fig,
                bar,
                [
                    f"{fmt.month(mo.month, full=True)}: "
                    f"{format_minor(value, data.currency)} ARR in {name.lower()}"
                    f" health, of {format_minor(mo.total_minor, data.currency)} "
                    f"({mo.accounts} account{'s' if mo.accounts != 1 else ''})"
                ],
            )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    top = max([*bottom, 1])
    for x, mo in zip(xs, data.months, strict=True):
        if mo.accounts:
            ax.text(
                x,
                mo.total_minor + top * 0.015,
                str(mo.accounts),
                ha="center",
                va="bottom",
                fontsize=theme.small_size,
                color=theme.muted,
            )
    step = 2 if compact(fig) and len(data.months) > 6 else 1  # every other month when narrow
    labels = [
        (fmt.month(mo.month, year=False) if i % step == 0 else "")
        + ("\n" + str(mo.month.year) if i == 0 or (mo.month.month == 1 and i % step == 0) else "")
        for i, mo in enumerate(data.months)
    ]
    ax.set_xticks(xs, labels)
    ax.set_ylim(0, top * 1.18)
    _money_axis(ax, data.currency)
    total = sum(mo.total_minor for mo in data.months)
    count = sum(mo.accounts for mo in data.months)
    at_risk = sum(mo.red_minor for mo in data.months)
    _header(
        fig,
        theme,
        data.title,
        f"{format_minor(total, data.currency, compact=True)} ARR in {count} renewals; "
        f"{format_minor(at_risk, data.currency, compact=True)} in red health. "
        "Numbers above bars: accounts",
    )
    _legend_below(fig, ax, theme)


def draw_retention_trend(fig: Figure, data: RetentionTrendData, theme: ChartTheme) -> None:
    """NRR and GRR per quarter, with the 100 % line."""
    _start(fig, theme)
    if not any(p.nrr_pct is not None or p.grr_pct is not None for p in data.points):
        _empty(
            fig,
            theme,
            data.title,
            "Retention needs accounts with ARR at the start of a quarter. Record revenue "
            "events to see NRR and GRR.",
        )
        return
    ax = _axes(fig, theme)
    xs = list(range(len(data.points)))
    ax.axhline(100, color=theme.spine, linewidth=1, linestyle="--", zorder=1)
    values: list[float] = []
    for name, attr, colour, marker in (
        ("NRR", "nrr_pct", theme.series[0], "o"),
        ("GRR", "grr_pct", theme.series[1], "s"),
    ):
        raw = [getattr(p, attr) for p in data.points]
        known = [(x, v, p) for x, v, p in zip(xs, raw, data.points, strict=True) if v is not None]
        line = ax.plot(
            [k[0] for k in known],
            [k[1] for k in known],
            color=colour,
            marker=marker,
            markersize=5,
            linewidth=1.8,
            label=name,
            zorder=3,
        )[0]
        add_tooltips(fig, line, [f"{p.label}: {name} {_pct(v)}" for _x, v, p in known])
        for x, v, _p in known:
            values.append(v)
            ax.annotate(
                f"{v:.0f}",
                (x, v),
                xytext=(0, 7 if name == "NRR" else -12),
                textcoords="offset points",
                ha="center",
                fontsize=theme.small_size,
                color=colour,
            )
    low = min([*values, 100.0])
    high = max([*values, 100.0])
    ax.set_ylim(max(0.0, math.floor((low - 8) / 10) * 10), math.ceil((high + 8) / 10) * 10)
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
    _category_axis(ax, [p.label for p in data.points])
    _header(fig, theme, data.title, "Of the accounts active at the start of each quarter")
    _legend_below(fig, ax, theme)


#: Every builder by name (the screens' save menu and the tests iterate over this).
BUILDERS: dict[str, Callable[..., None]] = {
    "health_trend": draw_health_trend,
    "factor_contributions": draw_factor_contributions,
    "goal_progress": draw_goal_progress,
    "goal_trend": draw_goal_trend,
    "stakeholder_map": draw_stakeholder_map,
    "voice_trend": draw_voice_trend,
    "arr_history": draw_arr_history,
    "health_distribution": draw_health_distribution,
    "arr_bridge": draw_arr_bridge,
    "renewals_by_month": draw_renewals_by_month,
    "retention_trend": draw_retention_trend,
}


# --------------------------------------------------------------------------- rendering


def new_figure(*, width_in: float = 8.0, height_in: float = 4.5, dpi: float = 100) -> Figure:
    """A figure on a display-free Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def render_png(
    draw: Callable[[Figure, T, ChartTheme], None],
    data: T,
    *,
    width_in: float = 8.0,
    height_in: float = 4.5,
    dpi: int = 200,
    theme: ChartTheme = LIGHT,
) -> bytes:
    """The chart as PNG bytes (for decks and files). Needs no display."""
    fig = new_figure(width_in=width_in, height_in=height_in, dpi=dpi)
    draw(fig, data, theme)
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=dpi, facecolor=theme.background, metadata={"Software": None}
    )
    return buffer.getvalue()


def render_svg(
    draw: Callable[[Figure, T, ChartTheme], None],
    data: T,
    *,
    width_in: float = 8.0,
    height_in: float = 4.5,
    theme: ChartTheme = LIGHT,
) -> bytes:
    """The chart as SVG bytes with real text (``svg.fonttype`` 'none'), for the PDF."""
    import matplotlib  # noqa: PLC0415

    fig = new_figure(width_in=width_in, height_in=height_in, dpi=72)
    draw(fig, data, theme)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "planner"}):
        fig.savefig(
            buffer,
            format="svg",
            facecolor=theme.background,
            metadata={"Date": None, "Creator": None},
        )
    return buffer.getvalue()

"""The charts of QBR decks and PDFs: plain data, drawn natively in the deck and as vectors in
the PDF.

A :class:`Chart` holds everything a chart shows (categories or dates, series, every label's
text), already formatted by the one formatter from the QBR's figures; the deck writer turns it
into a native, editable PowerPoint chart that takes the template's theme colours
(:func:`planner.reports.deck.add_native_chart`) and the PDF draws the same data with matplotlib
(:func:`draw_chart`). So the text inside a chart is the text on the slide, and a customer copy's
charts are made from customer-copy figures only (the tests read these objects).

Kinds:

* ``bar``: horizontal bars, one category per row (goal progress, adoption per use case);
* ``stacked_bar``: horizontal stacked bars (value delivered and still to gain per goal);
* ``date_line``: lines over a date axis, points spaced by their dates (uneven quarters stay
  uneven): NPS and CSAT by quarter, the health score, a goal's measurements;
* ``scatter``: labelled points (the stakeholder map, internal copy only).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

ChartKind = Literal["bar", "stacked_bar", "date_line", "scatter"]


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...] = ()
    """The text shown at each point (empty: no label); formatted by the one formatter."""


@dataclass(frozen=True, slots=True)
class ScatterPoint:
    x: float
    y: float
    label: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class Axis:
    title: str = ""
    minimum: float | None = None
    maximum: float | None = None
    number_format: str = "General"
    """Excel number format of the tick labels (the data labels carry our own texts)."""
    ticks: tuple[tuple[float, str], ...] = ()
    """Fixed tick positions and their labels (the PDF uses them; the deck uses the format)."""
    major_unit: float | None = None
    """Distance between ticks in the deck (None: the viewer decides)."""


@dataclass(frozen=True, slots=True)
class Chart:
    kind: ChartKind
    title: str
    """Also the alternative text."""
    categories: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    series: tuple[Series, ...] = ()
    points: tuple[ScatterPoint, ...] = ()
    value_axis: Axis = Axis()
    x_axis: Axis = Axis()
    legend: bool = False
    quadrants: tuple[str, str, str, str] = ("", "", "", "")
    """Scatter only: labels of the top-left, top-right, bottom-left, bottom-right corners."""

    def texts(self) -> Iterator[str]:
        """Every piece of text the chart shows (for tests and the customer-copy check)."""
        yield self.title
        yield from self.categories
        for s in self.series:
            yield s.name
            yield from s.labels
        for p in self.points:
            yield p.label
            yield p.group
        for axis in (self.value_axis, self.x_axis):
            yield axis.title
            yield from (label for _, label in axis.ticks)
        yield from self.quadrants


EDGE_SHARE = 0.08
"""A point this close to the bottom (top) of the value axis, as a share of its span, has its
label above (below) it, so the label stays inside the plot."""
CLOSE_SHARE = 0.15
"""Two lines' points on the same date this close (as a share of the value axis's span) have
their labels on opposite sides: the higher one's above, the lower one's below."""


def label_above(chart: Chart, series_index: int, value: float, point: int | None = None) -> bool:
    """Where a line chart's point label goes: above the point, or below it.

    When another line has a point on the same date (``point``: its index) close to this one,
    the two labels go on opposite sides (the higher point's above, the lower one's below;
    equal points: the first line's above), so they never overlap, even at the top or bottom
    (the chart leaves room there: :func:`planner.reports.qbr_report` sets the axis). Else a
    point near the bottom of the value axis has its label above, near the top below (never
    outside the plot); elsewhere the first series' labels go above and the second's below."""
    values = [v for s in chart.series for v in s.values if v is not None]
    low = chart.value_axis.minimum if chart.value_axis.minimum is not None else min(values)
    high = chart.value_axis.maximum if chart.value_axis.maximum is not None else max(values)
    span = (high - low) or 1.0
    if point is not None:
        for other_index, other in enumerate(chart.series):
            if other_index == series_index or point >= len(other.values):
                continue
            theirs = other.values[point]
            if theirs is None or abs(theirs - value) > CLOSE_SHARE * span:
                continue
            if theirs == value:
                return series_index < other_index
            return value > theirs
    if value - low <= EDGE_SHARE * span:
        return True
    if high - value <= EDGE_SHARE * span:
        return False
    return series_index % 2 == 0


# --------------------------------------------------------------------------- PDF drawing

EPOCH = date(1970, 1, 1)
"""Day 0 of matplotlib's date axis."""
INK = "#1F2937"
MUTED = "#6B7280"
GRID = "#E5E7EB"
PALETTE = ("#0F7C8C", "#E07A1F", "#3B5BA5", "#7A9A01", "#B23A48", "#6B4E9B")


def draw_chart(fig: Any, chart: Chart) -> None:
    """Draw ``chart`` on a matplotlib Figure (object API, no pyplot), for the PDF."""
    fig.clear()
    fig.patch.set_facecolor("white")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=8, length=0)
    if chart.kind in ("bar", "stacked_bar"):
        _bars(ax, chart)
    elif chart.kind == "date_line":
        _date_lines(ax, chart)
    else:
        _scatter(ax, chart)
    if chart.legend and chart.kind != "scatter":
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            legend = ax.legend(
                handles,
                labels,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.12),
                ncol=min(len(labels), 4),
                frameon=False,
                fontsize=8,
            )
            for text in legend.get_texts():
                text.set_color(INK)
    fig.tight_layout(pad=0.6)


def _bars(ax: Any, chart: Chart) -> None:
    n = len(chart.categories)
    rows = list(range(n))[::-1]  # first category on top, as in the deck
    left = [0.0] * n
    stacked = chart.kind == "stacked_bar"
    height = 0.62 if stacked or len(chart.series) == 1 else 0.62 / len(chart.series)
    for k, series in enumerate(chart.series):
        values = [v or 0.0 for v in series.values]
        offsets = (
            rows if stacked else [r + (k - (len(chart.series) - 1) / 2) * height for r in rows]
        )
        bars = ax.barh(
            offsets,
            values,
            height=height,
            left=left if stacked else None,
            color=PALETTE[k % len(PALETTE)],
            label=series.name,
        )
        for bar, label in zip(bars, series.labels, strict=False):
            if not label:
                continue
            x = bar.get_x() + bar.get_width()
            y = bar.get_y() + bar.get_height() / 2
            if stacked:
                x = bar.get_x() + bar.get_width() / 2
            ax.annotate(
                label,
                (x, y),
                xytext=(0 if stacked else 4, 0),
                textcoords="offset points",
                va="center",
                ha="center" if stacked else "left",
                fontsize=8,
                color="white" if stacked else INK,
            )
        if stacked:
            left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(rows)
    ax.set_yticklabels([_short(c) for c in chart.categories], color=INK, fontsize=8)
    axis = chart.value_axis
    top = axis.maximum
    if top is None:
        ends = left if stacked else [v or 0.0 for s in chart.series for v in s.values]
        top = max(ends, default=1.0) * 1.18 or 1.0
    ax.set_xlim(axis.minimum or 0.0, top)
    _ticks(ax.xaxis, axis)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if axis.title:
        ax.set_xlabel(axis.title, color=MUTED, fontsize=8)


def _date_lines(ax: Any, chart: Chart) -> None:
    xs = [float((d - EPOCH).days) for d in chart.dates]  # matplotlib's date numbers
    for k, series in enumerate(chart.series):
        pairs = [
            (n, x, v, lab)
            for n, (x, v, lab) in enumerate(
                zip(xs, series.values, series.labels or ("",) * len(xs), strict=False)
            )
            if v is not None
        ]
        if not pairs:
            continue
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(
            [p[1] for p in pairs],
            [p[2] for p in pairs],
            marker="o",
            markersize=4,
            linewidth=1.8,
            color=colour,
            label=series.name,
        )
        for n, x, y, label in pairs:
            if label:
                ax.annotate(
                    label,
                    (x, y),
                    xytext=(0, 6 if label_above(chart, k, y, n) else -11),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7.5,
                    color=colour,
                )
    axis = chart.value_axis
    ax.set_ylim(axis.minimum, axis.maximum)
    _ticks(ax.yaxis, axis)
    ticks = chart.x_axis.ticks
    if ticks:
        ax.set_xticks([t for t, _ in ticks])
        ax.set_xticklabels([label for _, label in ticks], fontsize=8, color=INK)
    if xs:
        pad = max((max(xs) - min(xs)) * 0.06, 20)
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    if axis.title:
        ax.set_ylabel(axis.title, color=MUTED, fontsize=8)


def _scatter(ax: Any, chart: Chart) -> None:
    groups = list(dict.fromkeys(p.group for p in chart.points))
    for k, group in enumerate(groups):
        chosen = [p for p in chart.points if p.group == group]
        colour = PALETTE[k % len(PALETTE)]
        ax.scatter(
            [p.x for p in chosen],
            [p.y for p in chosen],
            s=36,
            color=colour,
            label=group or None,
            zorder=3,
        )
        for p in chosen:
            ax.annotate(
                _short(p.label, 24),
                (p.x, p.y),
                xytext=(5, 3),
                textcoords="offset points",
                fontsize=7.5,
                color=INK,
            )
    for axis, setter in ((chart.x_axis, ax.set_xlim), (chart.value_axis, ax.set_ylim)):
        if axis.minimum is not None and axis.maximum is not None:
            setter(axis.minimum, axis.maximum)
    _ticks(ax.xaxis, chart.x_axis)
    _ticks(ax.yaxis, chart.value_axis)
    ax.set_xlabel(chart.x_axis.title, color=MUTED, fontsize=8)
    ax.set_ylabel(chart.value_axis.title, color=MUTED, fontsize=8)
    ax.grid(color=GRID, linewidth=0.6)
    corners = (
        (0.01, 0.98, "left", "top"),
        (0.99, 0.98, "right", "top"),
        (0.01, 0.02, "left", "bottom"),
        (0.99, 0.02, "right", "bottom"),
    )
    for (x, y, ha, va), text in zip(corners, chart.quadrants, strict=True):
        if text:
            ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=7.5, color=MUTED)
    if len(groups) > 1:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=min(len(groups), 5),
            frameon=False,
            fontsize=7.5,
        )


def _ticks(axis_obj: Any, axis: Axis) -> None:
    if axis.ticks:
        axis_obj.set_ticks([t for t, _ in axis.ticks])
        axis_obj.set_ticklabels([label for _, label in axis.ticks])


def _short(text: str, width: int = 42) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "\u2026"


def render_svg(chart: Chart, *, width_in: float, height_in: float) -> bytes:
    """The chart as SVG with text kept as text (searchable in the PDF)."""
    import io  # noqa: PLC0415

    from matplotlib import rc_context  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    with rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(width_in, height_in), dpi=100)
        draw_chart(fig, chart)
        out = io.BytesIO()
        fig.savefig(out, format="svg", facecolor="white")
    return out.getvalue()

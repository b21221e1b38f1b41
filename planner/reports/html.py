"""HTML for the PDF reports (the QBR report and the Account Success Plan), made with Jinja2.

Autoescaping is on: every value from the book is escaped, so ``<script>`` or ``&`` in a name
prints literally. The HTML is the subset Qt's rich text engine understands (tables with
``<thead>`` so the header row repeats on every page, simple CSS). Charts are ``<img>``
placeholders that :mod:`planner.reports.pdf` replaces with vector drawings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup, escape

from planner.domain import agenda as ag
from planner.domain import formatting as fmt
from planner.reports.qbr_report import INTERNAL_MARK, PlanReport, QbrReport

NAVY = "#14213D"
TEAL = "#0F7C8C"
INK = "#1F2937"
MUTED = "#6B7280"
ZEBRA = "#F2F4F7"
RULE = "#D1D5DB"

STYLE = f"""
body {{ color: {INK}; }}
h1 {{ color: {NAVY}; font-size: 20pt; font-weight: bold; margin-top: 0; margin-bottom: 2pt; }}
h2 {{ color: {NAVY}; font-size: 13.5pt; font-weight: bold; margin-top: 22pt;
      margin-bottom: 3pt; }}
h3 {{ color: {TEAL}; font-size: 10.5pt; font-weight: bold; margin-top: 9pt;
      margin-bottom: 3pt; }}
p {{ margin-top: 2pt; margin-bottom: 4pt; }}
p.sub {{ color: {MUTED}; font-size: 10.5pt; margin-top: 0; margin-bottom: 10pt; }}
p.meta {{ color: {MUTED}; font-size: 8.5pt; margin-top: 0; margin-bottom: 5pt; }}
p.empty {{ color: {MUTED}; font-style: italic; }}
p.internal {{ color: #9A3412; font-size: 8.5pt; font-weight: bold; margin-bottom: 2pt; }}
p.chart {{ margin-top: 6pt; margin-bottom: 6pt; }}
p.mark {{ color: #B42318; font-weight: bold; font-size: 10pt; margin-bottom: 6pt; }}
h2.appendix {{ page-break-before: always; }}
p.colhead {{ color: {NAVY}; font-weight: bold; font-size: 10pt; margin-bottom: 4pt; }}
p.colline {{ margin-top: 1pt; margin-bottom: 3pt; }}
table.summary td {{ background-color: #EEF5F7; vertical-align: top; }}
li {{ margin-bottom: 3pt; }}
table.data {{ border-collapse: collapse; margin-top: 2pt; margin-bottom: 8pt; }}
table.data th {{ background-color: {TEAL}; color: #FFFFFF; font-weight: bold; font-size: 8pt;
                 text-align: left; }}
table.data td {{ font-size: 8pt; border-bottom: 1px solid {RULE}; }}
table.data td.caption {{ color: {TEAL}; font-size: 10.5pt; font-weight: bold;
                         background-color: #FFFFFF; border-bottom: 0; padding-left: 0; }}
table.data tr.odd td {{ background-color: {ZEBRA}; }}
table.metrics td {{ background-color: #E6F3F5; }}
td.num, th.num {{ text-align: right; }}
span.big {{ color: {TEAL}; font-size: 18pt; font-weight: bold; }}
span.label {{ font-size: 8.5pt; font-weight: bold; }}
span.detail {{ font-size: 8pt; color: {MUTED}; }}
"""

_MACROS = """
{% macro data_table(table, caption=True) -%}
{% if table.rows -%}
<table class="data" width="100%" cellspacing="0" cellpadding="4">
<thead>
{%- if caption %}<tr><td class="caption" colspan="{{ table.columns | length }}">
{{- table.title }}</td></tr>{% endif -%}
{%- if table.columns | map(attribute="name") | select | list %}<tr>
{%- for c in table.columns %}<th{% if c.numeric %} class="num"{% endif %}
 width="{{ widths(table)[loop.index0] }}%">{{ c.name }}</th>{% endfor -%}
</tr>{% endif %}</thead>
<tbody>
{%- for row in table.rows %}<tr class="{{ loop.cycle('even', 'odd') }}">
{%- for cell in row %}<td{% if table.columns[loop.index0].numeric %} class="num"
 style="white-space: nowrap"{% endif %}
{%- if loop.first and not table.columns[0].name %} width="{{ widths(table)[0] }}%"{% endif %}>
{{- cell | iso | nl2br }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody></table>
{%- else -%}
{% if caption %}<h3>{{ table.title }}</h3>{% endif %}
<p class="empty">None recorded.</p>
{%- endif %}
{%- endmacro %}

{% macro metrics_row(metrics) -%}
{% if metrics -%}
<table class="metrics" width="100%" cellspacing="6" cellpadding="6"><tr>
{%- for m in metrics %}<td width="{{ (100 / metrics | length) | round(0) }}%">
<span class="big">{{ m.value }}</span><br/><span class="label">{{ m.label }}</span>
{%- if m.detail %}<br/><span class="detail">{{ m.detail }}</span>{% endif %}</td>
{%- endfor %}</tr></table>
{%- endif %}
{%- endmacro %}

{% macro tiles_row(tiles) -%}
{% if tiles -%}
<table class="metrics" width="100%" cellspacing="6" cellpadding="6"><tr>
{%- for t in tiles %}<td width="{{ (100 / tiles | length) | round(0) }}%">
<span class="big">{{ t.value | iso }}</span><br/><span class="label">{{ t.label }}</span>
{%- if t.detail %}<br/><span class="detail">{{ t.detail | iso }}</span>{% endif %}</td>
{%- endfor %}</tr></table>
{%- endif %}
{%- endmacro %}

{% macro chart(ref) -%}
<p class="chart" align="center"><img src="{{ ref.url }}" width="{{ ref.width_px }}"
 height="{{ ref.height_px }}"/></p>
{%- endmacro %}
"""

QBR_TEMPLATE = """{% import "macros" as m %}<html><head><style>{{ style }}</style></head><body>
{% if r.internal %}<p class="mark">{{ mark }}</p>{% endif %}
<h1>{{ r.title }}</h1>
<p class="sub">{{ r.account_name | iso }} &#183; {{ r.subtitle }} &#183; Period covered:
 {{ r.period_text }}</p>
{% for s in main %}
{% if s.kind == "summary" %}
<h2>{{ s.title | iso }}</h2>
<p class="meta">{{ s.kicker }}</p>
<table class="summary" width="100%" cellspacing="6" cellpadding="6"><tr>
{%- for c in s.columns %}<td width="{{ (100 / s.columns | length) | round(0) }}%">
<p class="colhead">{{ c.heading }}</p>
{% for line in c.lines %}<p class="colline">&#8226; {{ line | iso }}</p>{% endfor %}</td>
{%- endfor %}</tr></table>
{% elif s.kind == "content" or s.kind == "agenda" %}
<h2>{{ s.title | iso }}</h2>
{% if s.kicker %}<p class="meta">{{ s.kicker | iso }}</p>{% endif %}
{{ m.tiles_row(s.tiles) }}
{% for ref in charts.get(s.key, []) %}{{ m.chart(ref) }}{% endfor %}
{% if s.bullets %}<ul>{% for p in s.bullets %}<li>{{ p | iso | nl2br }}</li>
{% endfor %}</ul>{% endif %}
{% if s.table %}{{ m.data_table(s.table, caption=s.kind != "agenda") }}{% endif %}
{% for p in s.panels %}<h3>{{ p.heading }}</h3>
{% if p.table %}{{ m.data_table(p.table, caption=False) }}{% endif %}
{% if p.lines %}<ul>{% for line in p.lines %}<li>{{ line | iso | nl2br }}</li>
{% endfor %}</ul>{% endif %}{% endfor %}
{% if s.footnote %}<p class="meta">{{ s.footnote }}</p>{% endif %}
{% endif %}
{% endfor %}
{% if appendix %}
<h2 class="appendix">Appendix</h2>
{% for s in appendix %}{% if s.kind != "section" %}
<h3>{{ s.title | iso }}</h3>
{{ m.tiles_row(s.tiles) }}
{% for ref in charts.get(s.key, []) %}{{ m.chart(ref) }}{% endfor %}
{% if s.bullets %}<ul>{% for p in s.bullets %}<li>{{ p | iso | nl2br }}</li>
{% endfor %}</ul>{% endif %}
{% if s.table %}{{ m.data_table(s.table, caption=False) }}{% endif %}
{% if s.footnote %}<p class="meta">{{ s.footnote }}</p>{% endif %}
{% endif %}{% endfor %}
{% endif %}
</body></html>
"""

PLAN_TEMPLATE = """{% import "macros" as m %}<html><head><style>{{ style }}</style></head><body>
<h1>{{ title }}</h1>
<p class="sub">{{ f.account.name }}{% if plan %} &#183; {{ plan.status.label }} plan
{%- if plan.period_start and plan.period_end %} &#183; {{ period }}{% endif %}{% endif %}
 &#183; as of {{ as_of }}</p>
{{ m.data_table(summary) }}
{% if plan and plan.desired_outcomes %}<h2>Desired outcomes</h2>
<p>{{ plan.desired_outcomes | nl2br }}</p>{% endif %}
{% if internal %}
<h2>Internal notes</h2>
<p class="internal">Internal: not for the customer.</p>
{% for label, text in internal %}<p><b>{{ label }}:</b> {{ text | nl2br }}</p>{% endfor %}
{% endif %}
{% for section in sections %}
<h2>{{ section.heading }}</h2>
{% for ref in section.charts %}{{ m.chart(ref) }}{% endfor %}
{{ m.data_table(section.table, caption=False) }}
{% endfor %}
</body></html>
"""


@dataclass(frozen=True, slots=True)
class ChartRef:
    """Where a chart goes in the HTML (an ``<img>`` the PDF renderer replaces)."""

    url: str
    width_px: int
    height_px: int


@dataclass(frozen=True, slots=True)
class PlanSection:
    heading: str
    table: ag.Table
    charts: Sequence[ChartRef]


def _nl2br(value: object) -> Markup:
    return Markup("<br/>").join(escape(str(value)).split("\n"))


BODY_WIDTH_PT = 500.0
"""About the width of a portrait page's body (A4 or Letter, less margins)."""


def _widths(table: ag.Table) -> list[int]:
    """Column widths in % by weight, widened so no header word has to break and no figure
    (numeric cells do not wrap) is wider than its column: otherwise the table grows past the
    page and the layout squeezes another column to a letter a line."""
    from planner.reports.textfit import text_width  # noqa: PLC0415

    total = sum(max(c.weight, 0.2) for c in table.columns)
    shares = [max(c.weight, 0.2) * 100 / total for c in table.columns]
    needed = []
    for i, c in enumerate(table.columns):
        words = [text_width(w, 8.0, bold=True) for w in c.name.split()]
        if c.numeric:
            words += [text_width(row[i], 8.0) for row in table.rows]
        needed.append((max(words, default=0.0) + 12) * 100 / BODY_WIDTH_PT)
    if sum(needed) <= 100:
        for i, need in enumerate(needed):
            while shares[i] < need:
                donor = max(range(len(shares)), key=lambda j: shares[j] - needed[j])
                if donor == i or shares[donor] - needed[donor] <= 0:
                    break
                step = min(need - shares[i], shares[donor] - needed[donor])
                shares[donor] -= step
                shares[i] += step
    return [round(x) for x in shares]


def isolate(value: object) -> str:
    """Text that contains right-to-left letters wrapped in a first-strong isolate (FSI ...
    PDI), so a Hebrew or Arabic name does not reorder the rest of its line."""
    text = str(value)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return f"\u2068{text}\u2069"
    return text


def environment() -> Environment:
    env = Environment(
        loader=DictLoader({"qbr": QBR_TEMPLATE, "plan": PLAN_TEMPLATE, "macros": _MACROS}),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["nl2br"] = _nl2br
    env.filters["iso"] = isolate
    env.globals["widths"] = _widths
    return env


def qbr_html(report: QbrReport, charts: dict[str, list[ChartRef]]) -> str:
    """The QBR report: the deck's slides as sections (titles are the takeaways), then the
    appendix. ``charts``: slide key -> its chart placeholders."""
    return (
        environment()
        .get_template("qbr")
        .render(
            r=report,
            style=STYLE,
            main=[s for s in report.main_slides if s.kind != "title"],
            appendix=list(report.appendix_slides),
            charts=charts,
            mark=INTERNAL_MARK,
        )
    )


def plan_summary(report: PlanReport) -> ag.Table:
    f = report.facts
    a = f.account
    rows = [
        ("Renewal date", fmt.day(a.renewal_date) or "Not set"),
        ("Customer success manager", a.owner or "Not set"),
    ]
    if report.internal:
        latest = f.snapshots[-1] if f.snapshots else None
        health = "No score yet"
        if latest is not None:
            health = (
                f"{fmt.round_int(latest.score)} ({latest.band.label.lower()}) on "
                f"{fmt.day(latest.taken_on)}"
            )
        rows[:0] = [
            ("ARR", fmt.money(a.arr_minor, a.currency)),
            ("Tier and stage", f"{a.tier_label} \u00b7 {a.lifecycle_stage.label}"),
        ]
        rows.append(("Health", health))
    return ag.Table("At a glance", (ag.Column("", 1.0), ag.Column("", 3.0)), tuple(rows))


def plan_internal(report: PlanReport) -> list[tuple[str, str]]:
    """Internal texts shown in the full profile (none under customer-safe)."""
    if report.customer_safe:
        return []
    f = report.facts
    found = []
    if f.account.notes.strip():
        found.append(("Account notes", f.account.notes))
    if f.plan is not None and f.plan.internal_notes.strip():
        found.append(("Plan notes", f.plan.internal_notes))
    if f.account.csm_sentiment is not None:
        text = f"{f.account.csm_sentiment:+d} on a scale of -2 to +2"
        if f.account.csm_sentiment_note.strip():
            text += f": {f.account.csm_sentiment_note}"
        found.append(("Your sentiment", text))
    return found


PLAN_HEADINGS = {
    "Goals": "Goals",
    "Risks and challenges": "Risks and challenges",
    "Stakeholders": "Stakeholders",
    "Use cases": "Use cases",
    "Open action items": "Action items",
}


def plan_html(report: PlanReport, charts: dict[str, list[ChartRef]], today: date) -> str:
    f = report.facts
    plan = f.plan
    sections = [
        PlanSection(PLAN_HEADINGS.get(t.title, t.title), t, charts.get(t.title, []))
        for t in report.tables
    ]
    period = ""
    if plan is not None and plan.period_start and plan.period_end:
        period = fmt.period(plan.period_start, plan.period_end)
    return (
        environment()
        .get_template("plan")
        .render(
            f=f,
            plan=plan,
            title=report.title,
            style=STYLE,
            summary=plan_summary(report),
            internal=plan_internal(report),
            sections=sections,
            period=period,
            as_of=fmt.day(today),
        )
    )

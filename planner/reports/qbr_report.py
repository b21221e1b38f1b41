"""The content of a QBR export, shared by every format (deck, PDF, Markdown, invite).

:func:`build_qbr_report` joins the agenda the CSM saved (order, titles, time boxes, leads,
notes) with what the book says now (talking points, tables, key figures and charts of each
section), under the chosen profile. Renderers only lay this out; none of them reads a book.

Talking points of the nine standard sections are recomputed from the data at export time, so
a deck always shows current figures and, with the customer-safe profile, leaves out internal
items. Items the CSM added by hand keep the talking points they were saved with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from planner.domain import agenda as ag
from planner.reports.customer_safe import safe_facts, safe_inputs


class AgendaItemLike(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def minutes(self) -> int: ...
    @property
    def owner(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def talking_points(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class ReportItem:
    number: int
    """1-based position in the agenda."""
    section: str
    title: str
    minutes: int
    start_minute: int
    """Minutes from the start of the meeting."""
    owner: str
    notes: str
    talking_points: tuple[str, ...]
    slide_points: tuple[str, ...]
    tables: tuple[ag.Table, ...] = ()
    metrics: tuple[ag.Metric, ...] = ()
    charts: tuple[str, ...] = ()

    @property
    def time_box(self) -> str:
        """``0:05-0:15`` (with an en dash): when the item starts and ends in the meeting."""
        return f"{_clock(self.start_minute)}{ag.EN_DASH}{_clock(self.start_minute + self.minutes)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class QbrReport:
    qbr_id: str | None
    title: str
    account_name: str
    owner: str
    meeting_date: date
    period_start: date
    period_end: date
    length_minutes: int
    objectives: str
    internal_notes: str
    """Empty under the customer-safe profile."""
    attendees: tuple[ag.PersonView, ...]
    items: tuple[ReportItem, ...]
    since_last: ag.SinceLast
    customer_safe: bool
    inputs: ag.QbrInputs
    """The (filtered) inputs: what the charts are drawn from."""

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    @property
    def period_text(self) -> str:
        return ag.fmt_period(self.period_start, self.period_end)

    @property
    def subtitle(self) -> str:
        return f"{ag.fmt_date(self.meeting_date)} \u00b7 {self.length_minutes} minutes"


NOTHING_TO_SHARE = "Nothing to share for this section yet."


def build_qbr_report(
    inputs: ag.QbrInputs,
    saved_items: Sequence[AgendaItemLike] | None = None,
    *,
    customer_safe: bool = False,
    qbr_id: str | None = None,
) -> QbrReport:
    """The export content of a QBR. ``saved_items`` is its saved agenda (None: generate one)."""
    shown = safe_inputs(inputs, customer_safe=customer_safe)
    agenda = ag.generate_agenda(shown)
    items: list[ReportItem] = []
    start = 0
    if saved_items is None:
        for n, draft in enumerate(agenda.items, 1):
            content = agenda.section(draft.section)
            assert content is not None
            items.append(_item(n, draft.section, draft.title, draft.minutes, start, draft.owner,
                               "", content, customer_safe=customer_safe))  # fmt: skip
            start += draft.minutes
    else:
        for n, saved in enumerate(saved_items, 1):
            content = agenda.section(saved.section)
            items.append(_item(n, saved.section, saved.title, saved.minutes, start, saved.owner,
                               saved.notes, content, saved=tuple(saved.talking_points),
                               customer_safe=customer_safe))  # fmt: skip
            start += saved.minutes
    return QbrReport(
        qbr_id=qbr_id, title=shown.title, account_name=shown.facts.account.name,
        owner=shown.facts.account.owner, meeting_date=shown.meeting_date,
        period_start=shown.period_start, period_end=shown.period_end,
        length_minutes=shown.length_minutes, objectives=shown.objectives,
        internal_notes=shown.notes, attendees=shown.attendees, items=tuple(items),
        since_last=agenda.since_last, customer_safe=customer_safe, inputs=shown,
    )  # fmt: skip


def _item(
    number: int, section: str, title: str, minutes: int, start: int, owner: str, notes: str,
    content: ag.SectionContent | None, *, saved: tuple[str, ...] = (), customer_safe: bool,
) -> ReportItem:  # fmt: skip
    if content is None:  # an item the CSM added: it keeps what was written for it
        return ReportItem(number, section, title, minutes, start, owner, notes, saved, saved)
    if content.is_empty:
        point = NOTHING_TO_SHARE if customer_safe else f"Nothing to report: {content.empty_reason}."
        return ReportItem(number, section, title, minutes, start, owner, notes, (point,),
                          (point,))  # fmt: skip
    return ReportItem(
        number, section, title, minutes, start, owner, notes, content.points,
        content.slide_points, content.tables, content.metrics, content.charts,
    )  # fmt: skip


# --------------------------------------------------------------------------- success plan


@dataclass(frozen=True, slots=True)
class PlanReport:
    """The Account Success Plan document: the plan, its goals, risks, people, use cases and
    actions, under the chosen profile."""

    facts: ag.AccountFacts
    customer_safe: bool
    tables: tuple[ag.Table, ...]
    charts: tuple[str, ...]

    @property
    def title(self) -> str:
        plan = self.facts.plan
        return plan.title if plan is not None else "Account Success Plan"


def build_plan_report(facts: ag.AccountFacts, *, customer_safe: bool = False) -> PlanReport:
    shown = safe_facts(facts, customer_safe=customer_safe)
    tables = (
        _goals_table(shown),
        _risks_table(shown),
        _people_table(shown),
        _use_cases_table(shown),
        _actions_table(shown),
    )
    charts = [ag.HEALTH_TREND] if shown.snapshots else []
    if shown.goals:
        charts.append(ag.GOAL_PROGRESS)
    if shown.people and not shown.customer_safe:
        charts.append(ag.STAKEHOLDER_MAP)
    return PlanReport(shown, customer_safe, tables, tuple(charts))


def _goals_table(f: ag.AccountFacts) -> ag.Table:
    columns = [ag.Column("Goal", 2.6), ag.Column("Baseline", 0.9, numeric=True),
               ag.Column("Now", 0.9, numeric=True), ag.Column("Target", 0.9, numeric=True),
               ag.Column("Done", 0.6, numeric=True), ag.Column("Status", 0.9),
               ag.Column("Due", 0.9), ag.Column("Owner", 1.1)]  # fmt: skip
    rows = []
    for g in f.goals:
        title = f"{g.title}\nKPI: {g.kpi_name}" if g.kpi_name else g.title
        row = [title, ag.fmt_number(g.baseline, g.unit), ag.fmt_number(g.current, g.unit),
               ag.fmt_number(g.target, g.unit), ag.fmt_pct(g.progress), g.status.label,
               ag.fmt_date(g.due_date), g.owner]  # fmt: skip
        if not f.customer_safe:
            row.append("Yes" if g.customer_visible else "No")
        rows.append(tuple(row))
    if not f.customer_safe:
        columns.append(ag.Column("Shared", 0.7))
    return ag.Table("Goals", tuple(columns), tuple(rows))


def _risks_table(f: ag.AccountFacts) -> ag.Table:
    columns = [ag.Column("Risk", 2.0), ag.Column("Severity", 1.2), ag.Column("Status", 0.9),
               ag.Column("Mitigation", 2.4), ag.Column("Owner", 1.0)]  # fmt: skip
    rows = []
    for r in f.risks:
        severity = f"{r.severity.label}, {r.likelihood.label.lower()}"
        row = [f"{r.title}\n{r.category.label}", severity, r.status.label, r.mitigation,
               r.owner]  # fmt: skip
        if not f.customer_safe:
            row.append("Internal" if r.internal else "Shared")
        rows.append(tuple(row))
    if not f.customer_safe:
        columns.append(ag.Column("Visibility", 0.9))
    return ag.Table("Risks and challenges", tuple(columns), tuple(rows))


def _sentiment_text(value: int | None) -> str:
    if value is None:
        return ""
    return {-2: "Very negative", -1: "Negative", 0: "Neutral", 1: "Positive",
            2: "Very positive"}.get(value, str(value))  # fmt: skip


def _people_table(f: ag.AccountFacts) -> ag.Table:
    columns = [ag.Column("Name", 1.3), ag.Column("Job title", 1.5), ag.Column("Side", 0.8)]
    if not f.customer_safe:
        columns += [ag.Column("Role", 1.1), ag.Column("Influence", 0.85, numeric=True),
                    ag.Column("Sentiment", 1.0)]  # fmt: skip
    columns.append(ag.Column("Status", 0.9))
    rows = []
    for p in f.people:
        row = [p.name, p.job_title, "Customer" if p.side.value == "customer" else "Our team"]
        if not f.customer_safe:
            row += [p.role.label if p.role else "", str(p.influence or ""),
                    _sentiment_text(p.sentiment)]  # fmt: skip
        status = f"Left {ag.fmt_date(p.left_on)}".strip() if p.left_company else "Active"
        row.append(status)
        rows.append(tuple(row))
    return ag.Table("Stakeholders", tuple(columns), tuple(rows))


def _use_cases_table(f: ag.AccountFacts) -> ag.Table:
    return ag.Table(
        "Use cases",
        (ag.Column("Use case", 1.8), ag.Column("Products", 1.1), ag.Column("Status", 0.8),
         ag.Column("Adoption", 0.7, numeric=True), ag.Column("Go-live", 0.8),
         ag.Column("Value realised", 1.8)),
        tuple((u.title, u.products, u.status.label, f"{u.adoption_pct}%", ag.fmt_date(u.go_live),
               u.value_realised) for u in f.use_cases),
    )  # fmt: skip


def _actions_table(f: ag.AccountFacts) -> ag.Table:
    chosen = [a for a in f.actions if a.status.is_open]
    return ag.Table(
        "Open action items",
        (ag.Column("Action", 2.4), ag.Column("Owner", 1.1), ag.Column("Due", 0.8),
         ag.Column("Status", 0.8), ag.Column("Priority", 0.7)),
        tuple((a.title, a.owner, ag.fmt_date(a.due_date), a.status.label, a.priority.label)
              for a in chosen),
    )  # fmt: skip

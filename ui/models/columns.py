"""The columns of every table in the app, declared once per DTO.

Display text is plain and short; ``sort`` always gives the real value (a date, minor units, a
number), so a column sorts by what it means, not by how it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from planner.domain import formatting as fmt
from planner.domain.enums import (
    ActionStatus,
    GoalStatus,
    HealthBand,
    LifecycleStage,
    OpportunityStatus,
    RiskStatus,
    Severity,
    UseCaseStatus,
)
from planner.domain.health import health_text
from planner.domain.money import format_minor
from planner.domain.text import shorten
from planner.services.accounts import StageChange
from planner.services.actions import ActionItem
from planner.services.interactions import Interaction
from planner.services.plans import Goal, Risk
from planner.services.portfolio import PortfolioRow
from planner.services.revenue import Opportunity, RevenueEvent
from planner.services.stakeholders import Stakeholder
from planner.services.surveys import SurveyResponse
from planner.services.use_cases import UseCase
from ui.models.table import EXTRA, KEY, RIGHT, Column, fmt_date
from ui.theme import semantic_colors
from ui.widgets.common import days_text

if TYPE_CHECKING:  # the dashboard's lists: its service is imported when the dashboard is
    from planner.services.dashboard import AtRiskAccount, OverdueAction, RenewalDue, SingleThreaded

Today = Callable[[], date]

SENTIMENT_TEXT = {
    2: "Very positive",
    1: "Positive",
    0: "Neutral",
    -1: "Negative",
    -2: "Very negative",
}


def sentiment_text(value: int | None) -> str:
    if value is None:
        return ""
    return f"{SENTIMENT_TEXT.get(value, str(value))} ({value:+d})" if value else "Neutral (0)"


def sentiment_color(value: int | None) -> QColor | None:
    if value is None or value == 0:
        return None
    c = semantic_colors()
    return c.good if value > 0 else c.bad


def band_color(band: HealthBand | None) -> QColor:
    return semantic_colors().band(band)


def _churned(r: PortfolioRow) -> bool:
    return r.stage is LifecycleStage.CHURNED


def whole_money(minor: int, currency: str) -> str:
    """An amount as a table shows it: ``$125,000`` (cents only when there are some)."""
    return fmt.money(minor, currency)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _bad_if(flag: bool) -> QColor | None:
    return semantic_colors().bad if flag else None


# --------------------------------------------------------------------------- accounts


def account_columns(_today: Today) -> tuple[Column[PortfolioRow], ...]:
    return (
        Column(
            "Account",
            lambda r: r.name,
            width=32,
            bold=lambda r: r.strategic,
            tooltip=lambda r: r.name + (" (strategic)" if r.strategic else ""),
            header_tip="Names in bold are strategic accounts",
            priority=KEY,
            min_width=18,
        ),
        Column(
            "Tier",
            lambda r: r.tier.label,
            sort=lambda r: list(type(r.tier)).index(r.tier),
            width=11,
            min_width=6,
            priority=EXTRA,
        ),
        Column(
            "Stage",
            lambda r: r.stage.label,
            sort=lambda r: list(type(r.stage)).index(r.stage),
            width=16,
            min_width=8,
        ),
        Column(
            "ARR",
            lambda r: whole_money(r.arr_minor, r.currency),
            sort=lambda r: r.arr_minor,
            align=RIGHT,
            width=14,
            priority=KEY,
        ),
        Column(
            "Renewal",
            lambda r: fmt_date(r.renewal_date),
            sort=lambda r: r.renewal_date,
            width=12,
            min_width=9,
            tooltip=lambda r: (
                days_text(r.days_to_renewal).capitalize() if r.days_to_renewal is not None else ""
            ),
        ),
        Column(
            "Renews",
            lambda r: days_text(r.days_to_renewal) if r.days_to_renewal is not None else "",
            sort=lambda r: r.days_to_renewal,
            width=12,
            foreground=lambda r: (
                semantic_colors().warning
                if r.days_to_renewal is not None and 0 <= r.days_to_renewal <= 90
                else None
            ),
            priority=EXTRA + 2,
        ),
        Column(
            "Health",
            lambda r: health_text(r.health_score, r.health_band, churned=_churned(r)),
            sort=lambda r: None if _churned(r) else r.health_score,
            decoration=lambda r: band_color(None if _churned(r) else r.health_band),
            tooltip=lambda r: "No health band: this account has churned." if _churned(r) else "",
            width=15,
            priority=KEY,
        ),
        Column(
            "Open",
            lambda r: str(r.open_actions),
            sort=lambda r: r.open_actions,
            align=RIGHT,
            width=6,
            header_tip="Open action items",
            priority=KEY,
        ),
        Column(
            "Overdue",
            lambda r: str(r.overdue_actions) if r.overdue_actions else "",
            sort=lambda r: r.overdue_actions,
            align=RIGHT,
            width=8,
            foreground=lambda r: _bad_if(r.overdue_actions > 0),
            header_tip="Open action items past their due date",
            priority=KEY,
        ),
        Column(
            "Goals",
            lambda r: f"{r.goals_achieved} / {r.goals_total}" if r.goals_total else "",
            sort=lambda r: r.goals_achieved / r.goals_total if r.goals_total else None,
            align=RIGHT,
            width=7,
            header_tip="Goals achieved / goals",
            priority=EXTRA + 1,
        ),
        Column(
            "Last touch",
            lambda r: fmt_date(r.last_interaction),
            sort=lambda r: r.last_interaction,
            width=12,
            header_tip="Date of the last call, meeting, email or note",
            priority=KEY,
        ),
        Column("Owner", lambda r: r.owner, width=16, min_width=10, priority=KEY),
        Column("Industry", lambda r: r.industry, width=18, min_width=8, priority=EXTRA + 3),
        Column("Region", lambda r: r.region, width=14, min_width=8, priority=EXTRA + 3),
    )


# --------------------------------------------------------------------------- dashboard lists


RENEWAL_COLUMNS: tuple[Column[RenewalDue], ...] = (
    Column("Account", lambda r: r.account_name, width=24, min_width=12),
    Column(
        "Renews",
        lambda r: days_text(r.days_to_renewal),
        sort=lambda r: r.days_to_renewal,
        width=11,
        tooltip=lambda r: fmt_date(r.renewal_date),
    ),
    Column(
        "ARR",
        lambda r: format_minor(r.arr_minor, r.currency, compact=True),
        sort=lambda r: r.arr_minor,
        align=RIGHT,
        width=9,
    ),
    Column(
        "Health",
        lambda r: health_text(r.health_score, r.health_band),
        sort=lambda r: r.health_score,
        decoration=lambda r: band_color(r.health_band),
        width=11,
    ),
)

OVERDUE_COLUMNS: tuple[Column[OverdueAction], ...] = (
    Column(
        "Action", lambda r: shorten(r.title, 80), width=26, tooltip=lambda r: r.title, min_width=14
    ),
    Column("Account", lambda r: r.account_name, width=18, min_width=10),
    Column(
        "Late",
        lambda r: f"{r.days_overdue} d",
        sort=lambda r: r.days_overdue,
        align=RIGHT,
        width=6,
        foreground=lambda _r: semantic_colors().bad,
        tooltip=lambda r: f"Was due {fmt_date(r.due_date)}",
    ),
)

AT_RISK_COLUMNS: tuple[Column[AtRiskAccount], ...] = (
    Column("Account", lambda r: r.account_name, width=24, min_width=12),
    Column(
        "Health",
        lambda r: health_text(r.health_score, r.health_band),
        sort=lambda r: r.health_score,
        decoration=lambda r: band_color(r.health_band),
        width=11,
    ),
    Column(
        "ARR",
        lambda r: format_minor(r.arr_minor, r.currency, compact=True),
        sort=lambda r: r.arr_minor,
        align=RIGHT,
        width=9,
    ),
    Column(
        "Renewal",
        lambda r: fmt_date(r.renewal_date),
        sort=lambda r: r.renewal_date,
        width=11,
        priority=EXTRA,
    ),
)

SINGLE_THREADED_COLUMNS: tuple[Column[SingleThreaded], ...] = (
    Column("Account", lambda r: r.account_name, width=22, min_width=12),
    Column(
        "Why",
        lambda r: "; ".join(r.flags),
        width=30,
        tooltip=lambda r: "\n".join(r.flags),
        min_width=12,
    ),
    Column(
        "ARR",
        lambda r: format_minor(r.arr_minor, r.currency, compact=True),
        sort=lambda r: r.arr_minor,
        align=RIGHT,
        width=9,
    ),
)


# --------------------------------------------------------------------------- success plan


def goal_status_color(status: GoalStatus) -> QColor | None:
    c = semantic_colors()
    return {
        GoalStatus.ON_TRACK: c.good,
        GoalStatus.ACHIEVED: c.good,
        GoalStatus.AT_RISK: c.warning,
        GoalStatus.OFF_TRACK: c.bad,
        GoalStatus.MISSED: c.bad,
    }.get(status)


def _progress_text(g: Goal) -> str:
    p = g.progress
    if p is None:
        return "not measured"
    unit = f" {g.unit}" if g.unit else ""
    return f"{p:.0%}  ({_num(g.current)}{unit} of {_num(g.target)}{unit})"


def goal_columns(today: Today) -> tuple[Column[Goal], ...]:
    return (
        Column(
            "Goal",
            lambda g: shorten(g.title, 120),
            width=30,
            tooltip=lambda g: g.title,
            min_width=18,
        ),
        Column(
            "Status",
            lambda g: g.status.label,
            sort=lambda g: list(GoalStatus).index(g.status),
            width=11,
            foreground=lambda g: goal_status_color(g.status),
            decoration=lambda g: goal_status_color(g.status),
        ),
        Column(
            "Progress",
            _progress_text,
            sort=lambda g: g.progress,
            width=40,
            min_width=16,
            progress=lambda g: g.progress,
            tooltip=lambda g: (
                f"Baseline {_num(g.baseline)}, now {_num(g.current)}, "
                f"target {_num(g.target)} {g.unit}".strip()
            ),
        ),
        Column("KPI", lambda g: g.kpi_name, width=18, min_width=8, priority=EXTRA + 1),
        Column(
            "Due",
            lambda g: fmt_date(g.due_date),
            sort=lambda g: g.due_date,
            width=12,
            foreground=lambda g: _bad_if(
                g.due_date is not None
                and g.due_date < today()
                and g.status not in (GoalStatus.ACHIEVED, GoalStatus.MISSED)
            ),
        ),
        Column(
            "Priority",
            lambda g: g.priority.label,
            sort=lambda g: list(type(g.priority)).index(g.priority),
            width=9,
            priority=EXTRA,
        ),
        Column("Owner", lambda g: g.owner_name, width=14, min_width=8, priority=EXTRA),
    )


def severity_color(severity: Severity) -> QColor | None:
    c = semantic_colors()
    return {Severity.CRITICAL: c.bad, Severity.HIGH: c.bad, Severity.MEDIUM: c.warning}.get(
        severity
    )


RISK_COLUMNS: tuple[Column[Risk], ...] = (
    Column(
        "Risk", lambda r: shorten(r.title, 120), width=28, tooltip=lambda r: r.title, min_width=16
    ),
    Column(
        "Severity",
        lambda r: r.severity.label,
        sort=lambda r: list(Severity).index(r.severity),
        width=9,
        foreground=lambda r: severity_color(r.severity),
        decoration=lambda r: severity_color(r.severity),
    ),
    Column(
        "Likelihood",
        lambda r: r.likelihood.label,
        sort=lambda r: list(type(r.likelihood)).index(r.likelihood),
        width=12,
        priority=EXTRA,
    ),
    Column(
        "Status",
        lambda r: r.status.label,
        sort=lambda r: list(RiskStatus).index(r.status),
        width=10,
    ),
    Column(
        "Mitigation",
        lambda r: shorten(r.mitigation, 160),
        width=40,
        tooltip=lambda r: r.mitigation,
        min_width=12,
    ),
    Column(
        "Raised",
        lambda r: fmt_date(r.raised_on),
        sort=lambda r: r.raised_on,
        width=12,
        priority=EXTRA + 1,
    ),
)


# --------------------------------------------------------------------------- people


def stakeholder_columns(today: Today) -> tuple[Column[Stakeholder], ...]:
    def stale(p: Stakeholder) -> bool:
        return p.last_contact is None or (today() - p.last_contact).days > 45

    return (
        Column(
            "Name",
            lambda p: p.name + (" (left)" if p.left_company else ""),
            width=20,
            foreground=lambda p: semantic_colors().muted if p.left_company else None,
        ),
        Column("Title", lambda p: p.job_title, width=22, min_width=10),
        Column(
            "Role",
            lambda p: p.role.label,
            sort=lambda p: list(type(p.role)).index(p.role),
            width=16,
        ),
        Column(
            "Influence",
            lambda p: "●" * p.influence + "○" * (5 - p.influence),
            sort=lambda p: p.influence,
            width=9,
            tooltip=lambda p: f"{p.influence} of 5",
            priority=EXTRA,
        ),
        Column(
            "Sentiment",
            lambda p: sentiment_text(p.sentiment),
            sort=lambda p: p.sentiment,
            width=14,
            foreground=lambda p: sentiment_color(p.sentiment),
            tooltip=lambda p: f"Since {fmt_date(p.sentiment_on)}" if p.sentiment_on else "",
        ),
        Column(
            "Last contact",
            lambda p: fmt_date(p.last_contact, "never"),
            sort=lambda p: p.last_contact,
            width=12,
            foreground=lambda p: (
                semantic_colors().warning if stale(p) and not p.left_company else None
            ),
        ),
        Column("Side", lambda p: p.side.label, width=9, priority=EXTRA + 1),
    )


USE_CASE_COLUMNS: tuple[Column[UseCase], ...] = (
    Column(
        "Use case",
        lambda u: shorten(u.title, 120),
        width=28,
        tooltip=lambda u: u.title,
        min_width=16,
    ),
    Column(
        "Status",
        lambda u: u.status.label,
        sort=lambda u: list(UseCaseStatus).index(u.status),
        width=11,
        foreground=lambda u: {
            UseCaseStatus.LIVE: semantic_colors().good,
            UseCaseStatus.AT_RISK: semantic_colors().bad,
        }.get(u.status),
    ),
    Column(
        "Adoption",
        lambda u: f"{u.adoption_pct} %",
        sort=lambda u: u.adoption_pct,
        progress=lambda u: u.adoption_pct / 100,
        width=16,
    ),
    Column("Go-live", lambda u: fmt_date(u.go_live), sort=lambda u: u.go_live, width=12),
    Column("Products", lambda u: u.products, width=18, min_width=8, priority=EXTRA),
    Column(
        "Value realised",
        lambda u: shorten(u.value_realised, 160),
        width=30,
        tooltip=lambda u: u.value_realised,
        min_width=12,
    ),
)


# --------------------------------------------------------------------------- actions


def action_columns(today: Today) -> tuple[Column[ActionItem], ...]:
    def overdue(a: ActionItem) -> bool:
        return a.is_overdue(today())

    def snoozed(a: ActionItem) -> bool:
        return a.snoozed_until is not None and a.snoozed_until > today() and a.status.is_open

    def due_text(a: ActionItem) -> str:
        if a.due_date is None:
            return ""
        if overdue(a):
            return f"{fmt_date(a.due_date)} ({(today() - a.due_date).days} d late)"
        return fmt_date(a.due_date)

    closed = (ActionStatus.DONE, ActionStatus.CANCELLED)
    return (
        Column(
            "Action",
            lambda a: shorten(a.title, 120),
            width=34,
            min_width=20,
            tooltip=lambda a: a.title,
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
            foreground=lambda a: semantic_colors().muted if a.status in closed else None,
        ),
        Column(
            "Due",
            due_text,
            sort=lambda a: a.due_date,
            width=18,
            foreground=lambda a: semantic_colors().bad if overdue(a) else None,
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
        ),
        Column(
            "Status",
            lambda a: a.status.label + (" (snoozed)" if snoozed(a) else ""),
            sort=lambda a: list(ActionStatus).index(a.status),
            width=14,
            tooltip=lambda a: f"Snoozed until {fmt_date(a.snoozed_until)}" if snoozed(a) else "",
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
        ),
        Column(
            "Priority",
            lambda a: a.priority.label,
            sort=lambda a: list(type(a.priority)).index(a.priority),
            width=9,
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
            priority=EXTRA,
        ),
        Column(
            "Owner",
            lambda a: a.owner_name,
            width=14,
            min_width=8,
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
        ),
        Column(
            "Type",
            lambda a: a.type.label,
            width=11,
            background=lambda a: semantic_colors().bad_tint if overdue(a) else None,
            priority=EXTRA + 1,
        ),
    )


# --------------------------------------------------------------------------- timeline, voice


INTERACTION_COLUMNS: tuple[Column[Interaction], ...] = (
    Column("Date", lambda i: fmt_date(i.occurred_on), sort=lambda i: i.occurred_on, width=12),
    Column(
        "Type",
        lambda i: i.type.label,
        width=10,
        foreground=lambda i: semantic_colors().bad if i.type.value == "escalation" else None,
    ),
    Column(
        "Subject",
        lambda i: shorten(i.subject, 120),
        width=34,
        tooltip=lambda i: i.subject,
        min_width=16,
    ),
    Column(
        "With",
        lambda i: ", ".join(i.attendee_names),
        width=24,
        tooltip=lambda i: "\n".join(i.attendee_names),
        min_width=10,
    ),
    Column(
        "Sentiment",
        lambda i: sentiment_text(i.sentiment),
        sort=lambda i: i.sentiment,
        width=14,
        foreground=lambda i: sentiment_color(i.sentiment),
        priority=EXTRA,
    ),
)


def response_columns(names: Callable[[str | None], str]) -> tuple[Column[SurveyResponse], ...]:
    def tone(r: SurveyResponse) -> QColor | None:
        c = semantic_colors()
        if r.kind.value == "nps":
            return c.good if r.score >= 9 else c.bad if r.score <= 6 else c.warning
        return c.good if r.score >= 4 else c.bad if r.score <= 2 else c.warning

    return (
        Column("Date", lambda r: fmt_date(r.responded_on), sort=lambda r: r.responded_on, width=12),
        Column("Survey", lambda r: r.kind.label, width=7),
        Column(
            "Score",
            lambda r: f"{r.score} / {r.kind.score_range[1]}",
            sort=lambda r: r.score,
            align=RIGHT,
            width=7,
            foreground=tone,
        ),
        Column("Respondent", lambda r: names(r.stakeholder_id), width=18, min_width=10),
        Column(
            "Comment",
            lambda r: shorten(r.comment, 200),
            width=44,
            tooltip=lambda r: r.comment,
            min_width=16,
        ),
        Column("Themes", lambda r: ", ".join(r.themes), width=18, min_width=8, priority=EXTRA),
    )


# --------------------------------------------------------------------------- expansion


OPPORTUNITY_COLUMNS: tuple[Column[Opportunity], ...] = (
    Column(
        "Opportunity",
        lambda o: shorten(o.title, 120),
        width=26,
        tooltip=lambda o: o.title,
        min_width=16,
    ),
    Column("Kind", lambda o: o.kind.label, width=10, priority=EXTRA),
    Column("Product", lambda o: o.product, width=16, min_width=8, priority=EXTRA + 1),
    Column(
        "Amount",
        lambda o: whole_money(o.amount_minor, o.currency),
        sort=lambda o: o.amount_minor,
        align=RIGHT,
        width=12,
    ),
    Column(
        "Stage",
        lambda o: o.stage.label,
        sort=lambda o: list(type(o.stage)).index(o.stage),
        width=11,
    ),
    Column(
        "Close",
        lambda o: fmt_date(o.closed_on or o.expected_close),
        sort=lambda o: o.closed_on or o.expected_close,
        width=12,
        header_tip="Expected close, or the day it closed",
    ),
    Column(
        "Status",
        lambda o: o.status.label,
        sort=lambda o: list(OpportunityStatus).index(o.status),
        width=8,
        foreground=lambda o: {
            OpportunityStatus.WON: semantic_colors().good,
            OpportunityStatus.LOST: semantic_colors().muted,
        }.get(o.status),
    ),
)

EVENT_COLUMNS: tuple[Column[RevenueEvent], ...] = (
    Column("Date", lambda e: fmt_date(e.occurred_on), sort=lambda e: e.occurred_on, width=12),
    Column("Kind", lambda e: e.kind.label, width=11),
    Column(
        "ARR change",
        lambda e: fmt.money_change(e.arr_delta_minor, e.currency),
        sort=lambda e: e.arr_delta_minor,
        align=RIGHT,
        width=14,
        foreground=lambda e: (
            semantic_colors().good
            if e.arr_delta_minor > 0
            else semantic_colors().bad
            if e.arr_delta_minor < 0
            else None
        ),
    ),
    Column(
        "Note", lambda e: shorten(e.note, 160), width=30, tooltip=lambda e: e.note, min_width=10
    ),
)

STAGE_COLUMNS: tuple[Column[StageChange], ...] = (
    Column("Stage", lambda s: s.stage.label, width=16),
    Column("Since", lambda s: fmt_date(s.changed_on), sort=lambda s: s.changed_on, width=12),
)

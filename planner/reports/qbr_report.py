"""The content of a QBR export, shared by every format (deck, PDF, Markdown, invite).

:func:`build_qbr_report` turns a QBR's inputs into the story an executive sponsor reads: a
title, an **executive summary** (value delivered, where each goal stands, what we ask today),
the agenda, then the agenda's sections as slides whose titles state their takeaway, the asks,
and an **appendix** with the detail tables. Every slide is plain data (:class:`Slide`); the
renderers only lay it out, and none of them reads a book or formats a figure: every number is
a text of :class:`planner.domain.qbr_figures.QbrFigures`, computed once for the QBR.

Two copies:

* the **customer copy** (the default everywhere) is built from the customer-safe inputs
  (:mod:`planner.reports.customer_safe`): outcomes only (goals, adoption, value, usage, the
  customer's own feedback);
* the **internal copy** (``internal=True``) adds our health score and what moved it, the
  stakeholder map, the pipeline and the internal notes, and every renderer marks it INTERNAL on
  every slide and page.

The storyline follows the account (:func:`planner.domain.qbr_figures.storyline`, decided on the
full facts): at risk, a path-to-green slide comes first and nothing is sold; churned, an exit
review (what was achieved, what we learned, the door left open) with no "next quarter"; new,
onboarding progress and time to value.

The main body stays within :func:`main_budget` slides (15 for a 60-minute QBR); what does not
fit moves to the appendix, lowest priority first. The internal copy's own slides (the renewal
forecast, the stakeholder map, the internal notes) are in :meth:`_Story.internal_slides`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal, Protocol

from planner.domain import agenda as ag
from planner.domain import formatting as fmt
from planner.domain import qbr_figures as qf
from planner.domain.enums import Side, StakeholderRole, SurveyKind, UseCaseStatus
from planner.reports.customer_safe import safe_facts, safe_inputs
from planner.reports.qbr_charts import Axis, Chart, ScatterPoint, Series

INTERNAL_MARK = "INTERNAL \u2013 not for the customer"
DATE_TO_AGREE = "Date to agree today"
"""A risk with no dated step to fix it (the date is one of the asks)."""
MERGE_ROWS = 4
"""A "what next" section with at most this many rows shares a slide with the others..."""
MERGE_TOTAL_ROWS = 5
"""...when together they have at most this many."""
MAIN_TABLE_ROWS = 7
"""Rows of a table on a main-body slide; the full table is in the appendix."""
TITLE_LIMIT = 110
VOICE_CLOSE = 20
"""NPS and CSAT this close (and this near 0) on one quarter: the voice chart goes below 0 so
the lower one's label, below its point, stays inside the plot."""
"""Titles longer than this drop their second clause (it goes to the bullets)."""


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


# --------------------------------------------------------------------------- the content


@dataclass(frozen=True, slots=True)
class Tile:
    """A key figure shown large: ``$412.3K`` / ``Value delivered`` / ``on 2 goals``."""

    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SummaryColumn:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    """One of the short sections a slide brings together: its heading, its table (or a line
    saying what to agree when it has no rows)."""

    heading: str
    table: ag.Table | None = None
    lines: tuple[str, ...] = ()


SlideKind = Literal["title", "summary", "agenda", "content", "section"]


@dataclass(frozen=True, slots=True)
class Slide:
    kind: SlideKind
    key: str
    """Stable name: ``summary``, ``goals``, ``value``, ``appendix:goals``..."""
    title: str
    """The takeaway, computed from the figures."""
    kicker: str = ""
    """A short line under the title: the agenda item and its time box."""
    section: str = ""
    tiles: tuple[Tile, ...] = ()
    bullets: tuple[str, ...] = ()
    table: ag.Table | None = None
    chart: Chart | None = None
    columns: tuple[SummaryColumn, ...] = ()
    panels: tuple[Panel, ...] = ()
    """Short sections shown side by side (see :class:`Panel`)."""
    footnote: str = ""
    notes: tuple[str, ...] = ()
    appendix: bool = False
    priority: int = 50
    """Higher stays in the main body longer when the deck is too long."""

    def texts(self) -> list[str]:
        """Every text the slide shows (notes included), for tests."""
        found = [self.title, self.kicker, self.footnote, *self.bullets, *self.notes]
        for tile in self.tiles:
            found += [tile.value, tile.label, tile.detail]
        for col in self.columns:
            found += [col.heading, *col.lines]
        if self.table is not None:
            found += [self.table.title, *self.table.headers]
            found += [cell for row in self.table.rows for cell in row]
        if self.chart is not None:
            found += list(self.chart.texts())
        for panel in self.panels:
            found += [panel.heading, *panel.lines]
            if panel.table is not None:
                found += [panel.table.title, *panel.table.headers]
                found += [cell for row in panel.table.rows for cell in row]
        return [t for t in found if t]


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
    takeaways: tuple[str, ...] = ()
    """The titles of this item's slides in the main body (what the item concludes)."""

    @property
    def time_box(self) -> str:
        """``0:05-0:15`` (with an en dash): when the item starts and ends in the meeting."""
        end = self.start_minute + self.minutes
        return f"{fmt.clock_minutes(self.start_minute)}{fmt.EN_DASH}{fmt.clock_minutes(end)}"


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
    internal: bool
    """The internal copy (marked INTERNAL everywhere); False: the customer copy."""
    storyline: qf.Storyline
    attendees: tuple[ag.PersonView, ...]
    items: tuple[ReportItem, ...]
    slides: tuple[Slide, ...]
    """The main body, then (from the slide titled "Appendix") the appendix."""
    figures: qf.QbrFigures
    inputs: ag.QbrInputs
    """The (filtered) inputs the slides were made from."""
    asks: tuple[str, ...] = ()
    internal_notes: str = ""
    """Empty in the customer copy."""

    @property
    def customer_safe(self) -> bool:
        return not self.internal

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    @property
    def period_text(self) -> str:
        return fmt.period(self.period_start, self.period_end)

    @property
    def subtitle(self) -> str:
        return f"{fmt.day(self.meeting_date)} \u00b7 {self.length_minutes} minutes"

    @property
    def main_slides(self) -> tuple[Slide, ...]:
        return tuple(s for s in self.slides if not s.appendix)

    @property
    def appendix_slides(self) -> tuple[Slide, ...]:
        return tuple(s for s in self.slides if s.appendix)

    @property
    def charts(self) -> list[Chart]:
        return [s.chart for s in self.slides if s.chart is not None]


NOTHING_TO_SHARE = "Nothing to share for this section yet."


def main_budget(length_minutes: int) -> int:
    """Slides in the main body (title to asks): 15 for a 60-minute QBR, about one per four
    minutes, at least 8."""
    return max(8, min(15, length_minutes // 4))


def build_qbr_report(
    inputs: ag.QbrInputs,
    saved_items: Sequence[AgendaItemLike] | None = None,
    *,
    internal: bool = False,
    qbr_id: str | None = None,
    forecast: qf.RenewalForecast | None = None,
) -> QbrReport:
    """The export content of a QBR. ``saved_items`` is its saved agenda (None: generate one).

    The customer copy unless ``internal``; ``forecast`` (the account's renewal forecast) is
    shown in the internal copy only."""
    story = qf.storyline(inputs.facts, inputs.meeting_date)
    shown = safe_inputs(inputs, customer_safe=not internal)
    figures = qf.compute(shown, story, arr_minor=inputs.facts.arr_on(qf.now_day(inputs)))
    agenda = ag.generate_agenda(shown, story)
    drafts: list[ReportItem] = []
    start = 0
    if saved_items is None:
        for n, draft in enumerate(agenda.items, 1):
            drafts.append(
                ReportItem(
                    n,
                    draft.section,
                    draft.title,
                    draft.minutes,
                    start,
                    draft.owner,
                    "",
                    draft.talking_points,
                )
            )
            start += draft.minutes
    else:
        for n, saved in enumerate(saved_items, 1):
            content = agenda.section(saved.section)
            if content is None:
                points = tuple(saved.talking_points)
            elif content.is_empty:
                points = (NOTHING_TO_SHARE,)
            else:
                points = content.points
            drafts.append(
                ReportItem(
                    n,
                    saved.section,
                    saved.title,
                    saved.minutes,
                    start,
                    saved.owner,
                    saved.notes,
                    points,
                )
            )
            start += saved.minutes
    writer = _Story(
        shown,
        figures,
        agenda,
        tuple(drafts),
        internal=internal,
        qbr_id=qbr_id,
        forecast=forecast if internal else None,
    )
    return writer.report()


# --------------------------------------------------------------------------- the story


def _cut(items: Sequence[str], limit: int) -> list[str]:
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} more")
    return shown


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def goal_count_text(goals: Sequence[qf.GoalFigure]) -> str:
    """Where the goals stand, in words that fit their state (lower case first):

    ``3 of 5 goals on track or achieved, 2 not started yet``; ``5 goals set; the first is due
    in June 2027`` (none started: not "to get back on track"); ``all 3 goals achieved``;
    ``both goals missed: to re-plan``; ``2 goals to get back on track``; one goal: ``the goal
    is on track``. Empty without goals."""
    total = len(goals)
    if not total:
        return ""
    counts = Counter(g.state for g in goals)
    achieved, on_track = counts[qf.GoalState.ACHIEVED], counts[qf.GoalState.ON_TRACK]
    not_started, missed = counts[qf.GoalState.NOT_STARTED], counts[qf.GoalState.MISSED]
    if not_started == total:
        dues = [g.goal.due_date for g in goals if g.goal.due_date is not None]
        first = f"{min(dues):%B %Y}" if dues else ""
        if total == 1:
            return "1 goal set" + (f", due in {first}" if first else "")
        return f"{total} goals set" + (f"; the first is due in {first}" if first else "")
    if total == 1:
        state = goals[0].state
        if state is qf.GoalState.MISSED:
            return "the goal was missed: to re-plan"
        return f"the goal is {state.label.lower()}"
    every = "both" if total == 2 else f"all {total}"
    if achieved == total:
        return f"{every} goals achieved"
    if missed == total:
        return f"{every} goals missed: to re-plan"
    good = achieved + on_track
    later = f", {not_started} not started yet" if not_started else ""
    if not good:
        return f"{fmt.plural(total - not_started, 'goal')} to get back on track{later}"
    return f"{good} of {fmt.plural(total, 'goal')} on track or achieved{later}"


def commitments_text(made: int, done: int, review: str) -> str:
    """``All 3 commitments from our 22 Sep 2026 review done``; ``Our commitment from the 22 Sep
    2026 review is done``; ``2 of 3 commitments ... done``; ``2 commitments ... still open``."""
    if made == 1:
        return f"Our commitment from the {review} review is " + ("done" if done else "still open")
    if done == made:
        return f"All {made} commitments from our {review} review done"
    if not done:
        return f"{made} commitments from our {review} review still open"
    return f"{done} of {made} commitments from our {review} review done"


def sides_text(theirs: int, ours: int) -> str:
    """Who holds the actions: ``all with your team``, ``all with our team``, ``3 with your
    team, 2 with ours``."""
    if theirs and not ours:
        return "all with your team" if theirs > 1 else "your team holds it"
    if ours and not theirs:
        return "all with our team" if ours > 1 else "our team holds it"
    if theirs and ours:
        return f"{theirs} with your team, {ours} with ours"
    return ""


def _and(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _join(first: str, second: str) -> str:
    """``first; second`` when that stays a readable title, else ``first``."""
    return f"{first}; {second}" if second and len(first) + len(second) + 2 <= TITLE_LIMIT else first


@dataclass
class _Story:
    inputs: ag.QbrInputs
    figures: qf.QbrFigures
    agenda: ag.Agenda
    items: tuple[ReportItem, ...]
    internal: bool
    qbr_id: str | None
    forecast: qf.RenewalForecast | None = None
    """Internal copy only."""
    appendix: list[Slide] = field(default_factory=list)
    spare_tiles: list[Tile] = field(default_factory=list)
    """Key figures of a slide left out (nothing else to say), for the next that has room."""

    @property
    def facts(self) -> ag.AccountFacts:
        return self.inputs.facts

    @property
    def story(self) -> qf.Storyline:
        return self.figures.storyline

    @property
    def name(self) -> str:
        return self.facts.account.name

    def report(self) -> QbrReport:
        main: list[Slide] = [self.title_slide(), self.summary_slide(), self.agenda_slide()]
        takeaways: dict[int, list[str]] = {}
        if self.story is qf.Storyline.AT_RISK:
            # Risks first, whatever the saved agenda's order, and never left out.
            risk_item = next((i for i in self.items if i.section == ag.RISKS), None)
            path = self.path_to_green(risk_item)
            main.append(path)
            if risk_item is not None:
                takeaways[risk_item.number] = [path.title]
        origin: dict[str, ReportItem] = {}
        for item in self.items:
            if item.number in takeaways:
                continue
            made = self.section_slides(item)
            takeaways[item.number] = [s.title for s in made]
            origin.update((s.key, item) for s in made)
            main.extend(made)
        main = self._merge_short(main, origin, takeaways)
        main = self._merge_achieved(main, takeaways)
        self.detail_tables()
        if self.internal:
            self.appendix.extend(self.internal_slides())
        main = self._fit(main)
        appendix = (
            [
                Slide(
                    "section",
                    "appendix",
                    "Appendix",
                    kicker="Details behind the slides",
                    appendix=True,
                )
            ]
            if self.appendix
            else []
        )
        appendix += [replace(s, appendix=True) for s in self.appendix]
        items = tuple(
            replace(
                i,
                takeaways=tuple(
                    t for t in takeaways.get(i.number, []) if any(t == s.title for s in main)
                ),
            )
            for i in self.items
        )
        inputs = self.inputs
        return QbrReport(
            qbr_id=self.qbr_id,
            title=inputs.title,
            account_name=self.name,
            owner=self.facts.account.owner,
            meeting_date=inputs.meeting_date,
            period_start=inputs.period_start,
            period_end=inputs.period_end,
            length_minutes=inputs.length_minutes,
            objectives=inputs.objectives,
            internal=self.internal,
            storyline=self.story,
            attendees=inputs.attendees,
            items=items,
            slides=(*main, *appendix),
            figures=self.figures,
            inputs=inputs,
            asks=ag.asks_of(inputs),
            internal_notes=inputs.notes if self.internal else "",
        )

    def _merge_short(
        self, main: list[Slide], origin: dict[str, ReportItem], takeaways: dict[int, list[str]]
    ) -> list[Slide]:
        """Short "what next" sections share one slide (a slide with a table of one or two
        rows looks unfinished): the mutual action plan, the goals for next quarter and, in
        the customer copy, where we can help next, each as a panel of one slide."""
        keys = ("plan", "next_goals") + (() if self.internal else ("roadmap",))
        parts = sorted(
            (s for s in main if s.key in keys and (s.table is not None or s.key == "plan")),
            key=lambda s: keys.index(s.key),
        )
        rows = [len(s.table.rows) if s.table is not None else 0 for s in parts]
        if (
            len(parts) < 2
            or any(s.footnote for s in parts)
            or max(rows) > MERGE_ROWS
            or sum(rows) > MERGE_TOTAL_ROWS
        ):
            return main
        f = self.figures
        pieces = []
        panels = []
        for s in parts:
            n = len(s.table.rows) if s.table is not None else 0
            if s.key == "plan":
                theirs = sum(1 for p in f.plan if p.action.owner_side is Side.CUSTOMER)
                ours = sum(1 for p in f.plan if p.action.owner_side is Side.INTERNAL)
                sides = sides_text(theirs, ours)
                if n:
                    piece = f"{fmt.plural(n, 'action')} to {fmt.day(f.horizon)}"
                    pieces.append(piece + (f" ({sides})" if sides else ""))
                else:
                    pieces.append("an action plan to agree")
                heading = "Who does what, by when" if n else "Mutual action plan"
            elif s.key == "next_goals":
                missed = sum(1 for g in self.next_goals() if g.missed)
                if missed == n:
                    pieces.append(f"{fmt.plural(n, 'missed goal')} to re-plan with a new date")
                else:
                    pieces.append(
                        f"{fmt.plural(n, 'goal')} to pursue"
                        + (f" ({missed} missed, to re-plan)" if missed else "")
                    )
                heading = "Goals for next quarter"
            else:
                pieces.append(f"{fmt.plural(n, 'idea')} to explore")
                heading = "Where we can help next"
            panels.append(Panel(heading, s.table if n else None, s.bullets))
        title = "Next quarter: " + _and(pieces)
        for n in range(len(pieces)):  # too long: the details in brackets go, first to last
            if len(title) <= TITLE_LIMIT:
                break
            pieces[n] = pieces[n].split(" (")[0]
            title = "Next quarter: " + _and(pieces)
        items = list(dict.fromkeys(origin[s.key] for s in parts if s.key in origin))
        kicker = ""
        if items:
            first, last = min(items, key=lambda i: i.number), max(items, key=lambda i: i.number)
            span = (
                f"{fmt.clock_minutes(first.start_minute)}{fmt.EN_DASH}"
                f"{fmt.clock_minutes(last.start_minute + last.minutes)}"
            )
            kicker = " \u00b7 ".join([*(i.title for i in items), span])
        notes: list[str] = []
        for s in parts:
            notes += s.notes
        merged = Slide(
            "content",
            "next_quarter",
            title,
            kicker=kicker,
            section=ag.NEXT_QUARTER,
            panels=tuple(panels),
            notes=tuple(dict.fromkeys(notes)),
            priority=max(s.priority for s in parts),
        )
        where = min(main.index(s) for s in parts)
        merged_titles = {s.title for s in parts}
        for number, titles in takeaways.items():
            if merged_titles & set(titles):
                kept = [t for t in titles if t not in merged_titles]
                takeaways[number] = [*kept, title]
        rest = [s for s in main if s not in parts]
        rest.insert(where, merged)
        return rest

    def _merge_achieved(self, main: list[Slide], takeaways: dict[int, list[str]]) -> list[Slide]:
        """An exit review with little to show: what was achieved goes beside the adoption
        chart, on one slide (not a slide of two lines)."""
        achieved = next((s for s in main if s.key == "achieved"), None)
        adoption = next((s for s in main if s.key == "adoption" and s.chart is not None), None)
        if achieved is None or adoption is None or achieved.tiles:
            return main
        if len(achieved.bullets) + len(adoption.bullets) > 4:
            return main
        best = max(self.figures.use_cases, key=lambda u: u.adoption)
        title = achieved.title
        if len(title) < TITLE_LIMIT - 30:
            title += f"; adoption reached {best.adoption_text} at best"
        merged = replace(
            adoption,
            key="achieved",
            title=title,
            kicker=achieved.kicker,
            section=achieved.section,
            bullets=achieved.bullets + adoption.bullets,
            notes=achieved.notes + adoption.notes,
            priority=achieved.priority,
        )
        gone = {achieved.title, adoption.title}
        for number, titles in takeaways.items():
            if gone & set(titles):
                takeaways[number] = [*(t for t in titles if t not in gone), title]
        where = main.index(achieved)
        rest = [s for s in main if s is not achieved and s is not adoption]
        rest.insert(where, merged)
        return rest

    def _fit(self, main: list[Slide]) -> list[Slide]:
        """Keep the main body within its budget: the lowest-priority slides move to the front
        of the appendix (in their order)."""
        budget = main_budget(self.inputs.length_minutes)
        moved: list[Slide] = []
        while len(main) > budget:
            candidates = [s for s in main if s.kind == "content"]
            if not candidates:
                break
            lowest = min(candidates, key=lambda s: (s.priority, -main.index(s)))
            main.remove(lowest)
            moved.append(lowest)
        order = {id(s): n for n, s in enumerate(moved)}
        self.appendix[:0] = sorted(moved, key=lambda s: order[id(s)])
        return main

    # ----------------------------------------------------------------- opening
    def title_slide(self) -> Slide:
        inputs = self.inputs
        covered = fmt.period(inputs.period_start, inputs.period_end)
        lines = [self.name, self.report_subtitle(), f"Period covered: {covered}"]
        kicker = "Exit review" if self.story is qf.Storyline.CHURNED else ""
        return Slide(
            "title",
            "title",
            inputs.title,
            kicker=kicker,
            bullets=tuple(lines),
            notes=self._title_notes(),
        )

    def report_subtitle(self) -> str:
        return f"{fmt.day(self.inputs.meeting_date)} \u00b7 {self.inputs.length_minutes} minutes"

    def _title_notes(self) -> tuple[str, ...]:
        notes = [f"{self.inputs.title} with {self.name}."]
        if self.inputs.objectives.strip():
            notes.append(f"Purpose: {self.inputs.objectives.strip()}")
        if self.internal and self.inputs.notes.strip():
            notes.append(f"Internal notes: {self.inputs.notes.strip()}")
        return tuple(notes)

    def summary_slide(self) -> Slide:
        f = self.figures
        goals = f.goals
        value = self.value_lines()
        standing = [f"{g.name}: {self.goal_standing(g)}" for g in goals]
        asks = list(self.asks_or_defaults())
        if self.story is qf.Storyline.CHURNED:
            title = self.achieved_text() + "; what we learned, and how we stay in touch"
            columns = (
                SummaryColumn("What we achieved", tuple(value[:4])),
                SummaryColumn("Where each goal ended", tuple(_cut(standing, 5))),
                SummaryColumn("The door stays open", tuple(asks[:4])),
            )
        else:
            if self.story is qf.Storyline.AT_RISK:
                risks = qf.open_risks(self.facts)
                title = f"Our path to green: {fmt.plural(len(risks), 'issue')} to fix together"
                title = _join(title, goal_count_text(goals))
            elif self.story is qf.Storyline.NEW:
                days = f.days_since_start
                if f.value_leads and days:
                    title = f"{f.delivered_text} of value in our first {fmt.days(days)}"
                    title = _join(title, _lower_first(self.live_text()))
                else:
                    title = self.new_summary_title()
            elif f.value_leads:
                title = f"{f.delivered_text} of value delivered so far"
                title = _join(title, goal_count_text(goals))
            elif goals and f.delivered_minor:  # the outcomes lead; the value says its scope
                title = _join(_upper_first(goal_count_text(goals)), self.value_line())
            elif goals:
                title = self.goals_headline(count_first=True)
            else:
                title = "Where we stand, and what we ask of you today"
            columns = (
                SummaryColumn(
                    "Value delivered" if f.value_leads else "Results so far", tuple(value[:4])
                ),
                SummaryColumn("Where each goal stands", tuple(_cut(standing, 5))),
                SummaryColumn("What we ask today", tuple(asks[:4])),
            )
        notes = ["Executive summary: the three things to leave the room with."]
        notes += [f"{c.heading}: " + "; ".join(c.lines) for c in columns if c.lines]
        return Slide(
            "summary",
            "summary",
            title,
            kicker="Executive summary",
            columns=columns,
            notes=tuple(notes),
        )

    def goals_headline(self, *, count_first: bool = False) -> str:
        """Where the goals stand, led by the goal that moved most (when any has started):
        ``Depots live ... against a 13 depots target; 3 of 5 goals on track or achieved``."""
        f = self.figures
        count = goal_count_text(f.goals)
        lead = f.lead_goal
        started = [g for g in f.goals if g.state is not qf.GoalState.NOT_STARTED]
        if lead is None or not started or lead.state is qf.GoalState.NOT_STARTED:
            return _upper_first(count)
        if len(f.goals) == 1:
            return lead.headline  # the one goal's takeaway says where it stands
        if count_first:
            return _join(_upper_first(count), _lower_first(lead.headline))
        return _join(lead.headline, count)

    def goal_standing(self, g: qf.GoalFigure) -> str:
        if g.state is qf.GoalState.ACHIEVED:
            return "achieved"
        if g.missed and self.story is qf.Storyline.CHURNED:
            return "not reached" + (f", {g.progress_text} of the way" if g.progress else "")
        if g.missed:
            return "missed, to re-plan"
        if g.state is qf.GoalState.NOT_STARTED:
            due = g.goal.due_date
            return "not started yet" + (f", due {fmt.day(due)}" if due else "")
        text = g.state.label.lower()
        if g.progress is not None:
            text += f", {g.progress_text} of the way"
        return text

    def within_reach_text(self) -> str:
        """``Up to $28.3K a year when the route planning effort target is met`` (nothing is
        delivered yet: say what is within reach, never "$0")."""
        f = self.figures
        open_gaps = [g for g in f.valued_goals if g.gap_minor]
        if len(open_gaps) == 1:
            when = f"when the {_lower_first(open_gaps[0].name)} target is met"
        else:
            when = "when the targets are met"
        return f"Up to {f.gap_text} {when}"

    def value_line(self) -> str:
        """``$14.9K a year of value from the 2 goals with a value set``: the value delivered,
        saying what it covers (goals without a worth per unit are not in it)."""
        f = self.figures
        return f"{f.delivered_text} of value {f.value_scope}"

    def value_lines(self) -> list[str]:
        """The summary's results: the value delivered first when it leads the story, else
        after the outcomes achieved (a small priced value never leads a thriving account)."""
        f = self.figures
        moved = sorted(  # goals that moved toward their target (never one that got worse)
            (g for g in f.goals if g.change_pct and g.progress),
            key=lambda g: -(g.delivered_minor or 0),
        )[:2]
        moves = [
            f"{g.name}: {g.baseline_text} \u2192 {g.current_text} (target {g.target_text})"
            for g in moved
        ]
        achieved = [g for g in f.goals if g.state is qf.GoalState.ACHIEVED]
        outcomes = [f"{fmt.plural(len(achieved), 'goal')} achieved"] if achieved else []
        if f.value_leads:
            lines = [self.value_line(), *moves, *outcomes]
        elif f.delivered_minor:
            lines = [*outcomes, self.value_line(), *moves]
        elif f.gap_minor and self.story is not qf.Storyline.CHURNED:
            lines = [self.within_reach_text(), *moves, *outcomes]
        else:
            lines = [*moves, *outcomes]
        if f.in_use:
            lines.append(f"{self.live_text()}, adoption {f.adoption_text}")
        elif self.story is qf.Storyline.CHURNED:
            lines += [
                f"{u.title}: live from {fmt.day(u.go_live)}, adoption {u.adoption_text} at best"
                for u in f.use_cases
                if u.go_live is not None and u.go_live <= self.facts.as_of
            ][:2]
        if self.story is qf.Storyline.NEW and f.time_to_value_days is not None:
            lines.append(f"First value {fmt.days(f.time_to_value_days)} after the start")
        realised = [u for u in f.use_cases if u.value_text.strip()]
        lines.extend(f"{u.title}: {u.value_text}" for u in realised[:2])
        if not lines:
            lines.append(
                "No measured results were recorded."
                if self.story is qf.Storyline.CHURNED
                else "No measured results recorded yet: agree how we will measure value."
            )
        return lines

    def asks_or_defaults(self) -> tuple[str, ...]:
        asks = ag.asks_of(self.inputs)
        f = self.figures
        if self.story is qf.Storyline.CHURNED:
            owner = self.facts.account.owner
            found = list(asks)
            if owner:
                found.append(f"{owner} stays your contact")
            found.append("Tell us what would bring you back")
            return tuple(found)
        dates = tuple(
            f"Agree a date to fix: {r.title.rstrip('.')}" for r in self.undated_risks()[:2]
        )
        if asks:
            return asks + dates
        found = list(dates)
        if self.story is qf.Storyline.AT_RISK:
            found.append("Agree owners and dates for each step of the path to green")
        if f.renewal_days is not None and f.renewal_days <= ag.RENEWAL_HORIZON_DAYS:
            found.append(
                f"Agree the renewal timeline (renewal on "
                f"{fmt.day(self.facts.account.renewal_date)})"
            )
        if f.plan:
            found.append(
                f"Confirm the action plan: {fmt.plural(len(f.plan), 'action')} to "
                f"{fmt.day(f.horizon)}"
            )
        missed = [g for g in f.goals if g.missed]
        if missed:
            found.append(f"Re-plan {fmt.plural(len(missed), 'missed goal')} with new dates")
        found.append(f"Agree the date of our next review (around {fmt.day(f.next_review)})")
        return tuple(found)

    def agenda_slide(self) -> Slide:
        inputs = self.inputs
        rows = tuple(
            (str(i.number), i.title, i.time_box, fmt.count(i.minutes), i.owner) for i in self.items
        )
        table = ag.Table(
            f"Agenda ({fmt.count(sum(i.minutes for i in self.items))} minutes)",
            (
                ag.Column("#", 0.3, numeric=True),
                ag.Column("Item", 3.6),
                ag.Column("Time", 0.9),
                ag.Column("Minutes", 0.7, numeric=True),
                ag.Column("Lead", 1.4),
            ),
            rows,
        )
        bullets = []
        purpose = inputs.objectives.strip()
        if purpose:
            bullets.append(f"Purpose: {purpose}")
        attendees = inputs.attendees
        theirs = [p.label for p in attendees if p.side is Side.CUSTOMER]
        ours = [p.label for p in attendees if p.side is Side.INTERNAL]
        if theirs:
            bullets.append(f"From {self.name}: " + "; ".join(_cut(theirs, 5)))
        if ours:
            bullets.append("From our team: " + "; ".join(_cut(ours, 4)))
        title = (
            f"Today: {purpose}"
            if purpose
            else (
                f"Agenda: {fmt.count(inputs.length_minutes)} minutes, "
                f"{fmt.plural(len(self.items), 'topic')}"
            )
        )
        if len(title) > TITLE_LIMIT:
            title = f"Agenda: {fmt.count(inputs.length_minutes)} minutes"
        notes = [
            f"{i.number}. {i.title} ({i.time_box}): {i.owner}".rstrip(": ") for i in self.items
        ]
        return Slide(
            "agenda",
            "agenda",
            title,
            kicker="Agenda",
            bullets=tuple(bullets),
            table=table,
            notes=tuple(notes),
        )

    # ----------------------------------------------------------------- sections
    def _kicker(self, item: ReportItem | None) -> str:
        if item is None:
            return ""
        return f"{item.title} \u00b7 {item.time_box}"

    def _notes(self, item: ReportItem | None, *extra: str) -> tuple[str, ...]:
        notes = list(extra)
        if item is not None:
            notes.append(
                f"{item.number}. {item.title}: {fmt.count(item.minutes)} minutes "
                f"({item.time_box})" + (f", led by {item.owner}" if item.owner else "") + "."
            )
            notes += [f"\u2022 {p}" for p in item.talking_points]
            if item.notes.strip():
                notes.append(f"Notes: {item.notes.strip()}")
        return tuple(notes)

    def section_slides(self, item: ReportItem) -> list[Slide]:
        key = item.section
        makers = {
            ag.OBJECTIVES: self.objectives_slides,
            ag.SINCE_LAST: self.since_slides,
            ag.HEALTH: self.adoption_slides,
            ag.GOALS: self.goal_slides,
            ag.RISKS: self.risk_slides,
            ag.VOICE: self.voice_slides,
            ag.ROADMAP: self.roadmap_slides,
            ag.NEXT_QUARTER: self.next_quarter_slides,
            ag.NEXT_STEPS: self.asks_slides,
        }
        maker = makers.get(key)
        if maker is None:
            return [self.custom_slide(item)]
        return maker(item)

    def objectives_slides(self, _item: ReportItem) -> list[Slide]:
        """Purpose and attendees are on the agenda slide; the internal copy's stakeholder map
        goes to the appendix."""
        return []

    def custom_slide(self, item: ReportItem) -> Slide:
        points = tuple(p for p in item.talking_points if p.strip())
        if item.notes.strip():
            points += (item.notes.strip(),)
        return Slide(
            "content",
            f"custom:{item.number}",
            item.title,
            kicker=self._kicker(item),
            section=item.section,
            bullets=points or (NOTHING_TO_SHARE,),
            notes=self._notes(item),
            priority=20,
        )

    def since_slides(self, item: ReportItem) -> list[Slide]:
        if self.story is qf.Storyline.CHURNED:
            return [self.achieved_slide(item)]
        f = self.figures
        prev = self.inputs.previous
        wins = self.wins()
        if prev is not None and f.commitments_made:
            title = commitments_text(
                f.commitments_made, f.commitments_done, fmt.day(prev.meeting_date)
            )
            if wins:
                title = _join(title, f"{fmt.plural(len(wins), 'win')} since")
        elif wins:
            title = f"{fmt.plural(len(wins), 'win')} since {fmt.day(f.reference_date)}"
        elif prev is not None:
            title = f"Since our {fmt.day(prev.meeting_date)} review"
        else:
            title = "Our first business review together"
        bullets = [f"{kind}: {name} ({fmt.day(day)})" for kind, name, day in wins[:5]]
        comparison = self.agenda.since_last
        if comparison.joined and prev is not None:  # at a first review everyone is new
            bullets.append("New faces: " + "; ".join(_cut([p.label for p in comparison.joined], 3)))
        if comparison.left:
            bullets.append(
                "Left the company: " + "; ".join(_cut([p.label for p in comparison.left], 3))
            )
        if prev is not None and prev.decisions.strip():
            bullets.append(f"Decided then: {prev.decisions.strip()}")
        table = self.commitments_table()
        tiles: tuple[Tile, ...] = ()
        if self.internal and f.arr_now:
            tiles = (
                Tile(
                    f.money(f.arr_now, compact=True),
                    "ARR now",
                    (
                        f"{fmt.money_change(f.arr_now - f.arr_then, f.currency, compact=True)}"
                        if f.arr_now != f.arr_then
                        else "unchanged"
                    )
                    + f" since {fmt.day(f.reference_date)}",
                ),
            )
        main_table = _head(table, MAIN_TABLE_ROWS) if table else None
        if not bullets and main_table is None:
            # a first review with nothing since: no slide saying so (the ARR goes beside
            # the health score)
            self.spare_tiles.extend(tiles)
            return []
        return [
            Slide(
                "content",
                "since_last",
                title,
                kicker=self._kicker(item),
                section=item.section,
                tiles=tiles,
                bullets=tuple(bullets),
                table=main_table,
                notes=self._notes(item),
                priority=60,
                footnote=_more(table, MAIN_TABLE_ROWS),
            )
        ]

    def wins(self) -> list[tuple[str, str, date]]:
        facts, inputs = self.facts, self.inputs

        def inside(day: date | None) -> bool:
            return day is not None and inputs.period_start <= day <= inputs.period_end

        wins = [
            ("Goal achieved", g.title, g.achieved_on)
            for g in facts.goals
            if g.achieved_on is not None and g.status.value == "achieved" and inside(g.achieved_on)
        ]
        wins += [
            ("Use case live", u.title, u.go_live)
            for u in facts.use_cases
            if u.go_live is not None and u.status is UseCaseStatus.LIVE and inside(u.go_live)
        ]
        wins += [
            ("Expansion", o.title, o.closed_on)
            for o in facts.opportunities
            if o.closed_on is not None and o.status.value == "won" and inside(o.closed_on)
        ]
        return sorted(((k, n, d) for k, n, d in wins if d is not None), key=lambda w: w[2])

    def commitments_table(self) -> ag.Table | None:
        prev = self.inputs.previous
        if prev is None:
            return None
        promised = [a for a in self.facts.actions if a.qbr_id == prev.id]
        if not promised:
            return None
        return ag.Table(
            f"Commitments from our {fmt.day(prev.meeting_date)} review",
            (
                ag.Column("Commitment", 2.6),
                ag.Column("Owner", 1.1),
                ag.Column("Due", 0.8),
                ag.Column("Status", 0.9),
            ),
            tuple(
                (
                    a.title,
                    a.owner or "Owner to agree",
                    fmt.day(a.due_date),
                    qf.action_status_text(a, self.facts.as_of, self.inputs.meeting_date),
                )
                for a in promised
            ),
        )

    def achieved_parts(self) -> list[tuple[str, str]]:
        """What an exit review can say was achieved, as (verb phrase, noun phrase): goals
        reached, value delivered, else use cases put live (never "0 goals")."""
        f = self.figures
        achieved = sum(1 for g in f.goals if g.state is qf.GoalState.ACHIEVED)
        parts = []
        if achieved:
            goals = fmt.plural(achieved, "goal")
            parts.append((f"reached {goals}", f"{goals} reached"))
        if f.delivered_minor:
            parts.append((f"delivered {f.delivered_text} of value", f"{f.delivered_text} of value"))
        went_live = sum(1 for u in f.use_cases if u.go_live is not None)
        if not parts and went_live:
            cases = fmt.plural(went_live, "use case")
            parts.append((f"put {cases} live", f"{cases} put live"))
        return parts

    def achieved_text(self) -> str:
        parts = self.achieved_parts()
        if not parts:
            return "What we built together"
        return "Together we " + " and ".join(verb for verb, _ in parts)

    def achieved_slide(self, item: ReportItem) -> Slide:
        f = self.figures
        achieved = [g for g in f.goals if g.state is qf.GoalState.ACHIEVED]
        nouns = [noun for _, noun in self.achieved_parts()]
        title = "What we achieved together" + (": " + " and ".join(nouns) if nouns else "")
        bullets = [f"Goal achieved: {g.headline}" for g in achieved[:4]]
        bullets += [
            f"{g.name}: {g.baseline_text} \u2192 {g.current_text}"
            + (f", worth {g.delivered_text}" if g.delivered_minor else "")
            for g in f.goals
            if g.state is not qf.GoalState.ACHIEVED and g.change_pct and g.progress
        ][:3]
        bullets += [f"{u.title}: {u.value_text}" for u in f.use_cases if u.value_text.strip()][:3]
        bullets += [
            f"{u.title}: live from {fmt.day(u.go_live)}"
            for u in f.use_cases
            if u.go_live is not None and not u.value_text.strip()
        ][:3]
        tiles = []
        if f.delivered_minor:
            tiles.append(
                Tile(
                    f.delivered_text,
                    "Value delivered",
                    f"from {fmt.plural(len([g for g in f.goals if g.valued]), 'goal')}",
                )
            )
        if f.in_use:
            tiles.append(
                Tile(f.adoption_text, "Adoption at the end", f"{fmt.plural(f.in_use, 'use case')}")
            )
        if not bullets:
            bullets = ["No goal was reached and no use case went live."]
        return Slide(
            "content",
            "achieved",
            title,
            kicker=self._kicker(item),
            section=item.section,
            tiles=tuple(tiles),
            bullets=tuple(bullets),
            notes=self._notes(item),
            priority=90,
        )

    def live_text(self) -> str:
        """``2 of 3 use cases live``; ``3 use cases onboarding, none live yet``."""
        f = self.figures
        total = len(f.use_cases)
        if not total:
            return "Onboarding"
        if not f.live:
            return f"{fmt.plural(total, 'use case')} onboarding, none live yet"
        return f"{f.live} of {fmt.plural(total, 'use case')} live"

    def new_summary_title(self) -> str:
        """``Day 15 of our work together: 2 use cases onboarding and 5 goals set`` (the
        onboarding slide says the rest)."""
        f = self.figures
        parts = []
        if f.use_cases:
            parts.append(
                f"{f.live} of {fmt.plural(len(f.use_cases), 'use case')} live"
                if f.live
                else f"{fmt.plural(len(f.use_cases), 'use case')} onboarding"
            )
        if f.goals:
            started = any(g.state is not qf.GoalState.NOT_STARTED for g in f.goals)
            parts.append(
                goal_count_text(f.goals) if started else f"{fmt.plural(len(f.goals), 'goal')} set"
            )
        days = f.days_since_start
        head = (
            f"Day {fmt.count(days)} of our work together"
            if days is not None
            else "Getting started together"
        )
        return f"{head}: {_and(parts)}" if parts else head

    def onboarding_title(self) -> str:
        f = self.figures
        title = self.live_text()
        if f.time_to_value_days is not None:
            return _join(title, f"first value {fmt.days(f.time_to_value_days)} after the start")
        if f.days_since_start is not None:
            return _join(title, f"day {fmt.count(f.days_since_start)} since the start")
        return title

    def adoption_slides(self, item: ReportItem) -> list[Slide]:
        f = self.figures
        slides = []
        if self.internal and f.health is not None:
            slides.append(self.health_slide(item))
        if not f.use_cases:
            return slides
        chart = self.adoption_chart()
        realised = [f"{u.title}: {u.value_text}" for u in f.use_cases if u.value_text.strip()]
        tiles: list[Tile] = []
        if self.story is qf.Storyline.NEW:
            realised += [  # where each use case is on its way to go-live
                f"{u.title}: {u.status_label.lower()}"
                + (f", go-live {fmt.day(u.go_live)}" if u.go_live else ", go-live to plan")
                for u in f.use_cases
                if not u.value_text.strip()
            ]
            title = self.onboarding_title()
            if f.days_since_start is not None:
                tiles.append(
                    Tile(
                        fmt.count(f.days_since_start),
                        "Days since the start",
                        fmt.day(self.facts.account.contract_start),
                    )
                )
            if f.time_to_value_days is not None:
                tiles.append(
                    Tile(
                        fmt.days(f.time_to_value_days),
                        "Time to first value",
                        fmt.day(f.first_value_on),
                    )
                )
            rows = tuple(
                (u.title, u.status_label, fmt.day(u.go_live, "To plan"), u.adoption_text)
                for u in f.use_cases
            )
            table = ag.Table(
                "Use cases",
                (
                    ag.Column("Use case", 2.2),
                    ag.Column("Status", 0.9),
                    ag.Column("Go-live", 0.9),
                    ag.Column("Adoption", 0.7, numeric=True),
                ),
                rows,
            )
            slides.append(
                Slide(
                    "content",
                    "onboarding",
                    title,
                    kicker=self._kicker(item),
                    section=item.section,
                    tiles=tuple(tiles),
                    chart=chart,
                    bullets=tuple(realised[:3]),
                    notes=self._notes(item),
                    priority=85,
                )
            )
            self.appendix.append(
                Slide("content", "appendix:onboarding", "Onboarding: use cases", table=table)
            )
            return slides
        if f.in_use:
            title = (
                f"{fmt.plural(f.live, 'use case')} live, adoption averages {f.adoption_text}"
                if f.live == f.in_use
                else f"Adoption averages {f.adoption_text} across "
                f"{fmt.plural(f.in_use, 'use case')} in use, {f.live} live"
            )
            in_use = [u for u in f.use_cases if u.status_label in ("Live", "Onboarding", "At risk")]
            low = min(in_use, key=lambda u: u.adoption) if in_use else None
            if low is not None and low.adoption < 40:
                title = _join(title, f"{low.title} is at {low.adoption_text}")
        else:
            title = f"{fmt.plural(len(f.use_cases), 'use case')} planned, none in use yet"
        if self.story is qf.Storyline.CHURNED:
            best = max(f.use_cases, key=lambda u: u.adoption)
            title = (
                f"Adoption reached {best.adoption_text} at best ({best.title}) across "
                f"{fmt.plural(len(f.use_cases), 'use case')}"
            )
        slides.append(
            Slide(
                "content",
                "adoption",
                title,
                kicker=self._kicker(item),
                section=item.section,
                chart=chart,
                bullets=tuple(realised[:4]),
                notes=self._notes(item),
                priority=70,
            )
        )
        return slides

    def health_slide(self, item: ReportItem) -> Slide:
        """Internal copy only: our health score, its trend and what moved it."""
        f = self.figures
        health = f.health
        assert health is not None
        tiles = [
            Tile(
                str(health.now), f"Health ({health.band.label.lower()})", f"on {fmt.day(health.on)}"
            )
        ]
        bullets = []
        if health.computed is not None:
            tiles.append(Tile(str(health.computed), "Computed score", "before the override"))
            bullets.append(
                f"Adjusted by hand from {health.computed} to {health.now}"
                + (f": {health.override_reason}" if health.override_reason else ".")
            )
        if f.last_interaction is not None and f.days_since_interaction is not None:
            tiles.append(
                Tile(
                    fmt.day(f.last_interaction),
                    "Last interaction",
                    f"{fmt.days(f.days_since_interaction)} before this review",
                )
            )
        tiles += self.spare_tiles[: max(0, 3 - len(tiles))]
        moves = sorted((x for x in health.factors if x.change), key=lambda x: -abs(x.change or 0))
        bullets += [f"{x.label}: {fmt.signed(x.change)} points" for x in moves[:4]]
        if not moves:  # nothing to compare with yet: what the score is made of
            top = sorted(health.factors, key=lambda x: -x.points_now)[:4]
            bullets += [f"{x.label}: {fmt.plural(x.points_now, 'point')}" for x in top]
        chart = None
        if len(health.trend) >= 2:
            chart = Chart(
                "date_line",
                "Health score over time",
                dates=tuple(d for d, _ in health.trend),
                series=(
                    Series(
                        "Health score",
                        tuple(float(s) for _, s in health.trend),
                        tuple(
                            str(s) if n in (0, len(health.trend) - 1) else ""
                            for n, (_, s) in enumerate(health.trend)
                        ),
                    ),
                ),
                value_axis=Axis("Score", 0, 100, "0", major_unit=25),
                x_axis=_date_ticks([d for d, _ in health.trend]),
            )
        self.appendix.append(self.factor_slide(health))
        return Slide(
            "content",
            "health",
            health.headline,
            kicker=self._kicker(item),
            section=item.section,
            tiles=tuple(tiles[:3]),
            bullets=tuple(bullets),
            chart=chart,
            notes=self._notes(item),
            priority=65,
        )

    def factor_slide(self, health: qf.HealthFigures) -> Slide:
        rows = tuple(
            (
                x.label,
                fmt.count(x.points_now),
                fmt.signed(x.change) if x.change is not None else fmt.NONE,
            )
            for x in health.factors
        )
        total = sum(x.points_now for x in health.factors)
        change = (
            sum(x.change or 0 for x in health.factors)
            if any(x.change is not None for x in health.factors)
            else None
        )
        rows += (
            ("Total", fmt.count(total), fmt.signed(change) if change is not None else fmt.NONE),
        )
        table = ag.Table(
            "What makes up the health score",
            (
                ag.Column("Factor", 2.0),
                ag.Column("Points now", 0.8, numeric=True),
                ag.Column("Change", 0.8, numeric=True),
            ),
            rows,
        )
        title = f"What makes up the health score ({fmt.count(total)} computed)"
        return Slide("content", "appendix:health", title, table=table)

    def adoption_chart(self) -> Chart | None:
        cases = self.figures.use_cases
        if not cases:
            return None
        return Chart(
            "bar",
            "Adoption by use case",
            categories=tuple(u.title for u in cases[:10]),
            series=(
                Series(
                    "Adoption",
                    tuple(float(u.adoption) for u in cases[:10]),
                    tuple(u.adoption_text for u in cases[:10]),
                ),
            ),
            value_axis=Axis(
                "", 0, 100, '0"%"', ((0, "0%"), (50, "50%"), (100, "100%")), major_unit=25
            ),
        )

    def goal_chart(self) -> Chart | None:
        """Each goal's progress from baseline to target; None when no goal has moved (a chart
        where every bar is 0% says nothing)."""
        goals = [g for g in self.figures.goals if g.progress is not None]
        if not any(g.progress or g.state is qf.GoalState.ACHIEVED for g in goals):
            return None
        goals = goals[:10]
        labels = tuple(
            "Achieved"
            if g.state is qf.GoalState.ACHIEVED
            else ("Missed, " + g.progress_text)
            if g.missed and self.story is not qf.Storyline.CHURNED
            else g.progress_text
            for g in goals
        )
        return Chart(
            "bar",
            "Progress from baseline to target",
            categories=tuple(g.name for g in goals),
            series=(Series("Progress", tuple(float(g.progress or 0) for g in goals), labels),),
            value_axis=Axis(
                "% of the way to target",
                0,
                100,
                '0"%"',
                ((0, "0%"), (50, "50%"), (100, "100%")),
                major_unit=25,
            ),
        )

    def goal_list_table(self) -> ag.Table:
        """The goals as a compact list (when none has moved yet)."""
        ended = self.story is qf.Storyline.CHURNED
        return ag.Table(
            "The goals",
            (
                ag.Column("Goal", 2.2),
                ag.Column("Baseline", 0.8, numeric=True),
                ag.Column("At the end" if ended else "Now", 0.8, numeric=True),
                ag.Column("Target", 0.8, numeric=True),
                ag.Column("Status", 1.5),
            ),
            tuple(
                (g.name, g.baseline_text, g.current_text, g.target_text, g.status_text)
                for g in self.figures.goals
            ),
        )

    def goal_slides(self, item: ReportItem) -> list[Slide]:
        f = self.figures
        if not f.goals:
            return []
        counts = f.goal_counts()
        lead = f.lead_goal
        title = self.goals_headline()
        if self.story is qf.Storyline.CHURNED:
            reached = counts[qf.GoalState.ACHIEVED]
            total = len(f.goals)
            if total == 1:
                ended = "the goal was " + ("reached" if reached else "not reached")
            elif reached == total:
                ended = f"all {total} goals reached"
            elif not reached:
                ended = f"none of the {total} goals was reached"
            else:
                ended = f"{reached} of {total} goals reached"
            title = f"Where we ended: {ended}"
            if lead is not None and lead.change_pct:
                title = _join(title, _lower_first(lead.headline))
        chart = self.goal_chart()
        table = None
        bullets = [f"{g.name}: {g.status_text}" for g in f.goals]
        if chart is None:  # nothing has moved yet: a list of the goals, not a chart of zeros
            table = self.goal_list_table()
            bullets = []
        slides = [
            Slide(
                "content",
                "goals",
                title,
                kicker=self._kicker(item),
                section=item.section,
                chart=chart,
                table=_head(table, MAIN_TABLE_ROWS),
                footnote=_more(table, MAIN_TABLE_ROWS),
                bullets=tuple(_cut(bullets, 6)),
                notes=self._notes(item),
                priority=95,
            )
        ]
        value = self.value_slide(item)
        if value is not None:
            slides.append(value)
        trend = self.goal_trend_slide(item)
        if trend is not None:
            if title.startswith(trend.title):  # the goals slide led with it: say it another way
                trend = replace(trend, title=self.trend_title())
            slides.append(trend)
        return slides

    def trend_title(self) -> str:
        """``Unplanned downtime over time: 80 → 77.6 hours/month, target 77 hours/month``."""
        lead = self.figures.lead_goal
        assert lead is not None
        return (
            f"{lead.name} over time: {lead.baseline_text} \u2192 {lead.current_text}, "
            f"target {lead.target_text}"
        )

    def value_slide(self, item: ReportItem) -> Slide | None:
        """What the goals' progress is worth (a year of it for per-period measures). Never led
        by "$0": with nothing delivered yet it says what is within reach; an exit review with
        nothing delivered has no value slide; nothing left to gain has no tile or column.
        The figure says what it covers (only goals with a worth per unit are in it), and when
        it is small next to the ARR the outcomes achieved lead the slide."""
        f = self.figures
        valued = f.valued_goals
        if not valued or f.delivered_minor is None:
            return None
        ended = self.story is qf.Storyline.CHURNED
        delivered = bool(f.delivered_minor)
        if not delivered and (ended or not f.gap_minor):
            return None
        per_year = "a year, " if f.value_yearly else ""
        gap = bool(f.gap_minor)
        if ended:
            title = f"{f.delivered_text} of value delivered together"
            if gap:
                title += f"; {f.gap_text} more was within reach"
            gap_label, gap_detail = "Within reach", "had every target been met"
        elif delivered and f.value_leads:
            title = f"{f.delivered_text} of value delivered so far"
            title += (
                f"; {f.gap_text} more when the targets are met"
                if gap
                else "; every valued target is met"
            )
            gap_label, gap_detail = "Still to gain", "when every target is met"
        elif delivered:  # small next to the ARR: the outcomes first, then what is priced
            priced = f"value so far {f.value_scope}: {f.delivered_text}"
            title = _join(_upper_first(goal_count_text(f.goals)), priced)
            if "; " not in title:
                title = _upper_first(priced)
            gap_label, gap_detail = "Still to gain", "when every target is met"
        else:
            title = self.within_reach_text()
            gap_label, gap_detail = "Within reach", "when every target is met"
        tiles: list[Tile] = []
        if delivered and not f.value_leads and not ended:
            tiles.append(self.outcome_tile())
        if delivered:
            tiles.append(
                Tile(
                    f.delivered_amount,
                    "Value delivered" + ("" if ended else " so far"),
                    per_year + f.value_scope,
                )
            )
        if gap:
            tiles.append(Tile(f.gap_amount, gap_label, per_year + gap_detail))
        table = self.value_table(gap_label, delivered=delivered, gap=gap)
        said = [f"Value delivered: {f.delivered_full} {f.value_scope}."] if delivered else []
        if gap:
            said.append(f"{gap_label}: {f.gap_full}.")
        unpriced = [g.name for g in f.goals if not g.valued]
        if unpriced:
            said.append(
                "Not in this figure (no worth per unit agreed): " + "; ".join(unpriced) + "."
            )
        return Slide(
            "content",
            "value",
            title,
            kicker=self._kicker(item),
            section=item.section,
            tiles=tuple(tiles),
            table=table,
            footnote=f.value_rule,
            notes=self._notes(None, " ".join(said), f.value_rule),
            priority=92,
        )

    def value_table(self, gap_label: str, *, delivered: bool, gap: bool) -> ag.Table:
        """The valued goals, what each delivered and has still to gain (no column of zeros)."""
        f = self.figures
        valued = f.valued_goals
        columns = [
            ag.Column("Goal", 1.7),
            ag.Column("Baseline \u2192 now \u2192 target", 1.9),
            ag.Column("Worth per unit", 1.0, numeric=True),
        ]
        if delivered:
            columns.append(ag.Column("Delivered", 1.0, numeric=True))
        if gap:
            columns.append(ag.Column(gap_label, 1.0, numeric=True))
        rows = []
        for g in valued:
            row = [
                g.name,
                f"{g.baseline_text} \u2192 {g.current_text} \u2192 {g.target_text}",
                g.value_per_unit_text + (f"\n{g.counted_text}" if g.counted_text else ""),
            ]
            if delivered:
                row.append(g.delivered_text)
            if gap:
                row.append(g.gap_text)
            rows.append(tuple(row))
        if len(valued) > 1:
            total = ["Total", "", ""]
            if delivered:
                total.append(f.delivered_full)
            if gap:
                total.append(f.gap_full)
            rows.append(tuple(total))
        return ag.Table("Value of the goals", tuple(columns), tuple(rows))

    def outcome_tile(self) -> Tile:
        """The goals achieved (else on track) as a tile: ``5 of 5`` / ``Goals achieved``."""
        f = self.figures
        counts = f.goal_counts()
        total = len(f.goals)
        achieved = counts[qf.GoalState.ACHIEVED]
        if achieved:
            return Tile(f"{achieved} of {total}", "Goals achieved")
        good = achieved + counts[qf.GoalState.ON_TRACK]
        return Tile(f"{good} of {total}", "Goals on track")

    def goal_trend_slide(self, item: ReportItem) -> Slide | None:
        lead = self.figures.lead_goal
        if lead is None or len(lead.goal.measurements) < 3 or lead.goal.target is None:
            return None
        if not lead.progress and lead.state is not qf.GoalState.ACHIEVED:
            return None  # it has not moved: the goals slide says so, a flat line adds nothing
        days = [d for d, _ in lead.goal.measurements]
        values = [v for _, v in lead.goal.measurements]
        unit = lead.goal.unit
        labels = tuple(
            fmt.quantity(v, unit) if n in (0, len(values) - 1) else "" for n, v in enumerate(values)
        )
        target = float(lead.goal.target)
        chart = Chart(
            "date_line",
            f"{lead.name} over time",
            dates=tuple(days),
            series=(
                Series(lead.name, tuple(values), labels),
                Series(f"Target {lead.target_text}", tuple(target for _ in days)),
            ),
            value_axis=Axis(unit, 0, None, "General"),
            x_axis=_date_ticks(days),
            legend=True,
        )
        bullets = (
            f"Baseline {lead.baseline_text}, now {lead.current_text}, target {lead.target_text}.",
            lead.status_text,
        )
        return Slide(
            "content",
            "goal_trend",
            lead.headline,
            kicker=self._kicker(item),
            section=item.section,
            chart=chart,
            bullets=bullets,
            notes=self._notes(None, "Measured values of the goal over time."),
            priority=30,
        )

    def risk_slides(self, item: ReportItem) -> list[Slide]:
        if self.story is qf.Storyline.CHURNED:
            return [self.lessons_slide(item)]
        if self.story is qf.Storyline.AT_RISK:
            return [self.path_to_green(item)]
        risks = qf.open_risks(self.facts)
        if not risks:
            return []
        mitigated = sum(1 for r in risks if r.mitigation.strip() and self._risk_owner(r))
        title = f"{fmt.plural(len(risks), 'open risk')}, "
        if mitigated == len(risks):
            title += ("each " if len(risks) > 1 else "") + "with a mitigation and an owner"
        else:
            title += f"{mitigated} with a mitigation and an owner"
        table = self.risk_table(risks, "Open risks and mitigations")
        return [
            Slide(
                "content",
                "risks",
                title,
                kicker=self._kicker(item),
                section=item.section,
                table=_head(table, MAIN_TABLE_ROWS),
                footnote=_more(table, MAIN_TABLE_ROWS),
                notes=self._notes(item),
                priority=75,
            )
        ]

    def _risk_owner(self, risk: ag.RiskView) -> str:
        steps = self._risk_steps(risk)
        return risk.owner or (steps[0].owner if steps else "")

    def undated_risks(self) -> list[ag.RiskView]:
        """Open risks with no dated step to fix them: their date is one of today's asks."""
        return [
            r
            for r in qf.open_risks(self.facts)
            if not any(a.due_date is not None for a in self._risk_steps(r))
        ]

    def _risk_steps(self, risk: ag.RiskView) -> list[ag.ActionView]:
        steps = [a for a in self.facts.actions if a.risk_id == risk.id and a.status.is_open]
        return sorted(steps, key=lambda a: (a.due_date is None, a.due_date or date.max))

    def risk_table(self, risks: Sequence[ag.RiskView], title: str) -> ag.Table:
        rows = []
        for r in risks:
            steps = self._risk_steps(r)
            mitigation = r.mitigation.strip() or "To agree"
            if steps:
                mitigation += f"\nNext: {steps[0].title}"
            owner = r.owner or (steps[0].owner if steps else "") or "Owner to agree"
            dated = [a.due_date for a in steps if a.due_date is not None]
            due = fmt.day(dated[0]) if dated else DATE_TO_AGREE
            if dated and dated[0] < self.facts.as_of:
                due += " (overdue)"
            rows.append((r.title, r.severity.label, mitigation, owner, due))
        return ag.Table(
            title,
            (
                ag.Column("Risk", 1.7),
                ag.Column("Severity", 0.7),
                ag.Column("Mitigation", 2.4),
                ag.Column("Owner", 1.0),
                ag.Column("By", 0.8),
            ),
            tuple(rows),
        )

    def path_to_green(self, item: ReportItem | None) -> Slide:
        risks = qf.open_risks(self.facts)
        dated = len(risks) - len(self.undated_risks())
        owned = sum(1 for r in risks if self._risk_owner(r))
        if risks:
            title = f"Path to green: {fmt.plural(len(risks), 'issue')} to fix first"
            if owned == dated == len(risks):
                done = ("each " if len(risks) > 1 else "") + "with an owner and a date"
            else:
                needs = [f"{len(risks) - owned} without an owner"] if owned < len(risks) else []
                needs += [f"{len(risks) - dated} without a date"] if dated < len(risks) else []
                done = ", ".join(needs) + ": to agree today"
            title = _join(title, done)
        else:
            title = "Path to green: what we fix first"
        table = self.risk_table(risks, "The issues, and how we fix them")
        bullets: tuple[str, ...] = ()
        if not risks:
            bullets = ("No open risks are recorded with you yet: let us name them together today.",)
        return Slide(
            "content",
            "path_to_green",
            title,
            kicker=self._kicker(item),
            section=ag.RISKS,
            table=_head(table, MAIN_TABLE_ROWS) if risks else None,
            footnote=_more(table, MAIN_TABLE_ROWS),
            bullets=bullets,
            notes=self._notes(item, "Risks first: agree an owner and a date for each step."),
            priority=100,
        )

    def lessons_slide(self, item: ReportItem) -> Slide:
        f = self.figures
        missed = [g for g in f.goals if g.missed]
        themes = f.voice.themes
        title = "What we learned"
        if missed:
            title += f": {fmt.plural(len(missed), 'goal')} we did not reach"
        if themes:
            title = _join(title, f"\u201c{themes[0][0]}\u201d came up most in your feedback")
        bullets = [f"Missed: {g.headline}" for g in missed[:3]]
        bullets += [
            f"{r.title.rstrip('.')}."
            + (f" What we tried: {r.mitigation.strip()}" if r.mitigation.strip() else "")
            for r in self.facts.risks[:3]
        ]
        if themes:
            bullets.append(
                "Themes in your feedback: "
                + ", ".join(f"{t} ({fmt.count(c)})" for t, c in themes[:5])
            )
        if not bullets:
            bullets = ["We recorded no missed goals, risks or feedback themes."]
        return Slide(
            "content",
            "lessons",
            title,
            kicker=self._kicker(item),
            section=item.section,
            bullets=tuple(bullets),
            notes=self._notes(item),
            priority=95,
        )

    def voice_chart(self) -> Chart | None:
        quarters = self.figures.voice.quarters
        if not quarters:
            return None
        series = []
        if any(q.nps is not None for q in quarters):
            series.append(
                Series(
                    "NPS",
                    tuple(None if q.nps is None else float(q.nps) for q in quarters),
                    tuple(q.nps_point if q.nps is not None else "" for q in quarters),
                )
            )
        if any(q.csat is not None for q in quarters):
            series.append(
                Series(
                    "CSAT (% satisfied)",
                    tuple(None if q.csat is None else float(q.csat) for q in quarters),
                    tuple(q.csat_point if q.csat is not None else "" for q in quarters),
                )
            )
        ticks = tuple((float(_excel_day(q.end)), q.label) for q in quarters)
        low = -100 if any(q.nps is not None and q.nps < 0 for q in quarters) else 0
        # two close scores near 0 have one label below the other's point: room under 0
        if not low and any(
            q.nps is not None
            and q.csat is not None
            and abs(q.nps - q.csat) <= VOICE_CLOSE
            and min(q.nps, q.csat) <= VOICE_CLOSE
            for q in quarters
        ):
            low = -50
        # room above 100 for the labels of top scores (no tick there: ticks every 50)
        high = 125 if any((q.nps or 0) >= 85 or (q.csat or 0) >= 85 for q in quarters) else 100
        marks: tuple[tuple[float, str], ...] = tuple(
            (float(v), f"\u2212{-v}") for v in (-100, -50) if v >= low
        )
        return Chart(
            "date_line",
            "NPS and CSAT by quarter",
            dates=tuple(q.end for q in quarters),
            series=tuple(series),
            value_axis=Axis(
                "",
                low,
                high,
                "0",
                (*marks, (0.0, "0"), (50.0, "50"), (100.0, "100")),
                major_unit=50,
            ),
            x_axis=Axis("", ticks=ticks, number_format="mmm yyyy"),
            legend=True,
        )

    def voice_slides(self, item: ReportItem) -> list[Slide]:
        voice = self.figures.voice
        if not voice.quarters:
            return []
        nps, before = voice.latest_with(SurveyKind.NPS)
        csat, csat_before = voice.latest_with(SurveyKind.CSAT)
        if nps is not None:
            title = (
                f"NPS {nps.nps_text} in {nps.label} from {fmt.plural(nps.nps_answers, 'answer')}"
            )
            if before is not None and before.nps is not None and nps.nps is not None:
                delta = nps.nps - before.nps
                way = "unchanged from" if delta == 0 else ("up from" if delta > 0 else "down from")
                title += f", {way} {before.nps_text} in {before.label}"
                if before.nps_small:
                    title += f" (from {fmt.plural(before.nps_answers, 'answer')})"
        elif csat is not None:
            title = (
                f"{csat.csat_text} satisfied in {csat.label} from "
                f"{fmt.plural(csat.csat_answers, 'answer')}"
            )
        else:  # pragma: no cover - a quarter always has one kind of answer
            title = "Your feedback"
        bullets = []
        if csat is not None and nps is not None:

            def answers(q: qf.QuarterVoice) -> str:
                return f" from {fmt.plural(q.csat_answers, 'answer')}" if q.csat_small else ""

            bullets.append(
                f"CSAT: {csat.csat_text} satisfied (4 or 5 out of 5) in {csat.label}"
                + answers(csat)
                + (
                    f"; {csat_before.csat_text} in {csat_before.label}" + answers(csat_before)
                    if csat_before is not None
                    else ""
                )
            )
        if voice.themes:
            bullets.append(
                "What you talk about most: "
                + ", ".join(f"{t} ({fmt.count(c)})" for t, c in voice.themes[:4])
            )
        bullets += [f"\u201c{text}\u201d ({fmt.day(day)})" for day, text in voice.quotes[:2]]
        if voice.quotes:
            rows = tuple((fmt.day(d), t) for d, t in voice.quotes)
            self.appendix.append(
                Slide(
                    "content",
                    "appendix:feedback",
                    "Your comments",
                    table=ag.Table(
                        "Your comments", (ag.Column("Date", 0.7), ag.Column("Comment", 4.0)), rows
                    ),
                )
            )
        tiles: tuple[Tile, ...] = ()
        chart = self.voice_chart()
        if len(voice.quarters) < 2:  # one quarter: no trend to draw, the figures as tiles
            chart = None
            found = []
            if nps is not None:
                found.append(
                    Tile(nps.nps_text, f"NPS, {nps.label}", fmt.plural(nps.nps_answers, "answer"))
                )
            if csat is not None:
                found.append(
                    Tile(
                        csat.csat_text,
                        f"CSAT satisfied, {csat.label}",
                        fmt.plural(csat.csat_answers, "answer"),
                    )
                )
            tiles = tuple(found)
        return [
            Slide(
                "content",
                "voice",
                title,
                kicker=self._kicker(item),
                section=item.section,
                chart=chart,
                tiles=tiles,
                bullets=tuple(bullets),
                footnote=(
                    f"A quarter with fewer than {qf.SMALL_SAMPLE} answers says how many: "
                    "read it as a signal, not a trend."
                    if any(q.nps_small or q.csat_small for q in voice.quarters)
                    else ""
                ),
                notes=self._notes(item),
                priority=55,
            )
        ]

    def roadmap_slides(self, item: ReportItem) -> list[Slide]:
        if self.story in (qf.Storyline.AT_RISK, qf.Storyline.CHURNED):
            return []
        opps = qf.open_opportunities(self.facts)
        if not opps:
            return []
        cur = self.facts.account.currency
        if self.internal:
            total = sum(o.amount_minor or 0 for o in opps)
            title = (
                f"Pipeline: {fmt.plural(len(opps), 'open opportunity', 'open opportunities')}"
                f" worth {fmt.money(total, cur, compact=True)} ARR"
            )
            table = ag.Table(
                "Open opportunities",
                (
                    ag.Column("Opportunity", 1.8),
                    ag.Column("Product", 1.2),
                    ag.Column("Stage", 0.8),
                    ag.Column("Expected", 0.8),
                    ag.Column("ARR", 0.8, numeric=True),
                ),
                tuple(
                    (
                        o.title,
                        o.product,
                        o.stage.label if o.stage else "",
                        fmt.day(o.expected_close),
                        fmt.money(o.amount_minor or 0, cur),
                    )
                    for o in opps
                ),
            )
        else:
            names = [o.title for o in opps]
            title = (
                "Where we can help next: " + " and ".join(names[:2])
                if len(names) <= 2
                else f"{fmt.count(len(names))} ways we can help you do more next"
            )
            table = ag.Table(
                "Where we can help next",
                (ag.Column("Idea", 2.2), ag.Column("What it adds", 1.6)),
                tuple((o.title, o.product or o.kind.label) for o in opps),
            )
        if len(title) > TITLE_LIMIT:
            title = f"{fmt.count(len(opps))} ways we can help you do more next"
        return [
            Slide(
                "content",
                "roadmap",
                title,
                kicker=self._kicker(item),
                section=item.section,
                table=_head(table, MAIN_TABLE_ROWS),
                footnote=_more(table, MAIN_TABLE_ROWS),
                notes=self._notes(item),
                priority=25,
            )
        ]

    def next_quarter_slides(self, item: ReportItem) -> list[Slide]:
        if self.story is qf.Storyline.CHURNED:
            return []
        f = self.figures
        slides = []
        plan = f.plan
        theirs = sum(1 for p in plan if p.action.owner_side is Side.CUSTOMER)
        ours = sum(1 for p in plan if p.action.owner_side is Side.INTERNAL)
        unowned = len(plan) - theirs - ours
        if plan:
            title = f"Mutual action plan: {fmt.plural(len(plan), 'action')} to {fmt.day(f.horizon)}"
            title = _join(title, sides_text(theirs, ours))
            if unowned:
                title = _join(title, f"{unowned} to assign")
        else:
            title = "Mutual action plan: owners and dates to agree today"
        table = self.plan_table() if plan else None
        slides.append(
            Slide(
                "content",
                "plan",
                title,
                kicker=self._kicker(item),
                section=item.section,
                table=_head(table, MAIN_TABLE_ROWS),
                footnote=_more(table, MAIN_TABLE_ROWS),
                bullets=() if plan else ("No open actions yet: agree who does what by when.",),
                notes=self._notes(item),
                priority=90,
            )
        )
        chosen = self.next_goals()
        if chosen:
            missed = [g for g in chosen if g.missed]
            title = f"Next quarter: {fmt.plural(len(chosen), 'goal')} to pursue"
            if missed:
                title = _join(title, f"{len(missed)} missed, to re-plan with a new date")
            rows = tuple(
                (g.goal.title, g.current_text, g.target_text, g.status_text, g.goal.owner)
                for g in chosen
            )
            table = ag.Table(
                "Goals for next quarter",
                (
                    ag.Column("Goal", 2.2),
                    ag.Column("Now", 0.7, numeric=True),
                    ag.Column("Target", 0.7, numeric=True),
                    ag.Column("Status", 1.6),
                    ag.Column("Owner", 1.0, detail=True),
                ),
                rows,
            )
            slides.append(
                Slide(
                    "content",
                    "next_goals",
                    title,
                    kicker=self._kicker(item),
                    section=item.section,
                    table=_head(table, MAIN_TABLE_ROWS),
                    footnote=_more(table, MAIN_TABLE_ROWS),
                    notes=self._notes(None, "Missed goals stay on the plan with a new date."),
                    priority=45,
                )
            )
        return slides

    def next_goals(self) -> list[qf.GoalFigure]:
        """The goals to pursue next quarter (missed ones with them, to re-plan)."""
        by_id = {g.goal.id: g for g in self.figures.goals}
        return [by_id[g.id] for g in ag.proposed_goals(self.inputs) if g.id in by_id]

    def plan_table(self) -> ag.Table:
        return ag.Table(
            "Mutual action plan",
            (
                ag.Column("Action", 2.4),
                ag.Column("Owner", 1.1),
                ag.Column("Side", 1.0, detail=True),
                ag.Column("Due", 0.8),
                ag.Column("Status", 0.9, detail=True),
            ),
            tuple(
                (p.action.title, p.owner, p.side or "To agree", p.due_text, p.status_text)
                for p in self.figures.plan
            ),
        )

    def asks_slides(self, item: ReportItem) -> list[Slide]:
        f = self.figures
        if self.story is qf.Storyline.CHURNED:
            owner = self.facts.account.owner
            title = "The door stays open" + (f": {owner} stays your contact" if owner else "")
            bullets = [b for b in self.asks_or_defaults() if not b.endswith("stays your contact")]
            themes = [t for t, _ in f.voice.themes[:3]]
            if themes:
                bullets.insert(0, f"We keep working on what you told us most about: {_and(themes)}")
            bullets.append("Thank you for working with us.")
            return [
                Slide(
                    "content",
                    "door_open",
                    title,
                    kicker=self._kicker(item),
                    section=item.section,
                    bullets=tuple(bullets),
                    notes=self._notes(item),
                    priority=100,
                )
            ]
        asks = ag.asks_of(self.inputs)
        decide = self.asks_or_defaults()
        if asks:
            title = (
                f"Our ask today: {decide[0]}"
                if len(decide) == 1
                else f"{fmt.count(len(decide))} things we ask of you today"
            )
        else:
            title = f"{fmt.plural(len(decide), 'decision')} for today"
        if len(title) > TITLE_LIMIT:
            title = "Our ask today"
        bullets = list(decide)
        if asks and f.renewal_days is not None and f.renewal_days <= ag.RENEWAL_HORIZON_DAYS:
            bullets.append(
                f"Renewal on {fmt.day(self.facts.account.renewal_date)}: agree the "
                "timeline and who signs"
            )
        if asks:
            bullets.append(f"Next review around {fmt.day(f.next_review)}")
        return [
            Slide(
                "content",
                "asks",
                title,
                kicker=self._kicker(item),
                section=item.section,
                bullets=tuple(bullets),
                notes=self._notes(item),
                priority=100,
            )
        ]

    # ----------------------------------------------------------------- appendix
    def detail_tables(self) -> None:
        f = self.figures
        add = self.appendix.append
        if f.goals:
            rows = tuple(
                (
                    g.goal.title,
                    g.baseline_text,
                    g.current_text,
                    g.target_text,
                    g.progress_text,
                    g.status_text,
                    g.goal.owner,
                )
                for g in f.goals
            )
            add(
                Slide(
                    "content",
                    "appendix:goals",
                    "Goals in detail",
                    table=ag.Table(
                        "Goals in detail",
                        (
                            ag.Column("Goal", 2.2),
                            ag.Column("Baseline", 0.7, numeric=True),
                            ag.Column("Now", 0.7, numeric=True),
                            ag.Column("Target", 0.7, numeric=True),
                            ag.Column("Progress", 0.7, numeric=True),
                            ag.Column("Status", 1.4),
                            ag.Column("Owner", 0.9),
                        ),
                        rows,
                    ),
                )
            )
        if f.use_cases and self.story is not qf.Storyline.NEW:
            case_rows = tuple(
                (u.title, u.status_label, u.adoption_text, fmt.day(u.go_live), u.value_text)
                for u in f.use_cases
            )
            add(
                Slide(
                    "content",
                    "appendix:use_cases",
                    "Use cases in detail",
                    table=ag.Table(
                        "Use cases in detail",
                        (
                            ag.Column("Use case", 1.9),
                            ag.Column("Status", 0.8),
                            ag.Column("Adoption", 0.7, numeric=True),
                            ag.Column("Go-live", 0.8),
                            ag.Column("Value realised", 1.8),
                        ),
                        case_rows,
                    ),
                )
            )
        # Tables a main slide shows in part, in full (only when the slide cut them).
        commitments = self.commitments_table()
        if commitments is not None and len(commitments.rows) > MAIN_TABLE_ROWS:
            add(Slide("content", "appendix:commitments", commitments.title, table=commitments))
        risks = qf.open_risks(self.facts)
        if len(risks) > MAIN_TABLE_ROWS and self.story is not qf.Storyline.CHURNED:
            add(
                Slide(
                    "content",
                    "appendix:risks",
                    "Open risks in detail",
                    table=self.risk_table(risks, "Open risks in detail"),
                )
            )
        if len(f.plan) > MAIN_TABLE_ROWS and self.story is not qf.Storyline.CHURNED:
            add(
                Slide(
                    "content",
                    "appendix:plan",
                    "Mutual action plan in detail",
                    table=self.plan_table(),
                )
            )

    def internal_slides(self) -> list[Slide]:
        """The internal copy's own slides (appendix): the renewal forecast, the stakeholder
        map, and the internal notes (with the pipeline left out of an account at risk)."""
        slides = []
        forecast = self.forecast_slide()
        if forecast is not None:
            slides.append(forecast)
        stakeholder = self.stakeholder_slide()
        if stakeholder is not None:
            slides.append(stakeholder)
        notes = self.internal_notes()
        if notes:
            slides.append(
                Slide("content", "appendix:internal_notes", "Internal notes", bullets=tuple(notes))
            )
        return slides

    def forecast_slide(self) -> Slide | None:
        """Internal copy: the account's renewal forecast, its category and why."""
        f = self.forecast
        if f is None:
            return None
        when = (
            f"in {fmt.days(f.days_to_renewal)}"
            if f.days_to_renewal >= 0
            else f"{fmt.days(-f.days_to_renewal)} past due"
        )
        tiles = (
            Tile(f.category, "Forecast", f"{fmt.percent(f.weight_pct)} weight"),
            Tile(f.weighted_text, "Weighted ARR", f"of {f.arr_text} at stake"),
            Tile(fmt.day(f.renewal_date), "Renewal", when),
        )
        bullets = list(f.reasons) or ["No risk signals: the forecast follows the health."]
        if f.overridden and f.derived:
            bullets.insert(0, f"Set by hand; the signals alone say {f.derived.lower()}.")
        if f.base_currency and f.base_currency != f.currency and f.weighted_base_minor is not None:
            bullets.append(
                f"In {f.base_currency}: "
                f"{fmt.money(f.weighted_base_minor, f.base_currency, compact=True)} weighted."
            )
        return Slide(
            "content",
            "appendix:forecast",
            f.headline,
            tiles=tiles,
            bullets=tuple(bullets),
            notes=("Internal: the renewal forecast, as the forecast page shows it today.",),
        )

    def internal_notes(self) -> list[str]:
        facts = self.facts
        found = []
        if self.inputs.notes.strip():
            found.append(f"QBR notes: {self.inputs.notes.strip()}")
        if facts.account.notes.strip():
            found.append(f"Account notes: {facts.account.notes.strip()}")
        if facts.plan is not None and facts.plan.internal_notes.strip():
            found.append(f"Plan notes: {facts.plan.internal_notes.strip()}")
        if facts.account.csm_sentiment is not None:
            text = f"Your sentiment: {fmt.signed(facts.account.csm_sentiment)} (\u22122 to +2)"
            if facts.account.csm_sentiment_note.strip():
                text += f": {facts.account.csm_sentiment_note.strip()}"
            found.append(text)
        found += [f"{p.name}: {p.notes.strip()}" for p in facts.people if p.notes.strip()]
        found += [f"{o.title}: {o.notes.strip()}" for o in facts.opportunities if o.notes.strip()]
        if self.story in (qf.Storyline.AT_RISK, qf.Storyline.CHURNED):
            opps = qf.open_opportunities(facts)
            if opps:
                found.append(
                    "Pipeline left out of this review: "
                    + "; ".join(
                        f"{o.title} ({o.stage.label.lower() if o.stage else ''}, "
                        f"{fmt.money(o.amount_minor or 0, facts.account.currency)})"
                        for o in opps
                    )
                )
        return found

    def stakeholder_slide(self) -> Slide | None:
        people = [
            p
            for p in self.facts.people
            if p.side is Side.CUSTOMER and p.sentiment is not None and p.influence is not None
        ]
        if not people:
            return None
        spread = _spread(people)
        points = tuple(
            ScatterPoint(
                x,
                y,
                p.name + (" (left)" if p.left_company else ""),
                (p.role or StakeholderRole.END_USER).label,
            )
            for p, (x, y) in zip(people, spread, strict=True)
        )
        unhappy = [p for p in people if (p.sentiment or 0) < 0 and (p.influence or 0) >= 4]
        title = (
            f"Stakeholder map: {fmt.plural(len(unhappy), 'influential detractor')} to win back"
            if unhappy
            else "Stakeholder map: influence and sentiment"
        )
        chart = Chart(
            "scatter",
            "Stakeholders by influence and sentiment",
            points=points,
            value_axis=Axis(
                "Influence (1-5)",
                0,
                6,
                '0;;""',
                tuple((float(i), str(i)) for i in range(1, 6)),
                major_unit=1,
            ),
            x_axis=Axis(
                "Sentiment (\u22122 to +2)",
                -3,
                3,
                '+0;"\u2212"0;0',
                ((-2, "\u22122"), (-1, "\u22121"), (0, "0"), (1, "+1"), (2, "+2")),
                major_unit=1,
            ),
            quadrants=("Act now", "Allies", "Watch", "Keep informed"),
        )
        return Slide(
            "content",
            "appendix:stakeholders",
            title,
            chart=chart,
            notes=("Internal: sentiment and influence are our own reading.",),
        )


def _spread(people: Sequence[ag.PersonView]) -> list[tuple[float, float]]:
    """Positions on the map: people who share a cell are stacked a little below one another,
    so their labels do not overlap."""
    seen: dict[tuple[int, int], int] = {}
    found = []
    for p in people:
        cell = (p.sentiment or 0, p.influence or 3)
        n = seen.get(cell, 0)
        seen[cell] = n + 1
        found.append((float(cell[0]), cell[1] - 0.3 * n))
    return found


def _head(table: ag.Table | None, rows: int) -> ag.Table | None:
    if table is None:
        return None
    return ag.Table(table.title, table.columns, table.rows[:rows])


def _more(table: ag.Table | None, rows: int) -> str:
    if table is None or len(table.rows) <= rows:
        return ""
    return f"{fmt.plural(len(table.rows) - rows, 'more row')} in the appendix."


def _excel_day(day: date) -> int:
    """The day as a spreadsheet serial number (what a date axis counts in)."""
    return (day - date(1899, 12, 30)).days


def _date_ticks(days: Sequence[date]) -> Axis:
    """Tick labels at the start of each quarter between the first and last day."""
    if not days:
        return Axis()
    first, last = min(days), max(days)
    ticks = []
    year, month = first.year, (first.month - 1) // 3 * 3 + 1
    while date(year, month, 1) <= last:
        start = date(year, month, 1)
        if start >= first:
            ticks.append((float(_excel_day(start)), fmt.month(start)))
        month += 3
        if month > 12:
            month, year = month - 12, year + 1
    step = max(1, len(ticks) // 6)
    return Axis("", ticks=tuple(ticks[::step]), number_format="mmm yyyy")


# --------------------------------------------------------------------------- success plan


@dataclass(frozen=True, slots=True)
class PlanReport:
    """The Account Success Plan document: the plan, its goals, risks, people, use cases and
    actions, as the customer copy (default) or the internal copy."""

    facts: ag.AccountFacts
    internal: bool
    tables: tuple[ag.Table, ...]
    charts: tuple[tuple[str, Chart], ...]
    """(the table title the chart goes with, the chart)."""

    @property
    def customer_safe(self) -> bool:
        return not self.internal

    @property
    def title(self) -> str:
        plan = self.facts.plan
        return plan.title if plan is not None else "Account Success Plan"


def build_plan_report(facts: ag.AccountFacts, *, internal: bool = False) -> PlanReport:
    shown = safe_facts(facts, customer_safe=not internal)
    inputs = ag.QbrInputs(shown, shown.as_of, shown.as_of, shown.as_of)
    story = _Story(
        inputs,
        qf.compute(inputs, qf.storyline(facts, facts.as_of)),
        ag.generate_agenda(inputs),
        (),
        internal=internal,
        qbr_id=None,
    )
    tables = (
        _goals_table(shown, story.figures),
        _risks_table(shown),
        _people_table(shown),
        _use_cases_table(shown),
        _actions_table(shown),
    )
    charts: list[tuple[str, Chart]] = []
    goal_chart = story.goal_chart()
    if goal_chart is not None:
        charts.append(("Goals", goal_chart))
    if internal:
        slide = story.stakeholder_slide()
        if slide is not None and slide.chart is not None:
            charts.append(("Stakeholders", slide.chart))
    return PlanReport(shown, internal, tables, tuple(charts))


def _goals_table(f: ag.AccountFacts, figures: qf.QbrFigures) -> ag.Table:
    columns = [
        ag.Column("Goal", 2.6),
        ag.Column("Baseline", 0.9, numeric=True),
        ag.Column("Now", 0.9, numeric=True),
        ag.Column("Target", 0.9, numeric=True),
        ag.Column("Done", 0.6, numeric=True),
        ag.Column("Status", 1.2),
        ag.Column("Owner", 1.1),
    ]
    rows = []
    for g in figures.goals:
        title = f"{g.goal.title}\nKPI: {g.goal.kpi_name}" if g.goal.kpi_name else g.goal.title
        row = [
            title,
            g.baseline_text,
            g.current_text,
            g.target_text,
            g.progress_text,
            g.status_text,
            g.goal.owner,
        ]
        if not f.customer_safe:
            row.append("Yes" if g.goal.customer_visible else "No")
        rows.append(tuple(row))
    if not f.customer_safe:
        columns.append(ag.Column("Shared", 0.7))
    return ag.Table("Goals", tuple(columns), tuple(rows))


def _risks_table(f: ag.AccountFacts) -> ag.Table:
    columns = [
        ag.Column("Risk", 2.0),
        ag.Column("Severity", 1.2),
        ag.Column("Status", 0.9),
        ag.Column("Mitigation", 2.4),
        ag.Column("Owner", 1.0),
    ]
    rows = []
    for r in f.risks:
        severity = f"{r.severity.label}, {r.likelihood.label.lower()}"
        row = [f"{r.title}\n{r.category.label}", severity, r.status.label, r.mitigation, r.owner]
        if not f.customer_safe:
            row.append("Internal" if r.internal else "Shared")
        rows.append(tuple(row))
    if not f.customer_safe:
        columns.append(ag.Column("Visibility", 0.9))
    return ag.Table("Risks and challenges", tuple(columns), tuple(rows))


def _sentiment_text(value: int | None) -> str:
    if value is None:
        return ""
    return {
        -2: "Very negative",
        -1: "Negative",
        0: "Neutral",
        1: "Positive",
        2: "Very positive",
    }.get(value, str(value))


def _people_table(f: ag.AccountFacts) -> ag.Table:
    columns = [ag.Column("Name", 1.3), ag.Column("Job title", 1.5), ag.Column("Side", 0.8)]
    if not f.customer_safe:
        columns += [
            ag.Column("Role", 1.1),
            ag.Column("Influence", 0.85, numeric=True),
            ag.Column("Sentiment", 1.0),
        ]
    columns.append(ag.Column("Status", 0.9))
    rows = []
    for p in f.people:
        row = [p.name, p.job_title, "Customer" if p.side is Side.CUSTOMER else "Our team"]
        if not f.customer_safe:
            row += [
                p.role.label if p.role else "",
                str(p.influence or ""),
                _sentiment_text(p.sentiment),
            ]
        status = f"Left {fmt.day(p.left_on)}".strip() if p.left_company else "Active"
        row.append(status)
        rows.append(tuple(row))
    return ag.Table("Stakeholders", tuple(columns), tuple(rows))


def _use_cases_table(f: ag.AccountFacts) -> ag.Table:
    return ag.Table(
        "Use cases",
        (
            ag.Column("Use case", 1.8),
            ag.Column("Products", 1.1),
            ag.Column("Status", 0.8),
            ag.Column("Adoption", 0.7, numeric=True),
            ag.Column("Go-live", 0.8),
            ag.Column("Value realised", 1.8),
        ),
        tuple(
            (
                u.title,
                u.products,
                u.status.label,
                fmt.percent(u.adoption_pct),
                fmt.day(u.go_live),
                u.value_realised,
            )
            for u in f.use_cases
        ),
    )


def _actions_table(f: ag.AccountFacts) -> ag.Table:
    chosen = [a for a in f.actions if a.status.is_open]
    columns = [
        ag.Column("Action", 2.4),
        ag.Column("Owner", 1.1),
        ag.Column("Due", 0.8),
        ag.Column("Status", 0.8),
    ]
    if not f.customer_safe:
        columns.append(ag.Column("Priority", 0.7))
    rows = []
    for a in chosen:
        row = [a.title, a.owner, fmt.day(a.due_date), a.status.label]
        if not f.customer_safe:
            row.append(a.priority.label if a.priority else "")
        rows.append(tuple(row))
    return ag.Table("Open action items", tuple(columns), tuple(rows))

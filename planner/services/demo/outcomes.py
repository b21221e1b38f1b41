"""What the customer gets out of it: use cases going live, success plans, goals measured.

The first use case goes live a few weeks to a few months after the contract starts (the
archetype says how fast), the next ones every few months. Success plans follow contract
years: the current one is active, the one before it is completed. Each goal is measured about
monthly from its baseline; whether it reaches its target, and when, follows the archetype (a
thriving account mostly gets there, an account in decline stalls after its trigger), and the
goal's status is worked out from its measurements the way a CSM would: met, missed, on track
for the time elapsed, or behind.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.agenda import fmt_date, fmt_number
from planner.domain.enums import GoalCategory, GoalStatus, PlanStatus, Priority, UseCaseStatus
from planner.domain.progress import goal_progress
from planner.services.demo.cast import CHURNED, NEW, anniversary
from planner.services.demo.dice import pick, roll
from planner.services.demo.industries import HOURLY_COST, GoalKind, UseCaseKind
from planner.services.demo.people import month_year
from planner.services.demo.rows import millis
from planner.services.demo.story import (
    DECLINING,
    HEALTHY,
    GoalPlan,
    Story,
    UseCasePlan,
    lower_first,
)

USE_CASES_BY_TIER = {"smb": (1, 2), "mid_market": (2, 3), "enterprise": (2, 4), "strategic": (3, 5)}
GOALS_BY_TIER = {"smb": (3, 4), "mid_market": (3, 5), "enterprise": (4, 6), "strategic": (4, 6)}


def plan_use_cases(story: Story) -> None:
    rng = story.rng
    sketch = story.sketch
    kinds = rng.sample(
        sketch.industry.use_cases,
        min(len(sketch.industry.use_cases), roll(rng, *USE_CASES_BY_TIER[sketch.tier.value])),
    )
    day = story.start + timedelta(weeks=roll(rng, *story.arc.ttv_weeks), days=roll(rng, 0, 4))
    for position, kind in enumerate(kinds):
        if position:
            day += timedelta(days=roll(rng, 100, 260))
        go_live = story.workday(day) if day <= story.today else day
        if story.trigger is not None and go_live > story.trigger + timedelta(days=30):
            go_live = story.today + timedelta(days=400)  # on hold since the trouble began
        site = story.sites[position % len(story.sites)]
        story.use_cases.append(_use_case(story, kind, site, go_live))
    at_risk = _struggling(story)
    if at_risk is not None:
        at_risk.row["status"] = UseCaseStatus.AT_RISK
        at_risk.row["adoption_pct"] = roll(rng, 8, 28)


def _use_case(story: Story, kind: UseCaseKind, site: str, go_live: date) -> UseCasePlan:
    rng = story.rng
    today = story.today
    adoption = 0
    shown: date | None = go_live
    if story.archetype == CHURNED:
        status = UseCaseStatus.RETIRED
        live = go_live <= story.end
        if not live:
            shown = None
        else:
            adoption = roll(rng, *story.arc.adoption)
    elif go_live <= today:
        status = UseCaseStatus.LIVE
        live = True
        level = roll(rng, *story.arc.adoption)
        months = (today - go_live).days / 30
        adoption = round(level * min(1.0, 0.35 + months / 8))
    elif go_live <= today + timedelta(days=100):
        status = UseCaseStatus.ONBOARDING
        live = False
        adoption = roll(rng, 4, 20)
    else:
        status = UseCaseStatus.PLANNED
        live = False
        shown = None
    row = story.rows.add(
        "use_cases",
        min(go_live, today) - timedelta(days=roll(rng, 20, 60)),
        account_id=story.account_id,
        title=kind.title,
        problem=kind.problem,
        desired_outcome=kind.outcome,
        products=kind.products,
        status=status,
        adoption_pct=max(0, min(99, adoption)),
        go_live=shown,
        value_realised="",
        value_minor=None,
    )
    return UseCasePlan(
        row=row,
        title=kind.title,
        site=site,
        users=kind.users,
        goal_key=kind.goal,
        go_live=shown,
        live=live,
    )


def _struggling(story: Story) -> UseCasePlan | None:
    """The use case an account in decline is losing (shown as at risk)."""
    if story.archetype not in DECLINING or story.archetype == CHURNED:
        return None
    live = [u for u in story.use_cases if u.live]
    return live[-1] if live else None


# --------------------------------------------------------------------------- plans and goals


def plan_goals(story: Story) -> None:
    """The current success plan and, for older accounts, the completed one before it."""
    sketch = story.sketch
    current_start = sketch.start if sketch.archetype == NEW else anniversary(sketch.renewal, -1)
    years = 0
    while anniversary(sketch.start, years + 1) <= current_start:
        years += 1
    periods = []
    previous_start = anniversary(current_start, -1)
    if previous_start >= sketch.start:
        periods.append((previous_start, current_start - timedelta(days=1), years, False))
    periods.append(
        (current_start, anniversary(current_start, 1) - timedelta(days=1), years + 1, True)
    )
    carried: dict[str, GoalPlan] = {}
    for start, end, number, current in periods:
        carried = _plan(story, start, end, number, current=current, carried=carried)
    _value_realised(story)


def _plan(
    story: Story,
    start: date,
    end: date,
    number: int,
    *,
    current: bool,
    carried: dict[str, GoalPlan],
) -> dict[str, GoalPlan]:
    rng = story.rng
    sketch = story.sketch
    finished = not current or sketch.archetype == CHURNED
    plan = story.rows.add(
        "success_plans",
        start,
        account_id=story.account_id,
        title=f"Year {number} success plan",
        period_start=start,
        period_end=end,
        status=PlanStatus.COMPLETED if finished else PlanStatus.ACTIVE,
        desired_outcomes="",
        internal_notes="",
    )
    kinds = _goal_kinds(story, start, end, current=current, carried=carried)
    # One draw per goal, each from its own slice of [0, 1): a plan's outcomes come out close
    # to the archetype's odds instead of by luck (a thriving account meets most of its goals).
    slices = list(range(len(kinds)))
    rng.shuffle(slices)
    goals = [
        _goal(
            story,
            plan["id"],
            kind,
            start,
            end,
            carried.get(kind.key),
            current=current,
            draw=(part + rng.random()) / len(kinds),
        )
        for kind, part in zip(kinds, slices, strict=True)
    ]
    story.goals.extend(goals)
    outcome_day = end
    outcomes = "; ".join(k.outcome for k in kinds[:3])
    plan["desired_outcomes"] = f"By {month_year(outcome_day)}: {outcomes}."
    plan["internal_notes"] = _internal_note(story, start) if current else ""
    touched = min(story.today, end) - timedelta(days=pick(rng, (3, 9, 16, 30, 48, 70)))
    plan["updated_at"] = max(plan["created_at"], millis(touched, 15))
    return {g.kind_key: g for g in goals}


def _goal_kinds(
    story: Story, start: date, end: date, *, current: bool, carried: dict[str, GoalPlan]
) -> list[GoalKind]:
    """The goals of a plan: onboarding in the first year, the KPIs of the use cases live by
    its end, often a rollout goal, then others. A goal met last year with a fixed target
    (every ward live) is done, not repeated."""
    rng = story.rng
    industry = story.sketch.industry
    done = {key for key, goal in carried.items() if goal.achieved_on is not None}
    by_key = {g.key: g for g in industry.goals if not (g.key in done and not g.relative)}
    wanted: list[GoalKind] = []
    if start <= story.start + timedelta(days=30):
        wanted += [g for g in industry.goals if g.category is GoalCategory.ONBOARDING][:1]
    for case in story.use_cases:
        if case.goal_key in by_key and case.go_live is not None and case.go_live <= end:
            wanted.append(by_key[case.goal_key])
    rollout = [g for g in by_key.values() if g.category is GoalCategory.EXPANSION]
    if rollout and rng.random() < 0.7:
        wanted.append(rollout[0])
    theirs = {case.goal_key for case in story.use_cases}
    elsewhere = {case.goal for case in industry.use_cases} - theirs  # use cases they lack
    others = [
        g
        for g in by_key.values()
        if g not in wanted and g.key not in elsewhere and g.category is not GoalCategory.ONBOARDING
    ]
    rng.shuffle(others)
    spare = [g for g in by_key.values() if g.key in elsewhere and g not in wanted]
    low, high = GOALS_BY_TIER[story.sketch.tier.value]
    count = roll(rng, low, high) if current else roll(rng, 3, 4)
    chosen: list[GoalKind] = []
    for kind in [*wanted, *others, *spare]:  # goals of use cases they lack come last
        if kind not in chosen:
            chosen.append(kind)
    return chosen[:count]


def _goal(  # noqa: PLR0912 - one branch per archetype's goal story
    story: Story,
    plan_id: bytes,
    kind: GoalKind,
    start: date,
    end: date,
    before: GoalPlan | None,
    *,
    current: bool,
    draw: float,
) -> GoalPlan:
    """A goal of a plan, measured from its start; ``draw`` (0-1) decides, against the
    archetype's odds, whether it is met."""
    rng = story.rng
    sketch = story.sketch
    onboarding = kind.category is GoalCategory.ONBOARDING
    if before is not None and before.series:
        baseline = before.series[-1][1]
        gain = rng.uniform(*kind.target) / 2 if kind.relative else 0.0
    else:
        baseline = round(rng.uniform(*kind.baseline), kind.decimals)
        gain = rng.uniform(*kind.target) if kind.relative else 0.0
    if kind.relative:
        target = baseline * (1 + gain) if kind.better > 0 else baseline * (1 - gain)
    elif before is not None:
        target = baseline + (rng.uniform(*kind.target) - baseline) * 0.5
        target = max(target, baseline + 1) if kind.better > 0 else target
    else:
        target = rng.uniform(*kind.target)
    target = _clip(round(target, kind.decimals), kind)
    step = 10**-kind.decimals
    if (target - baseline) * kind.better < step:  # nothing left to gain: start afresh
        if before is not None:
            return _goal(story, plan_id, kind, start, end, None, current=current, draw=draw)
        target = _clip(
            round(baseline + kind.better * max(step, abs(baseline) * 0.1), kind.decimals), kind
        )
    if onboarding:
        due = start + timedelta(days=roll(rng, 45, 110))
    else:
        due = start + timedelta(days=round(365 * rng.uniform(0.55, 0.98)))
    due = story.workday(min(due, end)) if min(due, end) <= story.today else min(due, end)
    case = next((u for u in story.use_cases if u.goal_key == kind.key), None)
    begins = start
    if case is not None:
        begins = case.go_live if case.go_live is not None and case.go_live > start else start
        if case.go_live is None or case.go_live > due:
            begins = due  # its use case is not live in time: nothing moves
    chance = story.arc.achieve
    if onboarding:
        chance = min(0.95, chance + 0.35)
    if story.trigger is not None and due < story.trigger:
        chance = 0.6  # met before the trouble began
    elif story.trigger is not None and begins >= story.trigger:
        chance = 0.05  # started after it: hardly anything moves
    achieves = draw < chance and begins < due
    series, achieved_on = _measure(
        story, kind, baseline, target, start, due, begins, end, achieves=achieves, current=current
    )
    as_of = min(end, story.end) if not current or sketch.archetype == CHURNED else story.today
    status = _status(baseline, target, series, achieved_on, begins, due, as_of)
    owner = story.contact(start) if rng.random() < 0.65 else None
    template = pick(rng, kind.titles)
    title = template.format(site=pick(rng, story.sites))
    if not ("{site}" in template and kind.category is GoalCategory.EXPANSION):
        # "Bring the north depot onto the board" already says how far; others get a number
        title = _quantified(title, kind, baseline, target, rng.random())
    value = None
    if kind.hourly:
        value = HOURLY_COST[sketch.country.region]
    elif kind.per_unit is not None:
        value = kind.per_unit
    row = story.rows.add(
        "goals",
        start,
        plan_id=plan_id,
        title=title,
        description=f"{kind.kpi} from {fmt_number(baseline, kind.unit)} to "
        f"{fmt_number(target, kind.unit)} by {fmt_date(due)}, so that {kind.outcome}.",
        category=kind.category,
        kpi_name=kind.kpi,
        unit=kind.unit,
        baseline=baseline,
        current=series[-1][1] if series else None,
        target=target,
        due_date=due,
        status=status,
        achieved_on=achieved_on,
        priority=pick(
            rng, (Priority.HIGH, Priority.MEDIUM, Priority.MEDIUM, Priority.CRITICAL, Priority.LOW)
        ),
        owner_stakeholder_id=owner.row["id"] if owner else None,
        owner_name="" if owner else sketch.owner,
        customer_visible=kind.category is not GoalCategory.RISK_REDUCTION or rng.random() < 0.5,
        value_per_unit_minor=value,
    )
    notes = _measurement_notes(story, case, series, achieved_on, begins)
    for day, measured in series:
        story.rows.add(
            "goal_measurements",
            day,
            goal_id=row["id"],
            measured_on=day,
            value=measured,
            note=notes.get(day, ""),
        )
    return GoalPlan(
        row=row,
        kind_key=kind.key,
        kpi=kind.kpi,
        unit=kind.unit,
        baseline=baseline,
        target=target,
        start=start,
        due=due,
        series=series,
        achieved_on=achieved_on,
        plan_current=current,
    )


def _clip(value: float, kind: GoalKind) -> float:
    high = 100.0 if kind.unit == "%" else float("inf")
    return min(max(value, 0.0), high)


def _quantified(title: str, kind: GoalKind, baseline: float, target: float, roll: float) -> str:
    """Half the titles say the number: "... by 40%", "... to 95.5%"."""
    if roll < 0.5:
        return title
    if kind.relative and kind.better < 0 and baseline:
        return f"{title} by {round(100 * (baseline - target) / baseline)}%"
    return f"{title} to {fmt_number(target, kind.unit)}"


def _measure(
    story: Story,
    kind: GoalKind,
    baseline: float,
    target: float,
    start: date,
    due: date,
    begins: date,
    end: date,
    *,
    achieves: bool,
    current: bool,
) -> tuple[list[tuple[date, float]], date | None]:
    """Monthly (current plan) or quarterly (past plan) measurements from the baseline on."""
    rng = story.rng
    stop = min(story.today, story.end, end if not current else story.today)
    if not achieves and due < stop:
        stop = min(stop, due + timedelta(days=31))
    span = max((due - begins).days, 1)
    reach = begins + timedelta(days=round(span * rng.uniform(0.5, 0.95)))
    final = rng.uniform(*_stuck(story))
    slide = rng.uniform(0.3, 0.8)
    overshoot = rng.uniform(0.0, 0.12)
    series: list[tuple[date, float]] = []
    achieved_on = None
    step = (28, 35) if current else (85, 100)
    day = start
    while day <= stop:
        if day <= begins:
            share = rng.gauss(0.0, 0.015) if series else 0.0
        elif achieves:
            elapsed = (day - begins).days / max((reach - begins).days, 1)
            share = 1 + overshoot if elapsed >= 1 else elapsed**0.85 + rng.gauss(0, 0.025)
        else:
            elapsed = min((day - begins).days / span, 1.15)
            share = final * elapsed**0.9 + rng.gauss(0, 0.025)
            if story.trigger is not None and day > story.trigger:
                since = max(story.trigger, begins)
                at_trigger = final * min((since - begins).days / span, 1.15) ** 0.9
                share = at_trigger - (day - since).days / 365 * slide
        value = _clip(round(baseline + (target - baseline) * share, kind.decimals), kind)
        progress = goal_progress(baseline, value, target) or 0.0
        if progress >= 1.0 and not (achieves and day >= reach):
            value = round(target - kind.better * 10**-kind.decimals, kind.decimals)
        if achieves and day >= reach and (goal_progress(baseline, value, target) or 0) < 1:
            value = target
        series.append((day, value))
        if achieved_on is None and (goal_progress(baseline, value, target) or 0.0) >= 1.0:
            achieved_on = day
        following = story.workday(day + timedelta(days=roll(rng, *step)))
        if day < due < following and due <= stop:
            following = due  # a goal is always measured on its due date
        day = following if following > day else day + timedelta(days=3)
    return series, achieved_on


def _stuck(story: Story) -> tuple[float, float]:
    """How far a goal that is not met gets (share of the way to its target)."""
    if story.archetype in HEALTHY:
        return (0.7, 0.95)
    if story.archetype in DECLINING:
        return (0.15, 0.6)
    return (0.5, 0.92)


def _status(
    baseline: float,
    target: float,
    series: list[tuple[date, float]],
    achieved_on: date | None,
    begins: date,
    due: date,
    as_of: date,
) -> GoalStatus:
    """The status a CSM gives a goal on ``as_of``: met, missed, or on track for the time
    elapsed since work on it could begin (its use case live), or behind."""
    if achieved_on is not None:
        return GoalStatus.ACHIEVED
    if due < as_of:
        return GoalStatus.MISSED
    if as_of <= begins:
        return GoalStatus.NOT_STARTED
    start = begins
    latest = series[-1][1] if series else baseline
    if (latest - baseline) * (target - baseline) < 0:  # going backwards
        return GoalStatus.AT_RISK if (as_of - start).days < 60 else GoalStatus.OFF_TRACK
    progress = goal_progress(baseline, series[-1][1], target) or 0.0 if series else 0.0
    elapsed = (as_of - start).days / max((due - start).days, 1)
    if progress < 0.05 and elapsed < 0.3:
        return GoalStatus.NOT_STARTED
    if progress >= elapsed - 0.15:
        return GoalStatus.ON_TRACK
    if progress >= elapsed - 0.35:
        return GoalStatus.AT_RISK
    return GoalStatus.OFF_TRACK


def _measurement_notes(
    story: Story,
    case: UseCasePlan | None,
    series: list[tuple[date, float]],
    achieved_on: date | None,
    begins: date,
) -> dict[date, str]:
    """The few measurements a CSM annotates: the baseline, the go-live, the target reached,
    the first bad month after the trigger."""
    if not series:
        return {}
    notes = {series[0][0]: "Baseline at the start of the plan."}
    if case is not None and case.go_live is not None and begins > series[0][0]:
        after = next((d for d, _ in series if d > begins), None)
        if after is not None:
            notes[after] = f"First month with {lower_first(case.title)} live at the {case.site}."
    if achieved_on is not None:
        notes[achieved_on] = "Target reached."
    if story.trigger is not None:
        after = next((d for d, _ in series if d > story.trigger), None)
        if after is not None and after not in notes:
            notes[after] = TRIGGER_NOTES.get(story.cause or "", "")
    return notes


TRIGGER_NOTES = {
    "champion_left": "Fell back after our champion left; nobody is chasing the teams.",
    "new_sponsor": "Flat while the new sponsor reviews the programme.",
    "outages": "Hit by the incidents this month.",
    "budget": "Training paused by the budget freeze.",
    "competitor": "The pilot site stopped reporting.",
    "low_adoption": "Usage fell at the second site.",
    "merger": "Change frozen during the merger.",
}


def _value_realised(story: Story) -> None:
    """A live use case that moved its goal says by how much, and what that is worth a year."""
    for case in story.use_cases:
        if not case.live or case.row["adoption_pct"] < 40 or not case.goal_key:
            continue
        goals = [g for g in story.goals if g.kind_key == case.goal_key and g.series]
        if not goals:
            continue
        first, last = goals[0], goals[-1]
        before, after = first.baseline, last.series[-1][1]
        progress = goal_progress(first.baseline, after, last.target) or 0.0
        if progress < 0.3:
            continue
        better = "down" if after < before else "up"
        case.row["value_realised"] = (
            f"{first.kpi} {better} from {fmt_number(before, first.unit)} to "
            f"{fmt_number(after, first.unit)} since {month_year(first.start)}."
        )
        per_unit = last.row["value_per_unit_minor"]
        periods = _periods_per_year(first.unit)
        if per_unit and periods:
            saved = abs(after - before) * periods * per_unit
            case.row["value_minor"] = int(round(saved, -5))


def _periods_per_year(unit: str) -> int | None:
    if unit.endswith(("/month", "per month")):
        return 12
    if unit.endswith(("/week", "per week")) and "store" not in unit:
        return 52
    return None


def _internal_note(story: Story, start: date) -> str:
    """The CSM's private note on the current plan: what this year is really about."""
    sketch = story.sketch
    day = max(start, min(story.today, story.end) - timedelta(days=30))
    contact = story.contact(day)
    boss = story.boss(day)
    site = pick(story.rng, story.sites)
    renewal = fmt_date(sketch.renewal)
    notes = {
        "thriving": f"{contact.first} is our best ally; keep them visible to {boss.first}. "
        "Reference candidate.",
        "expanding": f"Expansion into the {site} is this year's story; {boss.first} has the "
        "budget.",
        "steady": f"Solid but quiet. {boss.first} has not seen us for a while; book an "
        "executive call before the renewal.",
        "new": f"First 90 days: first use case live at the {site} and the key users trained.",
        "churned": f"Lost at the renewal on {renewal}. Keep {contact.first} on the newsletter.",
    }
    if sketch.archetype in notes:
        return notes[sketch.archetype]
    causes = {
        "champion_left": "Our champion left and nobody owns the rollout",
        "new_sponsor": f"New sponsor {boss.name} was not part of the decision",
        "outages": "Confidence is low after the incidents",
        "budget": "Their software budget is being cut",
        "competitor": f"{story.competitor} is pitching to {boss.first}",
        "low_adoption": f"Adoption is stuck at the {site}",
        "merger": "The new parent company is reviewing every tool",
    }
    return f"{causes.get(story.cause or '', 'Usage is falling')}. Renewal on {renewal} is the goal."

"""Money: the opportunities an account opens, wins or loses, and the revenue events of its ARR.

Every won opportunity is an expansion revenue event of the same amount on the day it closed,
and every expansion event is a won opportunity. Renewals are recorded on each anniversary; an
account in decline may renew smaller (a contraction) and a churned one leaves on its renewal
date with a churn event that takes its ARR to zero, its note saying why.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.enums import OpportunityStage, OpportunityStatus, RevenueKind
from planner.services.demo import phrases as p
from planner.services.demo.cast import (
    AT_RISK,
    CHURNED,
    CHURNING,
    EXPANDING,
    NEW,
    STEADY,
    THRIVING,
)
from planner.services.demo.dice import pick, roll
from planner.services.demo.story import Opportunity, Story, lower_first

CURRENCY = "USD"


def churn_reason(story: Story) -> str:
    """Why the account left (or is leaving), in the CSM's words."""
    if not story.reason:
        templates = p.CHURN_REASONS[story.cause or "low_adoption"]
        boss = story.boss(story.end)
        story.reason = pick(story.rng, templates).format(
            competitor=story.competitor, sponsor_title=boss.title
        )
    return story.reason


def plan_commerce(story: Story) -> None:
    _opportunities(story)
    _revenue(story)


def _opportunities(story: Story) -> None:
    rng = story.rng
    archetype = story.archetype
    today = story.today
    late = today - timedelta(days=20)
    wins: list[date] = []
    if archetype == EXPANDING:
        wins = [story.between(today - timedelta(days=270), late) for _ in range(roll(rng, 1, 2))]
    elif archetype == THRIVING and rng.random() < 0.7:
        wins = [story.between(story.since + timedelta(days=60), today - timedelta(days=60))]
    elif archetype == STEADY and rng.random() < 0.35:
        wins = [story.between(story.since, today - timedelta(days=120))]
    wins = sorted(story.workday(d) for d in wins if d > story.start + timedelta(days=120))
    titles = list(story.sketch.industry.opportunities)
    rng.shuffle(titles)
    for day in wins:
        if titles:
            _add(
                story,
                titles.pop(),
                created=day - timedelta(days=roll(rng, 40, 120)),
                closed=day,
                won=True,
            )
    open_chance = {THRIVING: 0.85, EXPANDING: 0.9, STEADY: 0.5, NEW: 0.4, AT_RISK: 0.5}
    if titles and rng.random() < open_chance.get(archetype, 0.0):
        _add(
            story,
            titles.pop(),
            created=today - timedelta(days=roll(rng, 10, 120)),
            closed=None,
            won=False,
        )
    lost_chance = {AT_RISK: 0.3, CHURNING: 0.8, CHURNED: 0.7}
    if titles and story.trigger is not None and rng.random() < lost_chance.get(archetype, 0.0):
        closed = story.workday(story.between(story.trigger + timedelta(days=20), story.end))
        _add(
            story,
            titles.pop(),
            created=story.trigger - timedelta(days=roll(rng, 20, 60)),
            closed=min(closed, story.end),
            won=False,
        )


def _add(
    story: Story, spec: tuple[str, object, str], *, created: date, closed: date | None, won: bool
) -> None:
    rng = story.rng
    title_template, kind, product = spec
    title = title_template.format(site=pick(rng, story.sites))
    created = max(created, story.start + timedelta(days=30))
    contact = story.contact(created)
    if closed is None:
        stage = pick(
            rng,
            (
                OpportunityStage.IDENTIFIED,
                OpportunityStage.QUALIFIED,
                OpportunityStage.PROPOSAL,
                OpportunityStage.NEGOTIATION,
            ),
        )
        if story.archetype == AT_RISK:
            stage = OpportunityStage.QUALIFIED
            notes = "On hold until the renewal is settled."
        else:
            notes = {
                OpportunityStage.IDENTIFIED: f"{contact.first} raised it; needs a sponsor.",
                OpportunityStage.QUALIFIED: f"{contact.first} has budget in principle; "
                "scoping next.",
                OpportunityStage.PROPOSAL: f"Proposal with {story.buyer(story.today).first}.",
                OpportunityStage.NEGOTIATION: "Terms agreed; waiting for the purchase order.",
            }[stage]
        status = OpportunityStatus.OPEN
        expected = story.today + timedelta(days=roll(rng, 20, 150))
    elif won:
        stage, status, expected = OpportunityStage.CLOSED, OpportunityStatus.WON, closed
        notes = f"{contact.first} championed it after the results at the {pick(rng, story.sites)}."
    else:
        stage, status, expected = OpportunityStage.CLOSED, OpportunityStatus.LOST, closed
        notes = f"Lost: {churn_reason(story)}."
    row = story.rows.add(
        "opportunities",
        created,
        account_id=story.account_id,
        title=title,
        kind=kind,
        product=product,
        amount_minor=0,
        currency=CURRENCY,
        stage=stage,
        expected_close=expected,
        status=status,
        closed_on=closed,
        notes=notes,
    )
    story.opportunities.append(
        Opportunity(row=row, title=title, created=created, closed=closed, won=won, amount=0)
    )


def _revenue(story: Story) -> None:
    """Revenue events in date order; expansion amounts are a share of the ARR at the time."""
    rng = story.rng
    sketch = story.sketch
    events: list[tuple[date, int, RevenueKind, Opportunity | None]] = [
        (sketch.start, 0, RevenueKind.NEW, None)
    ]
    events += [(day, 1, RevenueKind.RENEWAL, None) for day in story.renewals]
    for opportunity in story.opportunities:
        if opportunity.won and opportunity.closed is not None:
            events.append((opportunity.closed, 2, RevenueKind.EXPANSION, opportunity))
    if story.trigger is not None:
        shrink = {AT_RISK: 0.5, CHURNING: 0.5}.get(story.archetype, 0.0)
        if story.cause in ("budget", "low_adoption"):
            shrink += 0.3
        after = [d for d in story.renewals if d > story.trigger]
        if after and rng.random() < shrink:
            story.contraction_on = after[0]
            events.append((after[0], 3, RevenueKind.CONTRACTION, None))
    if sketch.churn_on is not None:
        events.append((sketch.churn_on, 4, RevenueKind.CHURN, None))
    arr = 0
    case = story.use_cases[0].title if story.use_cases else "the first use case"
    for day, _, kind, won in sorted(events, key=lambda e: (e[0], e[1])):
        if kind is RevenueKind.NEW:
            delta, note = sketch.arr0, f"First contract: {lower_first(case)}."
        elif kind is RevenueKind.RENEWAL:
            delta, note = 0, "Renewed for 12 months."
        elif kind is RevenueKind.EXPANSION:
            assert won is not None
            delta = max(5_000_00, int(round(arr * rng.uniform(0.1, 0.35), -5)))
            won.amount = delta
            won.row["amount_minor"] = delta
            note = f"Expansion: {won.title}."
        elif kind is RevenueKind.CONTRACTION:
            delta = -int(round(arr * rng.uniform(0.15, 0.3), -5))
            note = f"Renewed with fewer seats: {churn_reason(story)}."
        else:
            delta, note = -arr, f"Did not renew: {churn_reason(story)}."
        arr += delta
        story.rows.add(
            "revenue_events",
            day,
            account_id=story.account_id,
            occurred_on=day,
            kind=kind,
            arr_delta_minor=delta,
            currency=CURRENCY,
            note=note,
            crm_id=None,
        )
    for opportunity in story.opportunities:
        if not opportunity.won:
            share = rng.uniform(0.1, 0.3)
            amount = max(5_000_00, int(round(max(arr, sketch.arr0) * share, -5)))
            opportunity.amount = amount
            opportunity.row["amount_minor"] = amount
    story.arr = arr

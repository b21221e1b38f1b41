"""Risks, QBRs and actions: what the CSM worries about, agrees with the customer, and does.

A QBR decides on what is happening at the time (a go-live coming up, a root-cause report owed
after an escalation, a recovery plan in a bad quarter, the next expansion), and each decision
becomes an action linked to that QBR, due on the date the decision names, done or not as the
account's story goes. A planned QBR carries its objectives and the asks for the meeting.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from planner.domain.agenda import SECTIONS, allocate_minutes, fmt_date
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    InteractionType,
    Likelihood,
    Priority,
    QbrStatus,
    RiskCategory,
    RiskStatus,
    Severity,
    StakeholderRole,
    Tier,
)
from planner.services.demo import phrases as p
from planner.services.demo.cast import AT_RISK, CHURNING, NEW, STEADY
from planner.services.demo.commerce import churn_reason
from planner.services.demo.dice import pick, roll
from planner.services.demo.names import CS_LEADER
from planner.services.demo.rows import Row
from planner.services.demo.story import (
    HEALTHY,
    MONTHS,
    Person,
    Slots,
    Story,
    lower_first,
    sentence_case,
)
from planner.services.demo.timeline import log

CADENCE = {Tier.STRATEGIC: 91, Tier.ENTERPRISE: 91, Tier.MID_MARKET: 182, Tier.SMB: 365}
CUSTOMER_SIDE = frozenset({"customer", "sponsor", "buyer", "it"})
"""Owners of an action on the customer's side (see :func:`add_action`)."""
THEIR_SIDE_SHARE = 0.85
"""How often a decision whose action is ours also gives the customer an action."""


def quarter_title(day: date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year} Business Review"


# --------------------------------------------------------------------------- risks


def raise_risks(story: Story) -> dict[str, Row]:
    """The account's risks, by what they are about (``incident:<subject>``, ``cause``,
    ``renewal``, ``industry``)."""
    rng = story.rng
    risks: dict[str, Row] = {}
    owner = story.sketch.owner
    for esc in story.escalations:
        key = f"incident:{esc.incident.subject}"
        if key in risks or (not esc.decline and rng.random() < 0.5):
            continue
        series = [e for e in story.escalations if e.incident is esc.incident]
        settled = all(e.resolved_on for e in series)
        last = series[-1].resolved_on
        if not esc.decline:
            status, resolved = RiskStatus.RESOLVED, esc.resolved_on
        elif settled and last is not None and (story.today - last).days > 60:
            status, resolved = RiskStatus.RESOLVED, last
        else:
            status, resolved = RiskStatus.MITIGATING, None
        risks[key] = _risk(
            story,
            esc.day,
            title=f"Repeated incidents: {lower_first(esc.incident.subject)}"
            if esc.decline
            else esc.incident.subject,
            description=f"{esc.incident.impact[0].upper()}{esc.incident.impact[1:]}. Cause: "
            f"{esc.incident.cause}.",
            category=RiskCategory.PRODUCT,
            severity=Severity.HIGH if esc.decline else Severity.MEDIUM,
            likelihood=Likelihood.LIKELY if esc.decline else Likelihood.POSSIBLE,
            mitigation=f"{esc.incident.fix[0].upper()}{esc.incident.fix[1:]}; weekly review "
            f"with {story.support} until it holds.",
            status=status,
            resolved=resolved,
            owner=owner,
            internal=False,
        )
    if story.trigger is not None:
        risks["cause"] = _cause_risk(story)
    renewal = story.sketch.renewal
    if story.archetype in (AT_RISK, CHURNING) and renewal - story.today < timedelta(days=300):
        churning = story.archetype == CHURNING
        raised = max(story.trigger or story.today, story.today - timedelta(days=90))
        risks["renewal"] = _risk(
            story,
            story.workday(raised),
            title=f"Renewal on {fmt_date(renewal)} at risk",
            description=f"{story.buyer(raised).name} has not committed; {churn_reason(story)}."
            if churning
            else f"{story.buyer(raised).name} wants proof of value before renewing.",
            category=RiskCategory.COMMERCIAL,
            severity=Severity.CRITICAL if churning else Severity.HIGH,
            likelihood=Likelihood.ALMOST_CERTAIN if churning else Likelihood.LIKELY,
            mitigation=f"Save plan with {CS_LEADER}; value review for {story.boss(raised).first} "
            "with the numbers from the success plan.",
            status=RiskStatus.OPEN,
            resolved=None,
            owner=owner,
            internal=True,
        )
    if story.trigger is None and rng.random() < 0.6:
        title, category, mitigation = pick(rng, story.sketch.industry.risks)
        raised = story.workday(story.between(story.since, story.today - timedelta(days=20)))
        status = pick(rng, (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.RESOLVED))
        resolved = (
            story.workday(story.between(raised, story.today))
            if status is RiskStatus.RESOLVED
            else None
        )
        risks["industry"] = _risk(
            story,
            raised,
            title=title,
            description=f"{title}.",
            category=category,
            severity=pick(rng, (Severity.LOW, Severity.MEDIUM)),
            likelihood=pick(rng, (Likelihood.UNLIKELY, Likelihood.POSSIBLE)),
            mitigation=mitigation,
            status=status,
            resolved=resolved,
            owner=owner,
            internal=False,
        )
    if story.sketch.churn_on is not None:
        for row in risks.values():
            if row["status"] is not RiskStatus.RESOLVED:
                row["status"] = RiskStatus.ACCEPTED
                row["resolved_on"] = story.sketch.churn_on
    return risks


def _cause_risk(story: Story) -> Row:
    assert story.trigger is not None
    day = story.workday(story.trigger + timedelta(days=roll(story.rng, 0, 10)))
    day = min(day, story.today)
    boss = story.boss(day)
    site = pick(story.rng, story.sites)
    left = next(
        (
            x
            for x in story.people
            if x.left is not None and x.left <= day and x.role is StakeholderRole.CHAMPION
        ),
        None,
    )
    specs: dict[str, tuple[str, RiskCategory, str, bool]] = {
        "champion_left": (
            f"{left.name if left else 'Our champion'} has left; nobody owns the rollout",
            RiskCategory.RELATIONSHIP,
            f"Find a new champion at the {site}; brief {boss.first} on the plan.",
            True,
        ),
        "new_sponsor": (
            f"New sponsor {boss.name} is reviewing every tool",
            RiskCategory.RELATIONSHIP,
            f"Value review for {boss.first} with the results so far; executive call with "
            f"{CS_LEADER}.",
            True,
        ),
        "outages": (
            "Confidence in reliability is low",
            RiskCategory.PRODUCT,
            f"Root-cause reports on time; monthly service review with {story.support}.",
            False,
        ),
        "budget": (
            "Software budget cut for next year",
            RiskCategory.COMMERCIAL,
            f"Savings case for {story.buyer(day).first}, built from the goals' measurements.",
            False,
        ),
        "competitor": (
            f"{story.competitor} pilot at the {site}",
            RiskCategory.COMPETITION,
            f"Show {boss.first} the results at the other sites; offer a workshop at the {site}.",
            True,
        ),
        "low_adoption": (
            f"Adoption stuck at the {site}",
            RiskCategory.ADOPTION,
            f"Refresher training and a named super-user at the {site}.",
            False,
        ),
        "merger": (
            f"New parent company runs {story.competitor}",
            RiskCategory.ORGANISATIONAL,
            f"Meet the group IT director; send {boss.first} our value summary for the review.",
            True,
        ),
    }
    title, category, mitigation, internal = specs[story.cause or "low_adoption"]
    return _risk(
        story,
        day,
        title=title,
        description=f"{title}.",
        category=category,
        severity=Severity.HIGH,
        likelihood=Likelihood.LIKELY,
        mitigation=mitigation,
        status=RiskStatus.OPEN,
        resolved=None,
        owner=story.sketch.owner,
        internal=internal,
    )


def _risk(story: Story, day: date, **values: Any) -> Row:
    resolved = values.pop("resolved")
    owner = values.pop("owner")
    return story.rows.add(
        "risks",
        day,
        account_id=story.account_id,
        raised_on=day,
        resolved_on=resolved,
        owner_name=owner,
        **values,
    )


# --------------------------------------------------------------------------- QBRs


def hold_qbrs(story: Story, risks: dict[str, Row]) -> None:
    rng = story.rng
    cadence = CADENCE[story.sketch.tier]
    day = story.start + timedelta(days=roll(rng, 95, 130))
    held: list[date] = []
    skipped = False
    # a churned account's last weeks hold no QBR; an active one's next QBR may be days away
    stop = (
        story.end - timedelta(days=20) if story.sketch.churn_on else story.today - timedelta(days=2)
    )
    while day < stop:
        meeting = story.workday(day)
        postponed = story.dark(meeting) or (
            story.trigger is not None
            and meeting > story.trigger
            and not skipped
            and held
            and rng.random() < 0.4
        )
        if postponed and meeting >= story.since:
            skipped = True
            log(
                story,
                meeting,
                InteractionType.NOTE,
                "QBR postponed",
                f"{story.boss(meeting).first} postponed the {quarter_title(meeting)}; no new "
                "date yet.",
            )
        elif meeting >= story.since - timedelta(days=10):
            held.append(meeting)
        day += timedelta(days=cadence + roll(rng, -10, 10))
    for n, meeting in enumerate(held):
        _held(story, meeting, held[n - 1] if n else None, cadence, risks)
    story.qbr_days = held
    if story.sketch.churn_on is None:
        _planned(story, day, held[-1] if held else None)


def _attendees(story: Story, day: date) -> list[Person]:
    rng = story.rng
    people = [story.contact(day)]
    boss = story.boss(day)
    if boss not in people and rng.random() < (0.4 if story.mood(day) < 0.2 else 0.85):
        people.append(boss)
    buyer = story.buyer(day)
    if buyer not in people and story.sketch.renewal - day < timedelta(days=150):
        people.append(buyer)
    others = [x for x in story.present(day) if x not in people]
    if others and rng.random() < 0.6:
        people.append(pick(rng, others))
    return people


def _names(people: list[Person]) -> str:
    names = [x.first for x in people]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _held(
    story: Story, day: date, previous: date | None, cadence: int, risks: dict[str, Row]
) -> None:
    rng = story.rng
    people = _attendees(story, day)
    picked = _decisions(story, day)
    good = story.mood(day) >= 0.5
    qbr = story.rows.add(
        "qbrs",
        day - timedelta(days=roll(rng, 7, 21)),
        account_id=story.account_id,
        title=quarter_title(day),
        meeting_date=day,
        period_start=(previous + timedelta(days=1)) if previous else day - timedelta(days=cadence),
        period_end=day,
        length_minutes=90 if story.sketch.tier is Tier.STRATEGIC else 60,
        status=QbrStatus.HELD,
        objectives=story.say(p.QBR_OBJECTIVES_GOOD if good else p.QBR_OBJECTIVES_BAD, day),
        decisions="",
        asks="",
        notes=story.say(p.QBR_NOTES, day) if rng.random() < 0.6 else "",
        generated_files=[],
    )
    texts = []
    for kind, slots in picked:
        decision, title, owner = pick(rng, p.DECISIONS[kind])
        words = Slots(story, day, slots)  # one site, one team for the decision and its action
        texts.append(sentence_case(decision.format_map(words)))
        due = slots["due"]
        goal, risk = slots.get("goal_id"), risks.get(slots.get("risk_key", ""), {}).get("id")
        titles = [(sentence_case(title.format_map(words)), owner)]
        theirs = p.THEIR_SIDE.get(kind, ())
        if owner not in CUSTOMER_SIDE and theirs and rng.random() < THEIR_SIDE_SHARE:
            # the customer's part of it, due with ours: the plan is mutual
            their_title, their_owner = pick(rng, theirs)
            titles.append((sentence_case(their_title.format_map(words)), their_owner))
        for action_title, action_owner in titles:
            _commitment(
                story,
                day,
                due,
                action_title,
                action_owner,
                kind,
                qbr_id=qbr["id"],
                goal=goal,
                risk=risk,
            )
    qbr["decisions"] = " ".join(texts)
    for person in people:
        story.rows.add("qbr_attendees", day, qbr_id=qbr["id"], stakeholder_id=person.row["id"])
    if story.internal and rng.random() < 0.5:
        story.rows.add(
            "qbr_attendees", day, qbr_id=qbr["id"], stakeholder_id=story.internal[0]["id"]
        )
    log(
        story,
        day,
        InteractionType.QBR,
        quarter_title(day),
        story.say(p.QBR_SUMMARY, day, attendees=_names(people), decisions=qbr["decisions"]),
        tuple(people),
    )
    if story.today - day <= timedelta(days=365):
        _agenda(story, qbr, day)


def _agenda(story: Story, qbr: Row, day: date) -> None:
    minutes = allocate_minutes([s.weight for s in SECTIONS], qbr["length_minutes"])
    goal = story.primary_goal(day)
    for position, (section, share) in enumerate(zip(SECTIONS, minutes, strict=True)):
        notes = ""
        if section.key == "goals" and goal is not None:
            notes = story.say(("{kpi}: {value} against a target of {target}.",), day)
        story.rows.add(
            "qbr_agenda_items",
            day,
            qbr_id=qbr["id"],
            position=position,
            section=section.key,
            title=section.title,
            minutes=share,
            owner=story.sketch.owner if position % 2 == 0 else story.contact(day).name,
            notes=notes,
            talking_points=[],
        )


def _decisions(story: Story, day: date) -> list[tuple[str, dict[str, Any]]]:
    """What this QBR decides, given what is going on; each with the slots its words need."""
    rng = story.rng

    def due(low: int = 14, high: int = 45) -> date:
        return (
            story.workday(day + timedelta(days=roll(rng, low, high)))
            if day + timedelta(days=high) <= story.today
            else day + timedelta(days=roll(rng, low, high))
        )

    must: list[tuple[str, dict[str, Any]]] = []
    may: list[tuple[str, dict[str, Any]]] = []

    def once(key: str) -> bool:
        """True the first time a decision about ``key`` comes up."""
        if key in story.decided:
            return False
        story.decided.add(key)
        return True

    for case in story.use_cases:
        if (
            case.go_live is not None
            and day < case.go_live <= day + timedelta(days=120)
            and once(f"go_live:{case.title}")
        ):
            must.append(
                (
                    "go_live",
                    {
                        "uc": lower_first(case.title),
                        "site": case.site,
                        "date": fmt_date(case.go_live),
                        "due": case.go_live,
                    },
                )
            )
            break
    for esc in story.escalations:
        if (
            day - timedelta(days=60) <= esc.day <= day
            and (esc.resolved_on is None or esc.resolved_on > day - timedelta(days=20))
            and once(f"rca:{esc.day}")
        ):
            when = due(7, 20)
            must.append(
                (
                    "rca",
                    {
                        "incident_lc": lower_first(esc.incident.subject),
                        "first": esc.raised_by.first,
                        "date": fmt_date(when),
                        "due": when,
                        "risk_key": f"incident:{esc.incident.subject}",
                    },
                )
            )
            break
    if story.trigger is not None and day > story.trigger:
        when = due(14, 30)
        must.append(("recovery", {"date": fmt_date(when), "due": when, "risk_key": "cause"}))
    goal = story.primary_goal(day)
    if goal is not None and once(f"kpi:{goal.kind_key}"):
        when = due()
        may.append(("kpi", {"date": fmt_date(when), "due": when, "goal_id": goal.row["id"]}))
    for opportunity in story.opportunities:
        if day - timedelta(days=30) <= opportunity.created <= day + timedelta(days=75) and once(
            f"expansion:{opportunity.title}"
        ):
            when = due()
            may.append(
                (
                    "expansion",
                    {"opp_lc": lower_first(opportunity.title), "date": fmt_date(when), "due": when},
                )
            )
            break
    if day < story.sketch.renewal <= day + timedelta(days=150) and once("renewal"):
        may.append(("renewal", {"due": due(20, 40)}))
    newcomers = [
        x
        for x in story.people
        if x.role is StakeholderRole.EXECUTIVE_SPONSOR
        and x.joined > story.start
        and day - timedelta(days=120) <= x.joined <= day
    ]
    if newcomers and once(f"exec:{newcomers[-1].name}"):
        may.append(("exec", {"due": due()}))
    if story.mood(day) < 0.5 and once(f"training:{day.year}-{day.month > 6}"):
        may.append(("training", {"due": due()}))
    if story.archetype in HEALTHY and story.mood(day) > 1.1 and once("reference"):
        may.append(("reference", {"due": due(20, 60)}))
    if not must and (story.mood(day) >= 0.5 or not may):
        when = due(20, 50)
        kind = pick(rng, ("next_site", "adoption")) if story.mood(day) >= 0.5 else "adoption"
        may.append((kind, {"date": fmt_date(when), "due": when}))
    rng.shuffle(may)
    return (must + may)[: max(2, min(3, len(must) + 1))]


def _commitment(
    story: Story,
    made: date,
    due: date,
    title: str,
    owner: str,
    kind: str,
    *,
    qbr_id: bytes | None,
    goal: bytes | None,
    risk: bytes | None,
) -> None:
    types = {
        "rca": ActionType.RISK,
        "recovery": ActionType.RISK,
        "expansion": ActionType.OPPORTUNITY,
        "renewal": ActionType.LIFECYCLE,
        "go_live": ActionType.LIFECYCLE,
    }
    priority = Priority.HIGH if kind in ("rca", "recovery", "renewal") else Priority.MEDIUM
    add_action(
        story,
        made,
        due,
        title,
        owner=owner,
        kind=types.get(kind, ActionType.FOLLOW_UP),
        priority=priority,
        qbr_id=qbr_id,
        goal_id=goal,
        risk_id=risk,
    )


def _planned(story: Story, after: date, last: date | None) -> None:
    rng = story.rng
    today = story.today
    meeting = after
    if meeting < today + timedelta(days=3):  # due about now: being scheduled for soon
        meeting = today + timedelta(days=roll(rng, 5, 20))
    in_window = meeting <= today + timedelta(days=60)
    renewal_soon = story.sketch.renewal - today < timedelta(days=120)
    if not in_window:
        if not (renewal_soon and story.archetype in (STEADY, AT_RISK, CHURNING)):
            return
        meeting = today + timedelta(days=roll(rng, 7, 35))
    while meeting.weekday() >= 5:
        meeting += timedelta(days=1)
    good = story.mood(today) >= 0.5
    slots: dict[str, Any] = {"date": fmt_date(meeting + timedelta(days=21))}
    opportunity = next((o for o in story.opportunities if o.closed is None), None)
    if opportunity is not None:
        slots["opp_lc"] = lower_first(opportunity.title)
    asks = [a for a in (p.ASKS_GOOD if good else p.ASKS_BAD) if opportunity or "{opp_lc}" not in a]
    chosen = rng.sample(asks, roll(rng, 2, 4))
    qbr = story.rows.add(
        "qbrs",
        today - timedelta(days=roll(rng, 0, 10)),
        account_id=story.account_id,
        title=quarter_title(meeting),
        meeting_date=meeting,
        period_start=(last + timedelta(days=1)) if last else story.start,
        period_end=meeting,
        length_minutes=90 if story.sketch.tier is Tier.STRATEGIC else 60,
        status=QbrStatus.PLANNED,
        objectives=story.say(p.QBR_OBJECTIVES_GOOD if good else p.QBR_OBJECTIVES_BAD, today),
        decisions="",
        asks="\n".join(story.say((a,), today, **slots) for a in chosen),
        notes="",
        generated_files=[],
    )
    for person in _attendees(story, today):
        story.rows.add("qbr_attendees", today, qbr_id=qbr["id"], stakeholder_id=person.row["id"])
    if meeting - today <= timedelta(days=30):  # close enough that the agenda is drafted
        _agenda(story, qbr, today)
        _preparation(story, qbr, meeting, qbr["asks"].splitlines())


def _preparation(story: Story, qbr: Row, meeting: date, asks: list[str]) -> None:
    """What both sides do before a QBR whose agenda is drafted: we send the pre-read; the
    customer sends the topics the sponsor wants covered, and what the asks need before the
    meeting."""
    made = story.workday(story.today - timedelta(days=roll(story.rng, 0, 3)))
    add_action(
        story,
        made,
        meeting - timedelta(days=3),
        story.say((p.ACTION_PRE_READ,), made, review=qbr["title"]),
        owner="csm",
        kind=ActionType.FOLLOW_UP,
        qbr_id=qbr["id"],
    )
    add_action(
        story,
        made,
        meeting - timedelta(days=7),
        story.say((p.ACTION_TOPICS,), made),
        owner="customer",
        kind=ActionType.FOLLOW_UP,
        qbr_id=qbr["id"],
    )
    for ask in asks:
        if ask.endswith("before the meeting"):
            add_action(
                story,
                made,
                meeting - timedelta(days=2),
                ask,
                owner="customer",
                kind=ActionType.FOLLOW_UP,
                qbr_id=qbr["id"],
            )


# --------------------------------------------------------------------------- actions


def add_action(
    story: Story,
    made: date,
    due: date,
    title: str,
    *,
    owner: str,
    kind: ActionType,
    priority: Priority = Priority.MEDIUM,
    qbr_id: bytes | None = None,
    goal_id: bytes | None = None,
    risk_id: bytes | None = None,
    done_chance: float | None = None,
) -> Row:
    """An action owned by ``owner``, done or not as the story goes: kept promises in good
    times, slipped ones after the trigger. On the customer's side "customer" is the contact,
    "sponsor" the executive sponsor, "buyer" the economic buyer, "it" the decision maker;
    "csm", "se", "support", "leader" and "ae" are ours."""
    rng = story.rng
    today = story.today
    person: Person | None = None
    owner_name = ""
    if owner == "sponsor":
        person = story.boss(made)
    elif owner == "buyer":
        person = story.buyer(made)
    elif owner == "it":
        person = story.role(StakeholderRole.DECISION_MAKER, made) or story.contact(made)
    elif owner in CUSTOMER_SIDE:
        person = story.contact(made)
    else:
        owner_name = {
            "csm": story.sketch.owner,
            "se": story.se,
            "support": story.support,
            "leader": CS_LEADER,
            "ae": story.ae,
        }.get(owner, story.sketch.owner)
    if done_chance is None:
        done_chance = {"thriving": 0.92, "expanding": 0.9, "steady": 0.8, "new": 0.85}.get(
            story.archetype, 0.8
        )
        if story.trigger is not None and made > story.trigger:
            done_chance = 0.45
    status = ActionStatus.OPEN
    completed = None
    snoozed = None
    closing = min(today, story.end)
    if due <= closing and rng.random() < done_chance:
        status = ActionStatus.DONE
        completed = max(made, due - timedelta(days=roll(rng, 0, 10)))
    elif story.sketch.churn_on is not None:
        status = ActionStatus.CANCELLED
    elif due < today - timedelta(days=45 if not story.declining else 120):
        if rng.random() < 0.7:
            status = ActionStatus.DONE
            completed = min(today, due + timedelta(days=roll(rng, 5, 30)))
        else:
            status = ActionStatus.CANCELLED
    elif due < today:
        status = rng.choices(
            (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED), (55, 30, 15)
        )[0]
    else:
        status = pick(rng, (ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
        if status is ActionStatus.OPEN and rng.random() < 0.12:
            snoozed = today + timedelta(days=roll(rng, 2, 10))
    return story.rows.add(
        "action_items",
        made,
        account_id=story.account_id,
        goal_id=goal_id,
        risk_id=risk_id,
        qbr_id=qbr_id,
        title=title,
        description="",
        owner_name=owner_name,
        owner_stakeholder_id=person.row["id"] if person else None,
        due_date=due,
        status=status,
        priority=priority,
        type=kind,
        completed_on=completed,
        snoozed_until=snoozed,
        crm_id=None,
    )


def other_actions(story: Story, risks: dict[str, Row]) -> None:
    """The actions that do not come from a QBR: onboarding, escalations, people, renewal,
    proposals, reports, and the exit of a churned account."""
    rng = story.rng
    today = story.today
    if story.archetype == NEW or story.start >= story.since:
        for n, (title, owner) in enumerate(rng.sample(p.ACTIONS_ONBOARDING, roll(rng, 4, 6))):
            made = story.workday(story.start + timedelta(days=2 + 4 * n))
            due = made + timedelta(days=roll(rng, 7, 21))
            add_action(
                story, made, due, story.say((title,), made), owner=owner, kind=ActionType.LIFECYCLE
            )
    for esc in story.escalations:
        made = story.workday(esc.day + timedelta(days=1))
        if made > min(today, story.end) or made < story.since:
            continue
        due = esc.resolved_on or made + timedelta(days=roll(rng, 7, 14))
        add_action(
            story,
            made,
            due,
            f"Confirm the fix with {esc.raised_by.first}: {lower_first(esc.incident.subject)}",
            owner="support",
            kind=ActionType.RISK,
            priority=Priority.HIGH,
            risk_id=risks.get(f"incident:{esc.incident.subject}", {}).get("id"),
            done_chance=1.0 if esc.resolved_on else 0.0,
        )
    for person in story.people:
        if person.joined > story.start and person.joined >= story.since:
            made = story.workday(person.joined + timedelta(days=1))
            if made <= today:
                add_action(
                    story,
                    made,
                    made + timedelta(days=14),
                    p.ACTION_MEET_NEW.format(title=person.title, name=person.name),
                    owner="csm",
                    kind=ActionType.FOLLOW_UP,
                    done_chance=0.95,
                )
        if (
            person.left is not None
            and person.role is StakeholderRole.CHAMPION
            and story.sketch.churn_on is None
        ):
            made = story.workday(person.left + timedelta(days=3))
            add_action(
                story,
                made,
                made + timedelta(days=30),
                story.say((p.ACTION_NEW_CHAMPION,), made),
                owner="csm",
                kind=ActionType.RISK,
                priority=Priority.HIGH,
                risk_id=risks.get("cause", {}).get("id"),
                done_chance=0.0,
            )
            add_action(  # the sponsor names who takes the rollout over
                story,
                made,
                made + timedelta(days=21),
                story.say((p.ACTION_NEW_OWNER,), made),
                owner="sponsor",
                kind=ActionType.RISK,
                priority=Priority.HIGH,
                risk_id=risks.get("cause", {}).get("id"),
                done_chance=0.3,
            )
    renewal = story.sketch.renewal
    if story.sketch.churn_on is None and renewal - today <= timedelta(days=120):
        made = story.workday(renewal - timedelta(days=115))
        add_action(
            story,
            min(made, today),
            renewal - timedelta(days=45),
            story.say((p.ACTION_RENEWAL_CASE,), made),
            owner="csm",
            kind=ActionType.LIFECYCLE,
            priority=Priority.HIGH,
        )
        add_action(
            story,
            min(made, today),
            renewal - timedelta(days=30),
            story.say((p.ACTION_RENEWAL_STEPS,), made),
            owner="buyer",
            kind=ActionType.LIFECYCLE,
            priority=Priority.HIGH,
        )
        if story.archetype in (AT_RISK, CHURNING):
            made = max(story.workday(today - timedelta(days=roll(rng, 20, 40))), story.since)
            add_action(
                story,
                made,
                today + timedelta(days=roll(rng, -12, 10)),
                story.say((p.ACTION_SAVE_PLAN,), made),
                owner="csm",
                kind=ActionType.RISK,
                priority=Priority.CRITICAL,
                risk_id=risks.get("renewal", {}).get("id"),
                done_chance=0.0,
            )
    for opportunity in story.opportunities:
        if opportunity.closed is None:
            expected = opportunity.row["expected_close"]
            made = story.workday(max(opportunity.created, today - timedelta(days=20)))
            add_action(
                story,
                made,
                expected - timedelta(days=14),
                p.ACTION_PROPOSAL.format(opp_lc=lower_first(opportunity.title)),
                owner="ae",
                kind=ActionType.OPPORTUNITY,
            )
    if story.archetype in HEALTHY or story.archetype == STEADY:
        made = story.workday(today - timedelta(days=roll(rng, 1, 6)))
        month = MONTHS[(today.replace(day=1) - timedelta(days=1)).month - 1]
        add_action(
            story,
            made,
            today + timedelta(days=roll(rng, 1, 10)),
            story.say((p.ACTION_REPORT,), made, month=month),
            owner="csm",
            kind=ActionType.FOLLOW_UP,
            priority=Priority.LOW,
        )
    if story.sketch.churn_on is not None:
        made = story.workday(story.sketch.churn_on - timedelta(days=10))
        row = add_action(
            story,
            made,
            story.sketch.churn_on + timedelta(days=14),
            story.say((p.ACTION_EXIT,), made),
            owner="csm",
            kind=ActionType.LIFECYCLE,
            done_chance=1.0,
        )
        finished = story.sketch.churn_on + timedelta(days=roll(rng, 3, 10))
        row["status"] = ActionStatus.DONE
        row["completed_on"] = min(finished, today)

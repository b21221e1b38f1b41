"""The timeline of an account: escalations, the interactions a CSM logs, and the surveys.

Interactions come from two sources. Events of the story write their own (the kickoff, each
go-live, an escalation with its root-cause call and its resolution, a champion leaving, a
renewal, a signed expansion, the non-renewal notice). Between them the CSM's routine
touchpoints (calls, meetings, e-mails, notes) follow the archetype's cadence, and their tone
follows the account's mood that month. Surveys are NPS campaigns twice a year and a CSAT
after each support case; their scores follow the mood and their comments say why.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from planner.domain.agenda import fmt_date, fmt_number
from planner.domain.enums import InteractionType, StakeholderRole, SurveyKind
from planner.domain.money import format_minor
from planner.services.demo import phrases as p
from planner.services.demo.cast import CHURNED, CHURNING, NEW
from planner.services.demo.commerce import churn_reason
from planner.services.demo.dice import pick, roll
from planner.services.demo.industries import COMMON_INCIDENTS, Incident
from planner.services.demo.rows import Row
from planner.services.demo.story import (
    MONTHS,
    Escalation,
    Person,
    Slots,
    Story,
    lower_first,
    sentence_case,
)

T = InteractionType
THEMES_BY_WORD = (
    (("report", "dashboard", "board pack"), "reporting"),
    (("integration", "connector", "sync", "interface", "feed", "record system"), "integrations"),
    (("mobile", "app", "tablet", "offline", "phone"), "mobile"),
    (("train", "onboard", "setting up", "set-up", "took longer"), "onboarding"),
    (("slow", "load", "fast"), "performance"),
    (("support", "help", "answer"), "support"),
    (("incident", "outage", "down"), "reliability"),
)


# --------------------------------------------------------------------------- escalations


def plan_escalations(story: Story) -> None:
    """Decide which incidents get escalated, when, and whether they are resolved."""
    rng = story.rng
    pool = [*story.sketch.industry.incidents, *COMMON_INCIDENTS]
    rng.shuffle(pool)
    last_quiet = min(
        story.today - timedelta(days=130), (story.trigger or story.end) - timedelta(days=30)
    )
    first = story.since + timedelta(days=30)
    for _ in range(roll(rng, *story.arc.routine_escalations)):
        if first >= last_quiet or not pool:
            break
        day = story.workday(story.between(first, last_quiet))
        _escalate(
            story, day, pool.pop(), resolved_after=roll(rng, 6, 20), repeat=False, decline=False
        )
    if story.trigger is None or not pool:
        return
    incident = pool.pop()
    if story.archetype == CHURNED:
        # the last one falls in the last quarter scored before the churn, so its health shows it
        scored = last_quarter_end(story.end)
        last = max(scored - timedelta(days=roll(rng, 5, 60)), story.trigger + timedelta(days=30))
        count = roll(rng, 2, 3)
    elif story.archetype == CHURNING:
        last = story.today - timedelta(days=roll(rng, 8, 70))
        count = roll(rng, 2, 3)
    else:
        last = story.today - timedelta(days=roll(rng, 8, 75))
        count = 2 if story.cause == "outages" else 1
    first = max(story.trigger, story.since)
    if story.archetype == CHURNING:  # the last quarter brings it to a head: two in a row
        first = max(first, last - timedelta(days=roll(rng, 30, 60)))
    days = sorted(
        {story.workday(story.between(first, last - timedelta(days=20))) for _ in range(count - 1)}
        | {story.workday(last)}
    )
    for n, day in enumerate(days):
        final = n == len(days) - 1
        if not final:
            after = roll(rng, 7, 25)
        elif story.archetype == CHURNING or (story.today - day).days < 25:
            after = None
        else:
            after = roll(rng, 10, 20)
        _escalate(story, day, incident, resolved_after=after, repeat=n > 0, decline=True)


def _escalate(
    story: Story,
    day: date,
    incident: Incident,
    *,
    resolved_after: int | None,
    repeat: bool,
    decline: bool,
) -> None:
    resolved = None
    if resolved_after is not None:
        resolved = story.workday(day + timedelta(days=resolved_after))
        if resolved > min(story.today, story.end):
            resolved = None
    raiser = story.contact(day) if story.rng.random() < 0.75 else story.boss(day)
    story.escalations.append(Escalation(day, incident, raiser, resolved, repeat, decline))
    story.dips.append((day, 0.6 if decline else 0.8, 40 if decline else 30))
    story.moods.clear()


def last_quarter_end(day: date) -> date:
    """The last quarter end on or before ``day``."""
    month = (day.month - 1) // 3 * 3 + 3  # the last month of the quarter ``day`` is in
    end = date(day.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return end if end <= day else date(day.year, month - 2, 1) - timedelta(days=1)


# --------------------------------------------------------------------------- interactions


def log(
    story: Story,
    day: date,
    kind: InteractionType,
    subject: str,
    summary: str,
    people: tuple[Person, ...] = (),
    *,
    sentiment: int | None = None,
) -> Row:
    """Add one interaction (and its attendees) to the timeline."""
    if sentiment is None and kind is not T.NOTE:
        sentiment = max(-2, min(2, round(story.mood(day) + story.rng.gauss(0, 0.45))))
    row = story.rows.add(
        "interactions",
        day,
        account_id=story.account_id,
        occurred_on=day,
        type=kind,
        subject=subject,
        summary=summary,
        sentiment=None if kind is T.NOTE else sentiment,
        external_id=None,
    )
    attendees = tuple(dict.fromkeys(x for x in people if x.present(day)))
    if kind is not T.NOTE:
        for person in attendees:
            story.rows.add(
                "interaction_attendees",
                day,
                interaction_id=row["id"],
                stakeholder_id=person.row["id"],
            )
    story.interactions.append((row, attendees if kind is not T.NOTE else ()))
    return row


def _with(story: Story, day: date, *extra: Person | None) -> tuple[Person, ...]:
    """The contact on ``day``, the given people, and now and then a colleague of theirs."""
    people = [story.contact(day), *(x for x in extra if x is not None)]
    here = [x for x in story.present(day) if x not in people]
    if here and story.rng.random() < 0.35:
        people.append(pick(story.rng, here))
    return tuple(people)


def write_timeline(story: Story) -> None:
    _onboarding(story)
    _go_lives(story)
    _escalation_logs(story)
    _people_logs(story)
    _trigger_logs(story)
    _renewal_logs(story)
    _expansion_logs(story)
    _routine(story)
    _surveys(story)


def _onboarding(story: Story) -> None:
    if story.start < story.since:
        return
    rng = story.rng
    case = story.use_cases[0] if story.use_cases else None
    weeks = max(1, ((case.go_live - story.start).days // 7) if case and case.go_live else 6)
    kickoff = story.workday(story.start + timedelta(days=roll(rng, 1, 6)))
    goal = story.primary_goal(kickoff)
    log(
        story,
        kickoff,
        T.MEETING,
        story.say(p.KICKOFF_SUBJECTS, kickoff),
        story.say(
            p.KICKOFF,
            kickoff,
            weeks=weeks,
            date=fmt_date(case.go_live) if case and case.go_live else "the spring",
            value=fmt_number(goal.baseline, goal.unit) if goal else "today's figure",
        ),
        _with(story, kickoff, story.boss(kickoff)),
    )
    setup = story.workday(kickoff + timedelta(days=roll(rng, 5, 12)))
    if setup <= story.today:
        it = story.role(StakeholderRole.DECISION_MAKER, setup)
        log(
            story,
            setup,
            T.CALL,
            story.say(p.SETUP_SUBJECTS, setup),
            story.say(p.SETUP, setup),
            _with(story, setup, it),
        )


def _go_lives(story: Story) -> None:
    rng = story.rng
    for case in story.use_cases:
        if case.go_live is None or case.go_live < story.since:
            continue
        training = story.workday(case.go_live - timedelta(days=roll(rng, 5, 12)))
        if story.since <= training <= min(story.today, story.end):
            log(
                story,
                training,
                T.MEETING,
                story.say(p.TRAINING_SUBJECTS, training, uc=lower_first(case.title)),
                story.say(
                    p.TRAINING,
                    training,
                    uc=lower_first(case.title),
                    site=case.site,
                    team=case.users,
                ),
                _with(story, training),
            )
        if case.live and case.go_live <= min(story.today, story.end):
            slots = {
                "uc": lower_first(case.title),
                "uc_title": case.title,
                "site": case.site,
                "users": case.users,
            }
            log(
                story,
                case.go_live,
                T.MEETING,
                story.say(p.GO_LIVE_SUBJECTS, case.go_live, **slots),
                story.say(p.GO_LIVE, case.go_live, **slots),
                _with(story, case.go_live),
            )


def _escalation_logs(story: Story) -> None:
    rng = story.rng
    for esc in story.escalations:
        incident = esc.incident
        slots = {
            "incident": incident.subject,
            "incident_lc": lower_first(incident.subject),
            "impact": incident.impact,
            "cause": incident.cause,
            "fix": incident.fix,
            "first": esc.raised_by.first,
        }
        if esc.repeat:
            previous = [
                e.day for e in story.escalations if e.incident is incident and e.day < esc.day
            ]
            weeks = max(1, (esc.day - previous[-1]).days // 7) if previous else 4
            slots["nth"] = ("Second", "Third", "Fourth", "Fifth")[min(len(previous), 4) - 1]
            subject = story.say(p.ESCALATION_REPEAT_SUBJECTS, esc.day, weeks=weeks, **slots)
            summary = story.say(p.ESCALATION_REPEAT, esc.day, weeks=weeks, **slots)
        else:
            subject = story.say(p.ESCALATION_SUBJECTS, esc.day, **slots)
            summary = story.say(p.ESCALATION, esc.day, **slots)
        mood = story.mood(esc.day)
        log(
            story,
            esc.day,
            T.ESCALATION,
            subject,
            summary,
            (esc.raised_by,),
            sentiment=max(-2, min(0, round(mood - 1.2))),
        )
        update = esc.day + timedelta(days=roll(rng, 1, 3))
        while update.weekday() >= 5:  # the follow-up comes after the escalation, on a weekday
            update += timedelta(days=1)
        fix_day = esc.resolved_on or story.workday(update + timedelta(days=roll(rng, 7, 21)))
        if update <= min(story.today, story.end):
            log(
                story,
                update,
                T.CALL,
                story.say(p.ESCALATION_UPDATE_SUBJECTS, update, **slots),
                story.say(p.ESCALATION_UPDATE, update, date=fmt_date(fix_day), **slots),
                (esc.raised_by,),
            )
        if esc.resolved_on is not None:
            log(
                story,
                esc.resolved_on,
                T.EMAIL,
                story.say(p.ESCALATION_RESOLVED_SUBJECTS, esc.resolved_on, **slots),
                story.say(
                    p.ESCALATION_RESOLVED, esc.resolved_on, date=fmt_date(esc.resolved_on), **slots
                ),
                (esc.raised_by,),
            )


def _people_logs(story: Story) -> None:
    rng = story.rng
    for person in list(story.people):
        if person.promoted_on is not None:
            day = person.promoted_on
            slots = {"name": person.name, "title": person.title}
            log(
                story,
                day,
                T.EMAIL,
                story.say(p.PROMOTION_SUBJECTS, day, **slots),
                story.say(p.PROMOTION, day, **slots),
                (person,),
            )
        if person.left is not None and person.role in (
            StakeholderRole.CHAMPION,
            StakeholderRole.EXECUTIVE_SPONSOR,
        ):
            day = story.workday(person.left - timedelta(days=roll(rng, 3, 12)))
            successor = next(
                (
                    x
                    for x in story.people
                    if x.joined >= person.left
                    and x.row["reports_to_id"] == person.row["reports_to_id"]
                ),
                None,
            )
            slots = {
                "name": person.name,
                "date": fmt_date(person.left),
                "successor": successor.name if successor else "nobody yet",
            }
            champion = person.role is StakeholderRole.CHAMPION
            subjects = p.CHAMPION_LEAVING_SUBJECTS if champion else p.SPONSOR_LEAVING_SUBJECTS
            summaries = p.CHAMPION_LEAVING if champion else p.SPONSOR_LEAVING
            if day >= story.since:
                log(
                    story,
                    day,
                    T.CALL,
                    story.say(subjects, day, **slots),
                    story.say(summaries, day, **slots),
                    (person,) if champion else (),
                )
        if person.joined > story.start and person.joined >= story.since:
            day = story.workday(person.joined + timedelta(days=roll(rng, 5, 20)))
            if day > min(story.today, story.end):
                continue
            slots = {"name": person.name, "title": person.title}
            warm = story.mood(day) + person.warmth(day) > 0.4
            log(
                story,
                day,
                T.MEETING,
                story.say(p.NEW_CONTACT_SUBJECTS, day, **slots),
                story.say(p.NEW_CONTACT_WARM if warm else p.NEW_CONTACT_COOL, day, **slots),
                (person,),
            )


def _trigger_logs(story: Story) -> None:
    if story.trigger is None or story.trigger < story.since:
        return
    day = story.workday(story.trigger)
    which = {
        "budget": (p.BUDGET_SUBJECTS, p.BUDGET, T.CALL),
        "competitor": (p.COMPETITOR_SUBJECTS, p.COMPETITOR, T.NOTE),
        "merger": (p.MERGER_SUBJECTS, p.MERGER, T.NOTE),
        "low_adoption": (p.EXEC_SUBJECTS, p.EXEC_BAD, T.MEETING),
    }.get(story.cause or "")
    if which is None:
        return
    subjects, summaries, kind = which
    log(
        story,
        day,
        kind,
        story.say(subjects, day, n=pick(story.rng, (15, 20, 25, 30))),
        story.say(summaries, day, n=pick(story.rng, (15, 20, 25, 30))),
        _with(story, day, story.boss(day)),
        sentiment=-1,  # the day the trouble started was not a good day
    )


def _renewal_logs(story: Story) -> None:
    rng = story.rng
    upcoming = [] if story.sketch.churn_on else [story.sketch.renewal]
    for due in [
        *story.renewals,
        *upcoming,
        *([story.sketch.churn_on] if story.sketch.churn_on else []),
    ]:
        prep = story.workday(due - timedelta(days=roll(rng, 55, 95)))
        if story.since <= prep <= min(story.today, story.end):
            bad = story.mood(prep) < 0.1
            log(
                story,
                prep,
                T.CALL,
                story.say(p.RENEWAL_PREP_SUBJECTS, prep),
                story.say(
                    p.RENEWAL_PREP_BAD if bad else p.RENEWAL_PREP_GOOD,
                    prep,
                    date=fmt_date(story.workday(prep + timedelta(days=21))),
                    n=pick(rng, (10, 15, 20)),
                ),
                (story.buyer(prep),),
            )
    for day in story.renewals:
        if day < story.since:
            continue
        buyer = story.buyer(day)
        if day == story.contraction_on:
            text = story.say(p.CONTRACTED, day, date=fmt_date(day), n=pick(rng, (15, 20, 25)))
        else:
            text = story.say(p.RENEWED, day, date=fmt_date(day))
        log(story, story.workday(day), T.EMAIL, story.say(p.RENEWED_SUBJECTS, day), text, (buyer,))
    if story.archetype in (CHURNED, CHURNING) and (story.sketch.churn_on or rng.random() < 0.6):
        due = story.sketch.renewal
        notice = story.workday(due - timedelta(days=roll(rng, 30, 60)))
        notice = min(notice, story.today - timedelta(days=roll(rng, 3, 15)))
        if notice >= story.since:
            log(
                story,
                notice,
                T.EMAIL,
                story.say(p.CHURN_NOTICE_SUBJECTS, notice),
                story.say(p.CHURN_NOTICE, notice, date=fmt_date(due), reason=churn_reason(story)),
                (story.buyer(notice), story.boss(notice)),
            )
    if story.sketch.churn_on is not None:
        day = story.workday(story.sketch.churn_on - timedelta(days=roll(rng, 2, 10)))
        log(
            story,
            day,
            T.CALL,
            story.say(p.EXIT_SUBJECTS, day),
            story.say(p.EXIT, day, reason=churn_reason(story)),
            _with(story, day),
        )


def _expansion_logs(story: Story) -> None:
    for opportunity in story.opportunities:
        talk = story.workday(opportunity.created + timedelta(days=2))
        slots = {"opp": opportunity.title, "opp_lc": lower_first(opportunity.title)}
        if story.since <= talk <= story.today:
            log(
                story,
                talk,
                T.MEETING,
                story.say(p.EXPANSION_TALK_SUBJECTS, talk, **slots),
                story.say(p.EXPANSION_TALK, talk, **slots),
                _with(story, talk),
            )
        if opportunity.closed is None or opportunity.closed < story.since:
            continue
        day = opportunity.closed
        if opportunity.won:
            log(
                story,
                day,
                T.EMAIL,
                story.say(p.EXPANSION_WON_SUBJECTS, day, **slots),
                story.say(
                    p.EXPANSION_WON,
                    day,
                    date=fmt_date(day),
                    amount=format_minor(opportunity.amount, "USD"),
                    **slots,
                ),
                (story.buyer(day),),
            )
        else:
            log(
                story,
                day,
                T.NOTE,
                f"Lost: {opportunity.title}",
                story.say(p.EXPANSION_LOST, day, reason=churn_reason(story), **slots),
            )


def _routine(story: Story) -> None:
    """The CSM's regular calls, meetings, e-mails and notes, month by month."""
    rng = story.rng
    end = min(story.today, story.end)
    month = story.since
    onboarding_until = story.start + timedelta(days=90)
    exec_due = story.since + timedelta(days=roll(rng, 60, 150))
    roadmap_due = story.since + timedelta(days=roll(rng, 120, 300))
    while month <= end:
        stop = min(month + timedelta(days=30), end)
        rate = story.arc.touches
        if month < onboarding_until:
            rate = max(rate, 3.0)
        elif story.trigger is not None and month > story.trigger:
            rate *= 0.4 if story.end - month > timedelta(days=120) else 0.2
        touches = 0 if story.dark(month) else _count(rng, rate)
        if not story.declining:
            touches = max(touches, 1)  # a CSM never lets a good account go a month unheard
        for _ in range(touches):
            day = story.workday(story.between(month, stop))
            _touchpoint(story, day, onboarding=day < onboarding_until)
        for _ in range(_count(rng, 0.5 if story.dark(month) else 0.3)):
            day = story.workday(story.between(month, stop))
            _email(story, day)
        if rng.random() < 0.12:
            day = story.workday(story.between(month, stop))
            tone = story.tone(day)
            pool = {"good": p.NOTE_GOOD, "mixed": p.NOTE_MIXED, "bad": p.NOTE_BAD}[tone]
            log(story, day, T.NOTE, story.say(p.NOTE_SUBJECTS, day), story.say(pool, day))
        if story.dark(stop):
            exec_due = max(exec_due, stop + timedelta(days=1))
        if exec_due <= stop and story.archetype != NEW:
            day = story.workday(max(month, exec_due))
            good = story.mood(day) >= 0.3
            log(
                story,
                day,
                T.MEETING,
                story.say(p.EXEC_SUBJECTS, day),
                story.say(p.EXEC_GOOD if good else p.EXEC_BAD, day),
                (story.boss(day), story.contact(day)),
            )
            exec_due += timedelta(days=roll(rng, 150, 220))
        if roadmap_due <= stop and story.mood(roadmap_due) > 0.4:
            day = story.workday(max(month, roadmap_due))
            log(
                story,
                day,
                T.MEETING,
                story.say(p.ROADMAP_SUBJECTS, day),
                story.say(p.ROADMAP, day),
                _with(story, day),
            )
            roadmap_due += timedelta(days=roll(rng, 300, 420))
        month = stop + timedelta(days=1)
    _keep_recent(story)


def _count(rng: random.Random, rate: float) -> int:
    """How many events happen in a month when ``rate`` happen on average."""
    whole = int(rate)
    count = whole + (1 if rng.random() < rate - whole else 0)
    if whole >= 2:
        count += pick(rng, (-1, 0, 0, 1))
    return count


def _touchpoint(story: Story, day: date, *, onboarding: bool) -> None:
    rng = story.rng
    kind = T.MEETING if rng.random() < 0.35 else T.CALL
    if onboarding and rng.random() < 0.5:
        case = story.use_case_on(day + timedelta(days=30))
        slots = {"uc": lower_first(case.title)} if case else {}
        log(
            story,
            day,
            T.MEETING,
            story.say(p.TRAINING_SUBJECTS, day, **slots),
            story.say(p.TRAINING, day, **slots),
            _with(story, day),
        )
        return
    found, then = {
        "good": (p.CHECKIN_GOOD, p.CHECKIN_GOOD_NEXT),
        "mixed": (p.CHECKIN_MIXED, p.CHECKIN_MIXED_NEXT),
        "bad": (p.CHECKIN_BAD, p.CHECKIN_BAD_NEXT),
    }[story.tone(day)]
    log(
        story,
        day,
        kind,
        story.say(p.CALL_SUBJECTS if kind is T.CALL else p.MEETING_SUBJECTS, day),
        f"{story.say(found, day)} {story.say(then, day)}",
        _with(story, day),
    )


def _email(story: Story, day: date) -> None:
    tone = story.tone(day)
    pool = {"good": p.EMAIL_GOOD, "mixed": p.EMAIL_MIXED, "bad": p.EMAIL_BAD}[tone]
    month = MONTHS[(day.replace(day=1) - timedelta(days=1)).month - 1]
    if story.primary_goal(day) is None:
        pool = tuple(pair for pair in pool if "{kpi}" not in pair[1]) or pool
    subject, summary = pick(story.rng, pool)
    slots = Slots(story, day, {"month": month})
    log(
        story,
        day,
        T.EMAIL,
        sentence_case(subject.format_map(slots)),
        sentence_case(summary.format_map(slots)),
        (story.contact(day),),
    )


def _keep_recent(story: Story) -> None:
    """An active account the CSM looks after was touched lately; one in decline less so."""
    if story.sketch.churn_on is not None:
        return
    last = max((row["occurred_on"] for row, _ in story.interactions), default=story.start)
    if story.dark(story.today):
        return
    gap = (2, 12)
    if (story.today - last).days > gap[1]:
        day = story.workday(story.today - timedelta(days=roll(story.rng, *gap)))
        _touchpoint(story, max(day, story.start), onboarding=False)


# --------------------------------------------------------------------------- surveys


def _surveys(story: Story) -> None:
    rng = story.rng
    end = min(story.today, story.end)
    for year in range(story.since.year, story.today.year + 1):
        for month, first_day in ((3, 10), (9, 15)):
            opened = date(year, month, first_day)
            if opened < story.since + timedelta(days=45) or opened > end:
                continue
            here = story.present(opened)
            for person in rng.sample(here, min(len(here), roll(rng, 1, 3))):
                when = story.workday(opened + timedelta(days=roll(rng, 0, 14)))
                if when > end:
                    continue
                _nps(story, person, when)
    for esc in story.escalations:
        if esc.resolved_on is not None and esc.resolved_on + timedelta(days=2) <= end:
            _csat(story, esc.raised_by, esc.resolved_on + timedelta(days=2), esc=esc)
        elif esc.day + timedelta(days=10) <= end and esc.repeat:
            _csat(story, esc.raised_by, esc.day + timedelta(days=10), esc=esc)
    day = story.since + timedelta(days=roll(rng, 30, 120))
    while day < end:
        here = story.present(day)
        if here:
            _csat(story, pick(rng, here), story.workday(day), esc=None)
        day += timedelta(days=roll(rng, 120, 260))


def _nps(story: Story, person: Person, day: date) -> None:
    rng = story.rng
    score = max(
        0,
        min(10, round(7.0 + 1.8 * story.mood(day) + 0.4 * person.warmth(day) + rng.gauss(0, 0.8))),
    )
    industry = story.sketch.industry
    if score >= 9:
        fragments = [(pick(rng, industry.praise), "value")]
        if rng.random() < 0.6:
            fragments.append(pick(rng, p.NPS_PROMOTER))
    elif score >= 7:
        friction = pick(rng, industry.friction)
        if rng.random() < 0.5:
            fragments = [(pick(rng, industry.praise), "value"), (friction, _theme(friction))]
        else:
            text, theme = pick(rng, p.NPS_PASSIVE)
            if "{friction" in text:  # the complaint is what the answer is about
                theme = _theme(friction)
            said = text.replace("{friction_lc}", lower_first(friction))
            fragments = [(said.replace("{friction}", friction), theme)]
    else:
        fragments = [_detractor_reason(story, day)]
        if rng.random() < 0.5:
            friction = pick(rng, industry.friction)
            fragments.append((friction, _theme(friction)))
    comment = " ".join(
        story.say((text,), day, name=_left_name(story, day)) for text, _ in fragments
    )
    themes = list(dict.fromkeys(theme for _, theme in fragments))
    story.answers.append((day, SurveyKind.NPS, score))
    story.rows.add(
        "survey_responses",
        day,
        account_id=story.account_id,
        stakeholder_id=person.row["id"],
        responded_on=day,
        kind=SurveyKind.NPS,
        score=score,
        comment=comment,
        themes=themes,
        crm_id=None,
    )


def _detractor_reason(story: Story, day: date) -> tuple[str, str]:
    """What an unhappy customer complains about, given what happened to them."""
    rng = story.rng
    recent = [e for e in story.escalations if day - timedelta(days=120) <= e.day <= day]
    if recent:
        return p.NPS_DETRACTOR[1][0].replace(
            "{incident_lc}", lower_first(recent[-1].incident.subject)
        ), "reliability"
    if story.cause == "champion_left" and _left_name(story, day) != "our champion":
        return p.NPS_DETRACTOR[2]
    if story.cause in ("new_sponsor", "merger") and story.trigger and day > story.trigger:
        return p.NPS_DETRACTOR[5]
    return pick(rng, (p.NPS_DETRACTOR[0], p.NPS_DETRACTOR[3], p.NPS_DETRACTOR[4]))


def _left_name(story: Story, day: date) -> str:
    gone = [
        x
        for x in story.people
        if x.left is not None and x.left <= day and x.role is StakeholderRole.CHAMPION
    ]
    return gone[-1].name if gone else "our champion"


def _csat(story: Story, person: Person, day: date, *, esc: Escalation | None) -> None:
    rng = story.rng
    day = story.workday(day)
    if esc is None:
        base = 4.4 + 0.4 * story.mood(day)
    elif esc.resolved_on is None or esc.repeat:
        base = 1.8
    else:
        base = 4.7 - 0.05 * (esc.resolved_on - esc.day).days
    low = 3 if esc is not None and esc.resolved_on is not None and not esc.repeat else 1
    score = max(low, min(5, round(base + rng.gauss(0, 0.5))))
    outcome, theme = pick(rng, p.CSAT_OUTCOMES[score])
    topic = p.CSAT_INCIDENT_TOPIC if esc is not None else pick(rng, p.CSAT_TOPICS)
    slots = {"incident_lc": lower_first(esc.incident.subject)} if esc is not None else {}
    story.answers.append((day, SurveyKind.CSAT, score))
    story.rows.add(
        "survey_responses",
        day,
        account_id=story.account_id,
        stakeholder_id=person.row["id"],
        responded_on=day,
        kind=SurveyKind.CSAT,
        score=score,
        comment=story.say((f"{topic} {outcome}",), day, **slots),
        themes=[theme],
        crm_id=None,
    )


def _theme(text: str) -> str:
    lowered = text.lower()
    for words, theme in THEMES_BY_WORD:
        if any(word in lowered for word in words):
            return theme
    return "ease of use"

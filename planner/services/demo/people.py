"""The people of an account: who they are, who reports to whom, who leaves, and how they feel.

:func:`cast_people` decides the cast and what happens to each person (a champion promoted, a
champion leaving at the trigger, a new sponsor who cools off); :func:`finish_people` writes
their sentiment history once the rest of the story is known, and their last contact from the
interactions they attended.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from planner.domain.agenda import fmt_date
from planner.domain.enums import Side, StakeholderRole
from planner.services.demo.cast import EXPANDING, STEADY, THRIVING, ascii_slug
from planner.services.demo.dice import pick, roll
from planner.services.demo.industries import ROLE_TITLES
from planner.services.demo.names import COUNTRIES, VENDOR_DOMAIN
from planner.services.demo.story import MONTHS, Person, Story

R = StakeholderRole
BIAS = {
    R.EXECUTIVE_SPONSOR: 0.1,
    R.ECONOMIC_BUYER: -0.3,
    R.DECISION_MAKER: 0.0,
    R.CHAMPION: 0.6,
    R.INFLUENCER: 0.1,
    R.END_USER: 0.0,
    R.POINT_OF_CONTACT: 0.2,
    R.DETRACTOR: -1.6,
}
INFLUENCE = {
    R.EXECUTIVE_SPONSOR: 5,
    R.ECONOMIC_BUYER: 5,
    R.DECISION_MAKER: 4,
    R.CHAMPION: 4,
    R.INFLUENCER: 3,
    R.DETRACTOR: 3,
    R.POINT_OF_CONTACT: 2,
    R.END_USER: 2,
}
EXTRAS = {  # how many people beyond the four key roles, by tier
    "smb": (0, 1),
    "mid_market": (1, 3),
    "enterprise": (2, 4),
    "strategic": (3, 5),
}


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def cast_people(story: Story) -> None:
    """Create the account's people and decide what happens to them."""
    rng = story.rng
    roles = [R.EXECUTIVE_SPONSOR, R.ECONOMIC_BUYER, R.CHAMPION, R.DECISION_MAKER]
    extras = [R.INFLUENCER, R.END_USER, R.END_USER, R.POINT_OF_CONTACT, R.INFLUENCER]
    if rng.random() < 0.3 or story.cause == "competitor":
        extras.append(R.DETRACTOR)
    roles += rng.sample(extras, roll(rng, *EXTRAS[story.sketch.tier.value]))
    for role in roles:
        _join(story, role, story.start)
    _org_chart(story)
    _events(story)
    for name, title in ((story.ae, "Account Executive"), (story.se, "Solutions Engineer")):
        story.internal.append(_internal(story, name, title))


def _join(story: Story, role: StakeholderRole, day: date, bias: float | None = None) -> Person:
    rng = story.rng
    home = story.sketch.country
    roll = rng.random()
    if roll < 0.78:
        country = home
    elif roll < 0.93:
        country = pick(rng, [c for c in COUNTRIES if c.region == home.region])
    else:
        country = pick(rng, COUNTRIES)
    firsts = {person.first for person in story.people}
    firsts.add(story.sketch.owner.split()[0])
    for _ in range(30):
        first, last = pick(rng, country.first), pick(rng, country.last)
        if first not in firsts:
            break
    name = f"{first} {last}"
    titles = ROLE_TITLES[story.sketch.industry.name][role.value].split("|")
    used_titles = {person.title for person in story.people if person.present(day)}
    title = pick(rng, [t for t in titles if t not in used_titles] or titles)
    email = f"{ascii_slug(first).replace('-', '')}.{ascii_slug(last).replace('-', '')}"
    row = story.rows.add(
        "stakeholders",
        day,
        account_id=story.account_id,
        name=name,
        job_title=title,
        email=f"{email}@{story.sketch.domain}",
        phone=_phone(rng, home.phone),
        side=Side.CUSTOMER,
        role=role,
        influence=max(1, min(5, INFLUENCE[role] + pick(rng, (-1, 0, 0, 0, 1)))),
        sentiment=0,
        sentiment_on=None,
        reports_to_id=None,
        last_contact=None,
        left_company=False,
        left_on=None,
        notes="",
        crm_id=None,
    )
    person = Person(
        row=row,
        name=name,
        first=first,
        role=role,
        title=title,
        joined=day,
        bias=BIAS[role] + rng.uniform(-0.3, 0.3) if bias is None else bias,
    )
    story.people.append(person)
    return person


def _phone(rng: random.Random, code: str) -> str:
    return f"+{code} {roll(rng, 20, 99)} {roll(rng, 100, 999)} {roll(rng, 1000, 9999)}"


def _internal(story: Story, name: str, title: str) -> dict[str, object]:
    return story.rows.add(
        "stakeholders",
        story.start,
        account_id=story.account_id,
        name=name,
        job_title=title,
        email=f"{ascii_slug(name).replace('-', '.')}@{VENDOR_DOMAIN}",
        phone="",
        side=Side.INTERNAL,
        role=R.POINT_OF_CONTACT,
        influence=3,
        sentiment=1,
        sentiment_on=story.start,
        reports_to_id=None,
        last_contact=None,
        left_company=False,
        left_on=None,
        notes="",
        crm_id=None,
    )


def _org_chart(story: Story) -> None:
    """Everyone reports to someone above them; the sponsor is the top."""
    rng = story.rng
    by_role: dict[StakeholderRole, list[Person]] = {}
    for person in story.people:
        by_role.setdefault(person.role, []).append(person)
    top = by_role[R.EXECUTIVE_SPONSOR][0]
    middle = by_role.get(R.DECISION_MAKER, []) + by_role.get(R.CHAMPION, [])
    for person in story.people:
        if person is top:
            continue
        if person.role in (R.ECONOMIC_BUYER, R.DECISION_MAKER, R.EXECUTIVE_SPONSOR):
            boss = top
        elif person.role in (R.CHAMPION, R.DETRACTOR):
            boss = pick(rng, [*by_role.get(R.DECISION_MAKER, [top]), top])
        else:
            boss = pick(rng, middle or [top])
        person.row["reports_to_id"] = boss.row["id"]


def _replace(story: Story, leaver: Person, successor: Person) -> None:
    """The successor takes the leaver's place in the org chart."""
    successor.row["reports_to_id"] = leaver.row["reports_to_id"]
    for person in story.people:
        if person.row["reports_to_id"] == leaver.row["id"] and person is not successor:
            person.row["reports_to_id"] = successor.row["id"]


def _leave(person: Person, day: date, note: str) -> None:
    person.left = day
    person.row["left_company"] = True
    person.row["left_on"] = day
    person.events.append((day, note, 0.0))
    person.row["notes"] = f"Left the company on {fmt_date(day)}."


def _events(story: Story) -> None:  # noqa: PLR0915 - one account's people and their moves, told in story order
    """Promotions, departures and newcomers, as the archetype and the cause dictate."""
    rng = story.rng
    archetype = story.archetype
    industry = story.sketch.industry.name
    champion = story.role(R.CHAMPION, story.start)
    sponsor = story.role(R.EXECUTIVE_SPONSOR, story.start)
    assert champion is not None
    assert sponsor is not None
    late = story.today - timedelta(days=45)
    if archetype in (THRIVING, EXPANDING) and rng.random() < 0.55 and story.since < late:
        day = story.workday(story.between(story.since + timedelta(days=60), late))
        old = champion.title
        new = pick(rng, ROLE_TITLES[industry]["promoted"].split("|"))
        champion.title = new
        champion.row["job_title"] = new
        champion.events.append((day, f"Promoted to {new}; keeps the rollout in their remit.", 0.3))
        champion.row["notes"] = f"Was {old} until {month_year(day)}; still our champion."
        champion.promoted_on = day
    if archetype == EXPANDING:
        for _ in range(roll(rng, 1, 2)):
            day = story.workday(story.between(story.today - timedelta(days=200), late))
            person = _join(story, pick(rng, (R.INFLUENCER, R.END_USER)), day, bias=0.5)
            site = pick(rng, story.sites)
            person.events.append((day, f"Joined the project for the {site} rollout.", 0.0))
            person.row["notes"] = f"Leads the rollout at the {site}."
            person.row["reports_to_id"] = champion.row["id"]
    if archetype == STEADY and rng.random() < 0.4:
        users = [x for x in story.people if x.role is R.END_USER]
        if users and story.since + timedelta(days=90) < story.today - timedelta(days=90):
            leaver = users[0]
            day = story.workday(
                story.between(story.since + timedelta(days=90), story.today - timedelta(days=90))
            )
            _leave(leaver, day, "Moved to another company.")
            successor = _join(story, R.END_USER, day + timedelta(days=roll(rng, 10, 40)))
            successor.row["notes"] = f"Took over from {leaver.name}."
            _replace(story, leaver, successor)
    if story.trigger is None:
        return
    trigger = story.trigger
    cause = story.cause
    if cause == "champion_left":
        _leave(champion, trigger, "Left for a role at another company.")
        successor = _join(
            story, R.POINT_OF_CONTACT, trigger + timedelta(days=roll(rng, 5, 30)), bias=-0.2
        )
        successor.row["notes"] = f"Took over from {champion.name}; new to Beacon."
        _replace(story, champion, successor)
    elif cause == "new_sponsor":
        _leave(sponsor, trigger, "Left the company.")
        newcomer = _join(
            story, R.EXECUTIVE_SPONSOR, trigger + timedelta(days=roll(rng, 5, 25)), bias=-0.5
        )
        newcomer.row["notes"] = (
            f"Joined as {newcomer.title} in {month_year(newcomer.joined)}; was not part of "
            "the decision to buy Beacon."
        )
        newcomer.events.append(
            (
                newcomer.joined + timedelta(days=60),
                "Cooler since the value review; wants savings in numbers.",
                -0.6,
            )
        )
        _replace(story, sponsor, newcomer)
    elif cause == "outages":
        champion.events.append(
            (trigger + timedelta(days=20), "Frustrated by the repeated incidents.", -0.9)
        )
        sponsor.events.append(
            (trigger + timedelta(days=35), "Asked for a service review after the incidents.", -0.5)
        )
    elif cause == "budget":
        buyer = story.role(R.ECONOMIC_BUYER, trigger) or sponsor
        buyer.events.append((trigger, "Under pressure to cut software costs.", -0.8))
    elif cause == "competitor":
        detractor = story.role(R.DETRACTOR, trigger) or _join(
            story, R.DETRACTOR, trigger - timedelta(days=30)
        )
        detractor.row["notes"] = f"Pushes for {story.competitor}, which they used before."
        sponsor.events.append(
            (trigger + timedelta(days=15), f"Listening to the case for {story.competitor}.", -0.5)
        )
    elif cause == "low_adoption":
        champion.events.append(
            (trigger, "Stretched across too many projects; little time for the rollout.", -0.6)
        )
        sponsor.events.append(
            (trigger + timedelta(days=40), "Questions the value for the price.", -0.5)
        )
    elif cause == "merger":
        sponsor.events.append((trigger, "Waiting for the new parent's decision on tools.", -0.5))
        it = _join(story, R.DECISION_MAKER, trigger + timedelta(days=roll(rng, 40, 90)), bias=-0.8)
        it.row["notes"] = f"Group IT, from the new parent; they run {story.competitor}."


def finish_people(story: Story) -> None:
    """Write each person's sentiment history and set their sentiment and last contact (our
    own colleagues last met the customer at the last QBR)."""
    rng = story.rng
    for row in story.internal:
        row["last_contact"] = story.qbr_days[-1] if story.qbr_days else None
    last_seen: dict[bytes, date] = {}
    for row, attendees in story.interactions:
        day: date = row["occurred_on"]
        for person in attendees:
            seen = last_seen.get(person.row["id"])
            if seen is None or day > seen:
                last_seen[person.row["id"]] = day
    for person in story.people:
        stop = min(person.left or story.end, story.end)
        notes = {day: note for day, note, _ in person.events}
        days = {day for day in notes if person.joined <= day <= story.today}
        first_look = person.joined + timedelta(days=roll(rng, 3, 20))
        if first_look < stop:
            days.add(first_look)
        check = first_look + timedelta(days=roll(rng, 90, 200))
        while check < stop - timedelta(days=30):
            days.add(check)
            check += timedelta(days=roll(rng, 120, 220))
        if person.left is None:
            days.add(
                story.end - timedelta(days=roll(rng, 8, 75 if story.end == story.today else 30))
            )
        history = sorted(d for d in days if d <= story.today)
        if not history:
            history = [min(person.joined, story.today)]
        value = 0
        for day in history:
            value = max(-2, min(2, round(story.mood(day) + person.warmth(day) + rng.gauss(0, 0.3))))
            story.rows.add(
                "stakeholder_sentiments",
                day,
                stakeholder_id=person.row["id"],
                recorded_on=day,
                sentiment=value,
                note=notes.get(day, ""),
            )
        person.row["sentiment"] = value
        person.row["sentiment_on"] = history[-1]
        person.row["last_contact"] = last_seen.get(person.row["id"])
        if not person.row["notes"] and person.role is R.DETRACTOR:
            person.row["notes"] = "Prefers the old way of working; involve early in changes."

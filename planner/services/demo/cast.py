"""The cast of a demo book: who each account is, before its story is told.

:func:`cast_book` decides, for every account, its archetype, company, country, industry, tier,
size, owner and the dates that frame its story (contract start, renewal, churn). It is cheap
and deterministic for a seed and a day, so tests can ask what an account was meant to be
without generating the book. Archetypes are dealt from shuffled decks of twenty, so every
twenty accounts hold every archetype in the same proportions.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.enums import Tier
from planner.services.demo.dice import pick, roll
from planner.services.demo.industries import INDUSTRIES, Industry
from planner.services.demo.names import (
    COMPANY_PATTERNS,
    COUNTRIES,
    CSM_TEAM,
    REGION_WEIGHTS,
    Country,
)

THRIVING, STEADY, AT_RISK, NEW, CHURNING, CHURNED, EXPANDING = (
    "thriving",
    "steady",
    "at_risk",
    "new",
    "churning",
    "churned",
    "expanding",
)
ARCHETYPES: tuple[str, ...] = (THRIVING, STEADY, AT_RISK, NEW, CHURNING, CHURNED, EXPANDING)
DECK: dict[str, int] = {
    THRIVING: 4,
    STEADY: 5,
    AT_RISK: 3,
    NEW: 2,
    CHURNING: 2,
    CHURNED: 2,
    EXPANDING: 2,
}
"""How many of each archetype in every twenty accounts."""

TIER_DECK = {Tier.STRATEGIC: 2, Tier.ENTERPRISE: 5, Tier.MID_MARKET: 8, Tier.SMB: 5}
"""How many of each tier in every twenty accounts."""
ARR_RANGES = {  # US dollars
    Tier.STRATEGIC: (400_000, 2_400_000),
    Tier.ENTERPRISE: (120_000, 600_000),
    Tier.MID_MARKET: (30_000, 150_000),
    Tier.SMB: (6_000, 30_000),
}
EMPLOYEES = {
    Tier.STRATEGIC: (10_000, 120_000),
    Tier.ENTERPRISE: (2_000, 20_000),
    Tier.MID_MARKET: (250, 2_500),
    Tier.SMB: (20, 300),
}


@dataclass(frozen=True, slots=True)
class AccountSketch:
    index: int
    archetype: str
    seed: int
    """The seed of this account's own random stream (its story)."""
    name: str
    domain: str
    """E-mail domain of its people (``.example``, never a real one)."""
    country: Country
    industry: Industry
    tier: Tier
    employees: int
    owner: str
    start: date
    """Contract start."""
    end: date
    """The last day of its story: the churn date, else today."""
    churn_on: date | None
    renewal: date
    """The next renewal (for a churned account, the renewal it did not sign)."""
    arr0: int
    """ARR of the first contract, in US cents."""


def anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def ascii_slug(text: str) -> str:
    """``Müller & Söhne`` -> ``muller-sohne`` (for e-mail addresses and domains)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in plain.lower()).split()
    return "-".join(words)


def cast_book(accounts: int, seed: int, today: date) -> list[AccountSketch]:
    """Every account of a demo book of ``accounts`` for ``seed`` on ``today``."""
    rng = random.Random(seed)
    used: set[str] = set()
    regions = list(REGION_WEIGHTS)
    by_region = {r: [c for c in COUNTRIES if c.region == r] for r in regions}
    sketches = []
    deck: list[str] = []
    tiers: list[Tier] = []
    recent = False
    for index in range(accounts):
        if not deck:
            deck = [kind for kind, n in DECK.items() for _ in range(n)]
            rng.shuffle(deck)
            tiers = [tier for tier, n in TIER_DECK.items() for _ in range(n)]
            rng.shuffle(tiers)
        archetype = deck.pop()
        tier = tiers.pop()
        region = rng.choices(regions, [REGION_WEIGHTS[r] for r in regions])[0]
        options = by_region[region]
        country = rng.choices(options, [c.weight for c in options])[0]
        industry = pick(rng, INDUSTRIES)
        name, stem = _company_name(rng, country, industry, used)
        if archetype == NEW:
            recent = not recent  # every other new account was signed in the last weeks
        start, churn_on, renewal = _dates(rng, archetype, today, recent=recent)
        low, high = ARR_RANGES[tier]
        sketches.append(
            AccountSketch(
                index=index,
                archetype=archetype,
                seed=seed * 1_000_003 + index,
                name=name,
                domain=f"{ascii_slug(stem)}.example",
                country=country,
                industry=industry,
                tier=tier,
                employees=roll(rng, *EMPLOYEES[tier]),
                owner=CSM_TEAM[index % len(CSM_TEAM)],
                start=start,
                end=churn_on or today,
                churn_on=churn_on,
                renewal=renewal,
                arr0=rng.randrange(low, high, 500) * 100,
            )
        )
    return sketches


def _company_name(
    rng: random.Random, country: Country, industry: Industry, used: set[str]
) -> tuple[str, str]:
    """A company name in the habits of its country, unique in the book (and, while there are
    enough, made of words no other account uses); and the part its e-mail domain is made of."""
    patterns = COMPANY_PATTERNS.get(country.language, COMPANY_PATTERNS["en"])[industry.name]
    name = stem = ""
    for attempt in range(60):
        pattern = pick(rng, patterns)
        parts = {
            "stem": pick(rng, country.stems),
            "surname": pick(rng, country.last),
            "suffix": pick(rng, country.suffixes),
        }
        name = " ".join(pattern.format_map(parts).split())
        stem = name.removesuffix(parts["suffix"]).strip()
        words = {parts["stem"] if "{stem}" in pattern else parts["surname"]}
        if name not in used and (attempt >= 40 or not words & used):
            used.update(words)
            break
    else:
        base = name
        count = 1
        while name in used:
            city = country.cities[count % len(country.cities)]
            rounds = count // len(country.cities)
            name = f"{base} ({city}{f' {rounds + 1}' if rounds else ''})"
            count += 1
    used.add(name)
    return name, stem


def _dates(
    rng: random.Random, archetype: str, today: date, *, recent: bool
) -> tuple[date, date | None, date]:
    """Contract start, churn date (churned only) and next renewal of an archetype."""
    if archetype == NEW:
        start = today - timedelta(days=roll(rng, 10, 30) if recent else roll(rng, 46, 150))
    elif archetype == CHURNED:
        churn_on = today - timedelta(days=roll(rng, 45, 400))
        start = anniversary(churn_on, -pick(rng, (1, 2, 2, 3)))
        return start, churn_on, churn_on
    elif archetype == CHURNING:
        renewal = today + timedelta(days=roll(rng, 20, 110))
        start = anniversary(renewal, -pick(rng, (2, 2, 3)))
    elif archetype == AT_RISK:
        renewal = today + timedelta(days=roll(rng, 25, 300))
        start = anniversary(renewal, -pick(rng, (2, 2, 3, 4)))
    else:
        start = today - timedelta(days=roll(rng, 420, 1800))
    years = 1
    while anniversary(start, years) <= today:
        years += 1
    return start, None, anniversary(start, years)

"""A realistic, deterministic demo book (``planner demo``).

Each account is given an *archetype* (thriving, steady, at risk, new, churned) that drives
everything else about it, so the data tells one consistent story: an at-risk account has
escalations, unhappy stakeholders, low adoption, a contraction, and a red health trend; a
thriving one expands and its champion promotes. Health snapshots are not invented: they are
scored from the generated interactions, surveys, use cases and stakeholders, as of each
quarter end, with the health model in force on that date.

The same seed and the same ``today`` always give the same rows (ids included). Rows are built
as plain dicts and bulk-inserted in chunks, so 10,000 accounts take seconds, not hours.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from planner.domain import errors
from planner.domain import health as h
from planner.domain.clock import FixedClock, default_clock
from planner.domain.enums import (
    ActionStatus,
    ActionType,
    GoalCategory,
    GoalStatus,
    InteractionType,
    LifecycleStage,
    Likelihood,
    OpportunityKind,
    OpportunityStage,
    OpportunityStatus,
    PlanStatus,
    Priority,
    QbrStatus,
    RevenueKind,
    RiskCategory,
    RiskStatus,
    Severity,
    Side,
    StakeholderRole,
    SurveyKind,
    Tier,
    UseCaseStatus,
)
from planner.domain.progress import goal_progress
from planner.services import demo_text as t
from planner.services.health import gather_inputs_in, snapshot_values
from planner.store import models as m
from planner.store.book import Book, create_book
from planner.store.changes import row_stamp

ProgressCallback = Callable[[int, int], bool]

ARCHETYPES = ("thriving", "steady", "at_risk", "new", "churned")
ARCHETYPE_WEIGHTS = (25, 32, 20, 13, 10)
TIER_WEIGHTS = {Tier.STRATEGIC: 10, Tier.ENTERPRISE: 25, Tier.MID_MARKET: 40, Tier.SMB: 25}
ARR_RANGES = {  # USD, whole dollars
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
QUARTERS = 8
CHUNK = 200


@dataclass(frozen=True, slots=True)
class DemoResult:
    path: Path
    accounts: int
    rows: int
    seconds: float

    @property
    def accounts_per_second(self) -> float:
        return self.accounts / self.seconds if self.seconds > 0 else float("inf")


@dataclass
class _Profile:
    """How an archetype behaves."""

    mood: float  # -1.5 (hostile) .. +1.5 (delighted)
    adoption: tuple[int, int]
    escalation_p: float
    touches: tuple[int, int]
    stages: tuple[LifecycleStage, ...]
    csm: tuple[int, ...]


PROFILES = {
    "thriving": _Profile(1.3, (65, 96), 0.04, (4, 7),
                         (LifecycleStage.EXPANSION, LifecycleStage.ADVOCACY), (1, 2, 2)),
    "steady": _Profile(0.5, (45, 80), 0.15, (3, 5),
                       (LifecycleStage.ADOPTION, LifecycleStage.VALUE_REALISATION,
                        LifecycleStage.RENEWAL), (0, 1, 1)),
    "at_risk": _Profile(-0.7, (12, 45), 0.65, (2, 5),
                        (LifecycleStage.ADOPTION, LifecycleStage.RENEWAL), (-2, -1, -1, 0)),
    "new": _Profile(0.7, (5, 35), 0.1, (5, 8), (LifecycleStage.ONBOARDING,), (0, 1, 1)),
    "churned": _Profile(-1.3, (5, 30), 0.7, (1, 3), (LifecycleStage.CHURNED,), (-2, -1)),
}  # fmt: skip

CSM_NOTES = {
    -2: "Relationship is strained; sponsor has gone quiet.",
    -1: "Concerned about adoption and the renewal.",
    0: "Neutral; need more evidence of value.",
    1: "Good momentum; team is engaged.",
    2: "Excellent relationship; reference-ready.",
}


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, dtime(hour, 0), tzinfo=UTC)


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(round(value), low), high))


@dataclass
class _Gen:
    rng: random.Random
    today: date
    rev: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    used_names: set[str] = field(default_factory=set)

    # ----------------------------------------------------------------- helpers
    def uid(self) -> str:
        """A random (version 4) UUID drawn from the seeded generator."""
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def add(self, table: str, day: date, **values: Any) -> dict[str, Any]:
        stamp = _at(min(day, self.today))
        row = {"id": self.uid(), **row_stamp(at=stamp, rev=self.rev, created_at=stamp), **values}
        self.rows.setdefault(table, []).append(row)
        return row

    def sentiment(self, mood: float, spread: float = 1.0) -> int:
        return _clamp(self.rng.gauss(mood, spread), -2, 2)

    def day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def company_name(self, industry: str, region: str) -> str:
        suffixes = t.REGIONS[region]
        for _ in range(50):
            name = (
                f"{self.rng.choice(t.COMPANY_FIRST)} "
                f"{self.rng.choice(t.INDUSTRY_NOUNS[industry])} {self.rng.choice(suffixes)}"
            )
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        base = f"{self.rng.choice(t.COMPANY_FIRST)} {self.rng.choice(t.INDUSTRY_NOUNS[industry])}"
        n = 2
        while f"{base} {n} {suffixes[0]}" in self.used_names:
            n += 1
        name = f"{base} {n} {suffixes[0]}"
        self.used_names.add(name)
        return name

    # ----------------------------------------------------------------- one account
    def account(self, index: int) -> tuple[str, date, date | None]:
        rng = self.rng
        archetype = rng.choices(ARCHETYPES, ARCHETYPE_WEIGHTS)[0]
        prof = PROFILES[archetype]
        tier = rng.choices(list(TIER_WEIGHTS), list(TIER_WEIGHTS.values()))[0]
        industry = rng.choice(list(t.INDUSTRY_NOUNS))
        region = rng.choices(list(t.REGION_WEIGHTS), list(t.REGION_WEIGHTS.values()))[0]
        name = self.company_name(industry, region)
        domain = "".join(ch for ch in name.split()[0].lower() if ch.isalpha()) + ".example"
        if archetype == "new":
            start = self.today - timedelta(days=rng.randint(20, 150))
        else:
            start = self.today - timedelta(days=rng.randint(400, 1400))
        anniversaries = []
        year = 1
        while True:
            try:
                ann = start.replace(year=start.year + year)
            except ValueError:  # 29 February
                ann = start.replace(year=start.year + year, day=28)
            if ann > self.today:
                break
            anniversaries.append(ann)
            year += 1
        churn_on: date | None = None
        if archetype == "churned":
            churn_on = anniversaries[-1] if anniversaries else self.today - timedelta(days=30)
            if (self.today - churn_on).days > 540 and len(anniversaries) > 1:
                churn_on = anniversaries[-2 if (self.today - anniversaries[-1]).days < 30 else -1]
        renewal = ann if archetype != "churned" else churn_on
        low, high = ARR_RANGES[tier]
        arr0 = rng.randrange(low, high, 500) * 100
        active_end = churn_on or self.today
        account_id = self.uid()
        owner = t.CSM_TEAM[index % len(t.CSM_TEAM)]
        csm_sent = rng.choice(prof.csm)
        stage = rng.choice(prof.stages)
        acct = self.add(
            "accounts", start, id=account_id, name=name,
            crm_id=f"001{index:012d}", tier=tier, industry=industry, region=region,
            employee_count=rng.randint(*EMPLOYEES[tier]), lifecycle_stage=stage,
            arr_minor=0, currency="USD", contract_start=start, renewal_date=renewal,
            owner=owner, strategic=tier is Tier.STRATEGIC or rng.random() < 0.08,
            notes=self._account_notes(archetype, industry), archived=False,
            website=f"https://www.{domain}", csm_sentiment=csm_sent,
            csm_sentiment_note=CSM_NOTES[csm_sent],
            csm_sentiment_on=self.today - timedelta(days=rng.randint(2, 40)),
        )  # fmt: skip
        acct["updated_at"] = _at(self.today - timedelta(days=rng.randint(1, 90)))
        self._stages(account_id, archetype, start, stage, churn_on)
        arr = self._revenue(account_id, archetype, start, anniversaries, churn_on, arr0)
        acct["arr_minor"] = arr
        people = self._stakeholders(account_id, archetype, prof, start, active_end, domain)
        customers = [p for p in people if p["side"] is Side.CUSTOMER and not p["left_company"]]
        plan_id, goals = self._plan(account_id, archetype, start, owner, customers)
        risks = self._risks(account_id, archetype, start)
        self._use_cases(account_id, archetype, prof, start, active_end)
        self._interactions(account_id, archetype, prof, start, active_end, people)
        self._surveys(account_id, prof, start, active_end, customers)
        self._opportunities(account_id, archetype, start)
        qbr_ids = self._qbrs(account_id, archetype, start, active_end, customers, owner)
        self._actions(account_id, archetype, start, active_end, owner, goals, risks, qbr_ids,
                      customers)  # fmt: skip
        del plan_id
        return account_id, start, churn_on

    def _account_notes(self, archetype: str, industry: str) -> str:
        notes = {
            "thriving": "Reference customer candidate. Expansion into a second business unit "
            "is being discussed.",
            "steady": "Stable account. Keep adoption growing ahead of the renewal.",
            "at_risk": "Watch closely: adoption is low and the sponsor is hard to reach.",
            "new": "Recently signed. Focus on a fast, clean onboarding.",
            "churned": "Churned at renewal. Keep in touch for a win-back in a year.",
        }
        return f"{notes[archetype]} Industry: {industry.lower()}."

    def _stages(self, aid: str, archetype: str, start: date, stage: LifecycleStage,
                churn_on: date | None) -> None:  # fmt: skip
        path = [(LifecycleStage.ONBOARDING, start)]
        if archetype != "new":
            path.append((LifecycleStage.ADOPTION, start + timedelta(days=90)))
            if stage is not LifecycleStage.ADOPTION:
                path.append((LifecycleStage.VALUE_REALISATION, start + timedelta(days=240)))
            if stage in (LifecycleStage.EXPANSION, LifecycleStage.ADVOCACY):
                path.append((LifecycleStage.EXPANSION, start + timedelta(days=400)))
            if stage is LifecycleStage.ADVOCACY:
                path.append((LifecycleStage.ADVOCACY, start + timedelta(days=560)))
            if stage is LifecycleStage.RENEWAL:
                path.append((LifecycleStage.RENEWAL, self.today - timedelta(days=60)))
            if churn_on is not None:
                path.append((LifecycleStage.CHURNED, churn_on))
        for st, day in path:
            if day <= self.today:
                self.add("stage_changes", day, account_id=aid, stage=st, changed_on=day, note="")

    def _revenue(self, aid: str, archetype: str, start: date, anniversaries: list[date],
                 churn_on: date | None, arr0: int) -> int:  # fmt: skip
        rng = self.rng
        arr = arr0
        self.add(
            "revenue_events",
            start,
            account_id=aid,
            occurred_on=start,
            kind=RevenueKind.NEW,
            arr_delta_minor=arr0,
            currency="USD",
            note="Initial contract",
            crm_id=None,
        )
        for ann in anniversaries:
            if churn_on is not None and ann >= churn_on:
                break
            self.add("revenue_events", ann, account_id=aid, occurred_on=ann,
                     kind=RevenueKind.RENEWAL, arr_delta_minor=0, currency="USD",
                     note="Renewed for 12 months", crm_id=None)  # fmt: skip
            if archetype == "thriving" and rng.random() < 0.7:
                delta = int(arr * rng.uniform(0.08, 0.35)) // 10000 * 10000 or 100000
                day = ann + timedelta(days=rng.randint(20, 120))
                if day < self.today:
                    arr += delta
                    self.add("revenue_events", day, account_id=aid, occurred_on=day,
                             kind=RevenueKind.EXPANSION, arr_delta_minor=delta, currency="USD",
                             note="Expansion: additional seats", crm_id=None)  # fmt: skip
            if archetype == "at_risk" and ann == anniversaries[-1] and rng.random() < 0.5:
                delta = -(int(arr * rng.uniform(0.1, 0.3)) // 10000 * 10000) or -100000
                arr += delta
                self.add("revenue_events", ann, account_id=aid, occurred_on=ann,
                         kind=RevenueKind.CONTRACTION, arr_delta_minor=delta, currency="USD",
                         note="Seats reduced at renewal", crm_id=None)  # fmt: skip
        if churn_on is not None:
            self.add("revenue_events", churn_on, account_id=aid, occurred_on=churn_on,
                     kind=RevenueKind.CHURN, arr_delta_minor=-arr, currency="USD",
                     note="Did not renew", crm_id=None)  # fmt: skip
            arr = 0
        return arr

    def _stakeholders(self, aid: str, archetype: str, prof: _Profile, start: date, end: date,
                      domain: str) -> list[dict[str, Any]]:  # fmt: skip
        rng = self.rng
        count = rng.randint(4, 12)
        roles = [StakeholderRole.EXECUTIVE_SPONSOR, StakeholderRole.CHAMPION,
                 StakeholderRole.ECONOMIC_BUYER, StakeholderRole.DECISION_MAKER]  # fmt: skip
        extra = [StakeholderRole.INFLUENCER, StakeholderRole.END_USER, StakeholderRole.END_USER,
                 StakeholderRole.DECISION_MAKER, StakeholderRole.POINT_OF_CONTACT,
                 StakeholderRole.INFLUENCER, StakeholderRole.DETRACTOR]  # fmt: skip
        while len(roles) < count:
            roles.append(rng.choice(extra))
        if archetype == "at_risk" and rng.random() < 0.4:
            roles.remove(StakeholderRole.EXECUTIVE_SPONSOR)
        people: list[dict[str, Any]] = []
        by_role: dict[StakeholderRole, list[dict[str, Any]]] = {}
        used: set[str] = set()
        for role in roles:
            first, last = rng.choice(t.FIRST_NAMES), rng.choice(t.LAST_NAMES)
            while f"{first} {last}" in used:
                first, last = rng.choice(t.FIRST_NAMES), rng.choice(t.LAST_NAMES)
            used.add(f"{first} {last}")
            mood = prof.mood + (-1.5 if role is StakeholderRole.DETRACTOR else 0.0)
            sentiment = self.sentiment(mood, 0.8)
            left = (role is StakeholderRole.CHAMPION and archetype in ("at_risk", "churned")
                    and rng.random() < 0.45)  # fmt: skip
            last_contact = self.day_between(max(start, end - timedelta(days=60)), end)
            person = self.add(
                "stakeholders", start, account_id=aid, name=f"{first} {last}",
                job_title=rng.choice(t.ROLE_TITLES[role.value]),
                email=f"{first.lower()}.{last.lower().replace(chr(39), '')}@{domain}",
                phone=f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                side=Side.CUSTOMER, role=role, influence=self._influence(role),
                sentiment=sentiment, sentiment_on=self.today - timedelta(days=rng.randint(3, 80)),
                reports_to_id=None, last_contact=last_contact, left_company=left,
                left_on=self.day_between(max(start, end - timedelta(days=150)), end) if left
                else None,
                notes=self._person_note(role, sentiment), crm_id=None,
            )  # fmt: skip
            people.append(person)
            by_role.setdefault(role, []).append(person)
        top = (by_role.get(StakeholderRole.EXECUTIVE_SPONSOR) or by_role.get(
            StakeholderRole.ECONOMIC_BUYER) or people)[0]  # fmt: skip
        managers = by_role.get(StakeholderRole.DECISION_MAKER, []) or [top]
        for person in people:
            role = person["role"]
            if person is top:
                continue
            if role in (StakeholderRole.ECONOMIC_BUYER, StakeholderRole.DECISION_MAKER,
                        StakeholderRole.EXECUTIVE_SPONSOR):  # fmt: skip
                person["reports_to_id"] = top["id"]
            elif role is StakeholderRole.CHAMPION:
                person["reports_to_id"] = rng.choice(managers)["id"]
            else:
                bosses = by_role.get(StakeholderRole.CHAMPION, []) + managers
                person["reports_to_id"] = rng.choice(bosses)["id"]
        self._managers_first(len(people))
        for person in people:  # sentiment history: a walk that ends at today's value
            value = person["sentiment"]
            days = sorted({rng.randint(0, 330) for _ in range(rng.randint(1, 3))}, reverse=True)
            history = [
                (self.today - timedelta(days=back + 90), self.sentiment(prof.mood * 0.6, 1.0))
                for back in days
            ]
            history.append((person["sentiment_on"], value))
            for day, sent in history:
                if day >= start:
                    self.add("stakeholder_sentiments", day, stakeholder_id=person["id"],
                             recorded_on=day, sentiment=sent, note="")  # fmt: skip
        for name, title in rng.sample(t.INTERNAL_PEOPLE, 2):
            people.append(self.add(
                "stakeholders", start, account_id=aid, name=name, job_title=title,
                email=f"{name.split()[0].lower()}@beacon.example", phone="",
                side=Side.INTERNAL, role=StakeholderRole.POINT_OF_CONTACT, influence=3,
                sentiment=1, sentiment_on=start, reports_to_id=None, last_contact=None,
                left_company=False, left_on=None, notes="", crm_id=None,
            ))  # fmt: skip
        return people

    def _managers_first(self, count: int) -> None:
        """Order this account's new stakeholder rows so a manager is inserted before their
        reports (foreign keys are checked row by row)."""
        batch = self.rows["stakeholders"]
        mine = batch[-count:]
        by_id = {p["id"]: p for p in mine}

        def depth(person: dict[str, Any]) -> int:
            level = 0
            while person["reports_to_id"] in by_id:
                person = by_id[person["reports_to_id"]]
                level += 1
            return level

        batch[-count:] = sorted(mine, key=depth)

    def _influence(self, role: StakeholderRole) -> int:
        base = {StakeholderRole.EXECUTIVE_SPONSOR: 5, StakeholderRole.ECONOMIC_BUYER: 5,
                StakeholderRole.DECISION_MAKER: 4, StakeholderRole.CHAMPION: 4,
                StakeholderRole.INFLUENCER: 3, StakeholderRole.DETRACTOR: 3,
                StakeholderRole.POINT_OF_CONTACT: 2, StakeholderRole.END_USER: 2}[role]  # fmt: skip
        return _clamp(base + self.rng.choice((-1, 0, 0, 0, 1)), 1, 5)

    def _person_note(self, role: StakeholderRole, sentiment: int) -> str:
        if role is StakeholderRole.DETRACTOR:
            return "Prefers the legacy tool; involve early in change decisions."
        if sentiment >= 2:
            return "Strong advocate internally."
        if sentiment <= -1:
            return "Frustrated recently; needs a follow-up."
        return ""

    def _plan(self, aid: str, archetype: str, start: date, owner: str,
              customers: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:  # fmt: skip
        rng = self.rng
        period_start = max(start, date(self.today.year, 1, 1))
        period_end = date(self.today.year, 12, 31)
        plan = self.add(
            "success_plans", period_start, account_id=aid,
            title=f"{self.today.year} Account Success Plan", period_start=period_start,
            period_end=period_end,
            status=PlanStatus.ACTIVE if archetype != "churned" else PlanStatus.COMPLETED,
            desired_outcomes=rng.choice((
                "Prove measurable savings in finance operations and extend to two more teams.",
                "Make Beacon the system of record for operations reporting by year end.",
                "Reach broad, daily adoption and a reference-ready executive sponsor.",
                "Cut manual work in order processing and build the case for expansion.",
            )),
            internal_notes=rng.choice((
                "Sponsor cares most about cost; lead with savings.",
                "Procurement is tough; start renewal talks 120 days out.",
                "Champion is our best ally; keep them visible to their VP.",
                "",
            )),
        )  # fmt: skip
        plan["updated_at"] = _at(self.today - timedelta(days=rng.choice((5, 12, 20, 45, 75))))
        goals = []
        progress_mu = {"thriving": 0.85, "steady": 0.55, "at_risk": 0.25, "new": 0.2,
                       "churned": 0.15}[archetype]  # fmt: skip
        for template in rng.sample(t.GOALS, rng.randint(3, 6)):
            title, category, kpi, unit, baseline, target = template
            share = min(max(rng.gauss(progress_mu, 0.25), 0.0), 1.15)
            current = round(baseline + (target - baseline) * share, 1)
            due = self.day_between(self.today - timedelta(days=60), period_end)
            progress = goal_progress(baseline, current, target) or 0.0
            achieved_on = None
            if progress >= 1.0:
                status = GoalStatus.ACHIEVED
                achieved_on = self.day_between(max(start, self.today - timedelta(days=200)),
                                               self.today)  # fmt: skip
            elif due < self.today:
                status = GoalStatus.MISSED if progress < 0.6 else GoalStatus.AT_RISK
            elif progress < 0.05:
                status = GoalStatus.NOT_STARTED
            elif progress < 0.35:
                status = (
                    GoalStatus.OFF_TRACK
                    if archetype in ("at_risk", "churned")
                    else (GoalStatus.AT_RISK)
                )
            elif progress < 0.6:
                status = GoalStatus.AT_RISK if archetype == "at_risk" else GoalStatus.ON_TRACK
            else:
                status = GoalStatus.ON_TRACK
            owner_person = rng.choice(customers) if customers and rng.random() < 0.6 else None
            goals.append(self.add(
                "goals", period_start, plan_id=plan["id"], title=title,
                description=f"{kpi} from {baseline:g} to {target:g} {unit}.",
                category=GoalCategory(category), kpi_name=kpi, unit=unit, baseline=baseline,
                current=current, target=target, due_date=due, status=status,
                achieved_on=achieved_on,
                priority=rng.choice((Priority.HIGH, Priority.MEDIUM, Priority.MEDIUM,
                                     Priority.CRITICAL, Priority.LOW)),
                owner_stakeholder_id=owner_person["id"] if owner_person else None,
                owner_name="" if owner_person else owner,
                customer_visible=rng.random() < 0.85,
            ))  # fmt: skip
        return plan["id"], goals

    def _risks(self, aid: str, archetype: str, start: date) -> list[dict[str, Any]]:
        rng = self.rng
        low, high = {"thriving": (0, 1), "steady": (1, 2), "at_risk": (2, 4), "new": (0, 2),
                     "churned": (2, 3)}[archetype]  # fmt: skip
        risks = []
        for title, category, mitigation in rng.sample(t.RISKS, rng.randint(low, high)):
            raised = self.day_between(max(start, self.today - timedelta(days=240)), self.today)
            severe = archetype in ("at_risk", "churned")
            status = rng.choice((RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.OPEN)
                                if severe else (RiskStatus.OPEN, RiskStatus.MITIGATING,
                                                RiskStatus.RESOLVED))  # fmt: skip
            risks.append(self.add(
                "risks", raised, account_id=aid, title=title,
                description=f"{title}. Raised by the account team.",
                category=RiskCategory(category),
                severity=rng.choice((Severity.HIGH, Severity.CRITICAL, Severity.MEDIUM)
                                    if severe else (Severity.LOW, Severity.MEDIUM)),
                likelihood=rng.choice(list(Likelihood)), mitigation=mitigation, status=status,
                raised_on=raised,
                resolved_on=self.day_between(raised, self.today)
                if status is RiskStatus.RESOLVED else None,
                owner_name=rng.choice(t.CSM_TEAM), internal=rng.random() < 0.25,
            ))  # fmt: skip
        return risks

    def _use_cases(self, aid: str, archetype: str, prof: _Profile, start: date,
                   end: date) -> None:  # fmt: skip
        rng = self.rng
        for title, problem, outcome, product in rng.sample(t.USE_CASES, rng.randint(1, 4)):
            adoption = rng.randint(*prof.adoption)
            if archetype == "new":
                status = rng.choice((UseCaseStatus.ONBOARDING, UseCaseStatus.PLANNED,
                                     UseCaseStatus.ONBOARDING))  # fmt: skip
            elif archetype == "churned":
                status = UseCaseStatus.RETIRED
            elif archetype == "at_risk":
                status = rng.choice((UseCaseStatus.AT_RISK, UseCaseStatus.LIVE,
                                     UseCaseStatus.ONBOARDING))  # fmt: skip
            else:
                status = rng.choice(
                    (
                        UseCaseStatus.LIVE,
                        UseCaseStatus.LIVE,
                        UseCaseStatus.ONBOARDING,
                        UseCaseStatus.PLANNED,
                    )
                )
            if status is UseCaseStatus.PLANNED:
                adoption = 0
            go_live = (self.day_between(start + timedelta(days=30), end)
                       if status in (UseCaseStatus.LIVE, UseCaseStatus.AT_RISK,
                                     UseCaseStatus.RETIRED) else None)  # fmt: skip
            value = None
            text = ""
            if status is UseCaseStatus.LIVE and adoption > 50:
                value = rng.randrange(20_000, 400_000, 5_000) * 100
                text = rng.choice(("Saved about 30 hours a week of manual work.",
                                   "Cut cycle time by half.", "Retired two legacy tools.",
                                   "Faster month-end close by three days."))  # fmt: skip
            self.add("use_cases", start, account_id=aid, title=title, problem=problem,
                     desired_outcome=outcome, products=product, status=status,
                     adoption_pct=adoption, go_live=go_live, value_realised=text,
                     value_minor=value)  # fmt: skip

    def _interactions(self, aid: str, archetype: str, prof: _Profile, start: date, end: date,
                      people: list[dict[str, Any]]) -> None:  # fmt: skip
        rng = self.rng
        customers = [p for p in people if p["side"] is Side.CUSTOMER]
        first = max(start, self.today - timedelta(days=91 * QUARTERS))
        quarter_start = first
        while quarter_start < end:
            quarter_end = min(quarter_start + timedelta(days=91), end)
            for _ in range(rng.randint(*prof.touches)):
                kind = rng.choices(
                    (InteractionType.CALL, InteractionType.MEETING, InteractionType.EMAIL,
                     InteractionType.NOTE),
                    (40, 25, 25, 10),
                )[0]  # fmt: skip
                self._interaction(aid, kind, quarter_start, quarter_end, prof, customers)
            if rng.random() < prof.escalation_p:
                self._interaction(aid, InteractionType.ESCALATION, quarter_start, quarter_end,
                                  prof, customers)  # fmt: skip
            quarter_start = quarter_end + timedelta(days=1)
        if archetype == "at_risk":  # the recent quarter is rough
            self._interaction(aid, InteractionType.ESCALATION, end - timedelta(days=40), end,
                              prof, customers)  # fmt: skip

    def _interaction(self, aid: str, kind: InteractionType, start: date, end: date,
                     prof: _Profile, customers: list[dict[str, Any]]) -> None:  # fmt: skip
        rng = self.rng
        day = self.day_between(start, min(end, self.today))
        mood = prof.mood - (1.0 if kind is InteractionType.ESCALATION else 0.0)
        sentiment = self.sentiment(mood, 0.9)
        pool = (t.SUMMARIES_GOOD if sentiment > 0 else t.SUMMARIES_BAD if sentiment < 0
                else t.SUMMARIES_MIXED)  # fmt: skip
        row = self.add(
            "interactions",
            day,
            account_id=aid,
            occurred_on=day,
            type=kind,
            subject=rng.choice(t.INTERACTION_SUBJECTS[kind.value]),
            summary=rng.choice(pool),
            sentiment=None if kind is InteractionType.NOTE else sentiment,
        )
        if kind is not InteractionType.NOTE and customers:
            for person in rng.sample(customers, min(len(customers), rng.randint(1, 3))):
                self.add("interaction_attendees", day, interaction_id=row["id"],
                         stakeholder_id=person["id"])  # fmt: skip

    def _surveys(self, aid: str, prof: _Profile, start: date, end: date,
                 customers: list[dict[str, Any]]) -> None:  # fmt: skip
        rng = self.rng
        if not customers:
            return
        day = max(start + timedelta(days=60), self.today - timedelta(days=91 * QUARTERS))
        while day <= end:
            for person in rng.sample(customers, min(len(customers), rng.randint(1, 2))):
                score = _clamp(rng.gauss(7.2 + prof.mood * 1.6, 1.4), 0, 10)
                kind = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
                when = self.day_between(day, min(day + timedelta(days=20), end))
                self.add(
                    "survey_responses",
                    when,
                    account_id=aid,
                    stakeholder_id=person["id"],
                    responded_on=when,
                    kind=SurveyKind.NPS,
                    score=score,
                    comment=rng.choice(t.NPS_COMMENTS[kind]),
                    themes=rng.sample(t.THEMES, rng.randint(1, 2)),
                    crm_id=None,
                )
            if rng.random() < 0.6:
                when = self.day_between(day, min(day + timedelta(days=80), end))
                csat = _clamp(rng.gauss(3.9 + prof.mood * 0.7, 0.8), 1, 5)
                self.add(
                    "survey_responses",
                    when,
                    account_id=aid,
                    stakeholder_id=None,
                    responded_on=when,
                    kind=SurveyKind.CSAT,
                    score=csat,
                    comment="Support ticket survey",
                    themes=["support"],
                    crm_id=None,
                )
            day += timedelta(days=182)

    def _opportunities(self, aid: str, archetype: str, start: date) -> None:
        rng = self.rng
        count = {"thriving": (1, 3), "steady": (0, 2), "at_risk": (0, 1), "new": (0, 1),
                 "churned": (0, 1)}[archetype]  # fmt: skip
        for title, kind, product in rng.sample(t.OPPORTUNITIES, rng.randint(*count)):
            amount = rng.randrange(10_000, 250_000, 5_000) * 100
            if archetype == "churned":
                status = OpportunityStatus.LOST
            elif archetype == "thriving" and rng.random() < 0.4:
                status = OpportunityStatus.WON
            else:
                status = rng.choice((OpportunityStatus.OPEN, OpportunityStatus.OPEN,
                                     OpportunityStatus.LOST))  # fmt: skip
            is_open = status is OpportunityStatus.OPEN
            created = self.day_between(max(start, self.today - timedelta(days=300)), self.today)
            self.add(
                "opportunities", created, account_id=aid, title=title,
                kind=OpportunityKind(kind), product=product, amount_minor=amount, currency="USD",
                stage=rng.choice((OpportunityStage.IDENTIFIED, OpportunityStage.QUALIFIED,
                                  OpportunityStage.PROPOSAL, OpportunityStage.NEGOTIATION))
                if is_open else OpportunityStage.CLOSED,
                expected_close=self.today + timedelta(days=rng.randint(15, 200)) if is_open
                else self.day_between(created, self.today),
                status=status,
                closed_on=None if is_open else self.day_between(created, self.today),
                notes="Discussed at the last QBR." if rng.random() < 0.5 else "",
            )  # fmt: skip

    def _qbrs(self, aid: str, archetype: str, start: date, end: date,
              customers: list[dict[str, Any]], owner: str) -> list[str]:  # fmt: skip
        rng = self.rng
        held = []
        count = 0 if archetype == "new" else rng.randint(1, 2)
        for n in range(count, 0, -1):
            day = end - timedelta(days=91 * n - rng.randint(0, 30))
            if day <= start + timedelta(days=60):
                continue
            qbr = self.add(
                "qbrs", day - timedelta(days=14), account_id=aid,
                title=f"Q{(day.month - 1) // 3 + 1} {day.year} Business Review", meeting_date=day,
                period_start=day - timedelta(days=91), period_end=day, length_minutes=60,
                status=QbrStatus.HELD,
                objectives="Review progress against the success plan and agree next quarter's "
                "priorities.",
                decisions=rng.choice((
                    "Extend the rollout to the finance team next quarter.",
                    "Run a joint adoption campaign; revisit goals in six weeks.",
                    "Prioritise fixing the integration issues before new use cases.",
                )),
                notes=rng.choice(("Sponsor arrived late; keep the deck shorter next time.",
                                  "Procurement attended; renewal talk expected.", "")),
                generated_files=[],
            )  # fmt: skip
            held.append(qbr["id"])
            self.add("interactions", day, account_id=aid, occurred_on=day, type=InteractionType.QBR,
                     subject=qbr["title"], summary=qbr["decisions"],
                     sentiment=self.sentiment(PROFILES[archetype].mood, 0.7))  # fmt: skip
            for position, (section, title, minutes) in enumerate(t.QBR_AGENDA):
                self.add("qbr_agenda_items", day, qbr_id=qbr["id"], position=position,
                         section=section, title=title, minutes=minutes,
                         owner=owner if position % 2 == 0 else "", notes="",
                         talking_points=[])  # fmt: skip
            for person in rng.sample(customers, min(len(customers), rng.randint(2, 4))):
                self.add("qbr_attendees", day, qbr_id=qbr["id"], stakeholder_id=person["id"])
        if archetype in ("thriving", "steady", "at_risk") and rng.random() < 0.35:
            day = self.today + timedelta(days=rng.randint(3, 45))
            self.add("qbrs", self.today, account_id=aid,
                     title=f"Q{(day.month - 1) // 3 + 1} {day.year} Business Review",
                     meeting_date=day, period_start=None, period_end=None, length_minutes=60,
                     status=QbrStatus.PLANNED, objectives="", decisions="", notes="",
                     generated_files=[])  # fmt: skip
        return held

    def _actions(self, aid: str, archetype: str, start: date, end: date, owner: str,
                 goals: list[dict[str, Any]], risks: list[dict[str, Any]], qbr_ids: list[str],
                 customers: list[dict[str, Any]]) -> None:  # fmt: skip
        rng = self.rng
        titles = rng.sample(t.ACTIONS, rng.randint(3, 10))
        for n, title in enumerate(titles):
            created = self.day_between(max(start, end - timedelta(days=120)), end)
            due = created + timedelta(days=rng.randint(5, 60))
            if archetype == "churned":
                status = rng.choice((ActionStatus.DONE, ActionStatus.CANCELLED))
            elif due < self.today:
                status = rng.choices((ActionStatus.DONE, ActionStatus.OPEN,
                                      ActionStatus.BLOCKED), (80, 15, 5))[0]  # fmt: skip
            else:
                status = rng.choice((ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.IN_PROGRESS,
                                     ActionStatus.DONE, ActionStatus.BLOCKED))  # fmt: skip
            done = status is ActionStatus.DONE
            snoozed = None
            if status is ActionStatus.OPEN and rng.random() < 0.08:
                snoozed = self.today + timedelta(days=rng.randint(2, 14))
            goal = rng.choice(goals) if goals and rng.random() < 0.3 else None
            risk = rng.choice(risks) if risks and rng.random() < 0.3 and not goal else None
            qbr = qbr_ids[-1] if qbr_ids and n < 2 else None
            person = rng.choice(customers) if customers and rng.random() < 0.25 else None
            self.add(
                "action_items", created, account_id=aid, goal_id=goal["id"] if goal else None,
                risk_id=risk["id"] if risk else None, qbr_id=qbr, title=title,
                description="", owner_name="" if person else owner,
                owner_stakeholder_id=person["id"] if person else None, due_date=due,
                status=status,
                priority=rng.choice((Priority.LOW, Priority.MEDIUM, Priority.MEDIUM,
                                     Priority.HIGH)),
                type=ActionType.RISK if risk else ActionType.OPPORTUNITY if goal and rng.random()
                < 0.3 else rng.choice((ActionType.FOLLOW_UP, ActionType.LIFECYCLE)),
                completed_on=min(due, self.today) if done else None, snoozed_until=snoozed,
                crm_id=None,
            )  # fmt: skip


def _quarter_ends(today: date, count: int) -> list[date]:
    ends = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(count):
        quarter -= 1
        if quarter < 0:
            quarter, year = 3, year - 1
        month = quarter * 3 + 3
        next_first = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(next_first - timedelta(days=1))
    return sorted(ends)


def generate_demo(
    path: Path,
    *,
    accounts: int = 40,
    seed: int = 7,
    today: date | None = None,
    replace: bool = False,
    progress: ProgressCallback | None = None,
) -> DemoResult:
    """Create a demo book at ``path`` (built under a temporary name, then renamed in)."""
    if accounts < 1 or accounts > 1_000_000:
        raise errors.ValidationError("accounts", "The number of accounts must be 1 to 1,000,000.")
    path = Path(path)
    if path.exists() and not replace:
        raise errors.ConflictError(
            f"{path.name} already exists. Choose another file name, or replace it on purpose "
            "(planner demo BOOK --replace)."
        )
    began = time.perf_counter()
    day = today or default_clock().today()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.demo")
    tmp.unlink(missing_ok=True)
    book = create_book(tmp, clock=FixedClock(day))
    try:
        total_rows = _fill(book, accounts, seed, day, progress)
    except BaseException:
        book.close()
        tmp.unlink(missing_ok=True)
        raise
    book.close()
    tmp.replace(path)
    return DemoResult(path, accounts, total_rows, time.perf_counter() - began)


def _fill(
    book: Book, accounts: int, seed: int, day: date, progress: ProgressCallback | None
) -> int:
    gen = _Gen(random.Random(seed), day, rev="")
    gen.rev = gen.uid()
    switch = day - timedelta(days=91 * 3)
    models = [
        h.HealthModelSettings(1),
        h.HealthModelSettings(2, {**h.DEFAULT_WEIGHTS, h.ENGAGEMENT: 25.0, h.SUPPORT: 10.0}),
    ]
    with book.write() as session:
        session.execute(
            insert(m.EditSession).values(
                id=gen.rev, started_at=_at(day), host="demo", app_version="demo"
            )
        )
        for model, created in ((models[0], day - timedelta(days=91 * QUARTERS + 30)),
                               (models[1], switch)):  # fmt: skip
            session.execute(
                insert(m.HealthModel).values(
                    id=gen.uid(),
                    version=model.version,
                    weights=dict(model.weights),
                    red_below=model.red_below,
                    green_from=model.green_from,
                    note="Initial model"
                    if model.version == 1
                    else "More weight on engagement after the churn review",
                    **row_stamp(at=_at(created), rev=gen.rev, created_at=_at(created)),
                )
            )
    total_rows = 0
    lifetimes: list[tuple[str, date, date | None]] = []
    order = [t.name for t in m.Base.metadata.sorted_tables]
    for first in range(0, accounts, CHUNK):
        gen.rows = {}
        lifetimes.extend(gen.account(i) for i in range(first, min(first + CHUNK, accounts)))
        with book.write() as session:
            for name in order:
                batch = gen.rows.get(name)
                if batch:
                    session.execute(insert(m.Base.metadata.tables[name]), batch)
                    total_rows += len(batch)
        if progress is not None and not progress(len(lifetimes), accounts):
            raise errors.PlannerError("Demo generation was cancelled; no book was written.")
    return total_rows + _snapshots(book, gen, lifetimes, models, switch)


def _snapshots(
    book: Book,
    gen: _Gen,
    lifetimes: list[tuple[str, date, date | None]],
    models: list[h.HealthModelSettings],
    switch: date,
) -> int:
    """Score every account at each quarter end of the last two years, and today."""
    days = [*_quarter_ends(gen.today, QUARTERS), gen.today]
    written = 0
    rng = gen.rng
    for first in range(0, len(lifetimes), 500):
        chunk = lifetimes[first : first + 500]
        rows: list[dict[str, Any]] = []
        with book.write() as session:
            for day in days:
                model = models[1] if day >= switch else models[0]
                alive = [aid for aid, start, churn in chunk
                         if start <= day and (churn is None or day <= churn)]  # fmt: skip
                inputs = gather_inputs_in(session, alive, day)
                for aid in alive:
                    values = snapshot_values(aid, day, h.score_health(inputs[aid], model))
                    values["id"] = gen.uid()
                    values.update(row_stamp(at=_at(day, 18), rev=gen.rev, created_at=_at(day, 18)))
                    rows.append(values)
            overrides = [r for r in rows if r["taken_on"] == gen.today and r["score"] < 45]
            for row in overrides[: max(1, len(overrides) // 8)]:
                row["override_score"] = min(row["score"] + 20.0, 100.0)
                row["score"] = row["override_score"]
                row["band"] = models[1].band(row["score"])
                row["override_reason"] = rng.choice((
                    "Sponsor confirmed the renewal verbally; usage data lags the rollout.",
                    "Escalation resolved this week; score will catch up next month.",
                ))  # fmt: skip
            if rows:
                session.execute(insert(m.HealthSnapshot), rows)
            written += len(rows)
    return written

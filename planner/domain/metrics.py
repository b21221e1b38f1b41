"""Portfolio metrics (DOMAIN.md "What is computed"): pure functions over plain facts.

Every rate is over a period ``[start, end]`` (both days included). Money is integer minor units
of the book's base currency; ratios are exact :class:`~decimal.Decimal` fractions (``1.05`` is
105 %), or ``None`` when the rate is undefined (a zero denominator), shown as "n/a".

Definitions, including the edge cases DOMAIN.md leaves open:

* An account is **active** on a day when it has begun (``began_on`` on or before the day) and
  has not churned (no ``churned_on``, or a later one). The **cohort** of a period is the
  accounts active on the day before it starts.
* **Logo churn** = cohort accounts that churned during the period / cohort size. An account
  that both began and churned inside the period is not in the cohort, so it is counted apart
  (``new_and_churned``), never in the rate.
* **Customer retention** = (active at end - new during the period) / cohort size, where "new"
  counts the accounts that began in the period *and are still active at its end* (so an
  account that came and went inside the period changes neither side).
* **GRR** = (cohort ARR at start - contraction - churned ARR) / cohort ARR at start; an
  account's losses count at most its starting ARR, so GRR stays within 0-100 %.
  **NRR** = (cohort ARR at start + expansion - contraction - churned ARR) / cohort ARR at
  start, which is exactly the cohort's ARR at the end over its ARR at the start. Within the
  period, a cohort account's positive revenue events are expansion, its negative ``churn``
  events churned ARR, its other negative events contraction. Zero starting ARR: n/a.
* **Renewal rate**: a renewal *came due* for each ``renewal`` event (renewed) and each
  ``churn`` event (lost) dated in the period up to ``as_of``, and for each active account whose
  renewal date fell in the period up to ``as_of`` with neither recorded (still open). Rate by
  count = renewed / due. By ARR: the ARR just before the due day / what was kept after it
  (an uplift at renewal counts as expansion, not as more than 100 %).
* **CLV** = average ARR per active account at the period end x gross margin / annual logo
  churn, where annual logo churn is the logo churn of the 12 months ending on the period's
  last day (whatever the period's length). Zero churn: n/a, never infinity.
* **NPS** = % promoters (9-10) - % detractors (0-6) of the NPS answers dated in the period;
  **CSAT** = % of CSAT answers scoring 4 or 5. No answers: n/a.
* **Time-to-value**: days from contract start (or the account's first day) to its first value
  (first goal achieved or first use case live), for the accounts whose first value fell in
  the period; the book figure is the median. Value recorded before the start counts as 0 days.
* **Health distribution**: accounts active at the period end, by the band of their latest
  snapshot on or before it (or "not scored").
* The **ARR bridge** explains all the ARR of the selection, not only the cohort: start ARR +
  new (positive events of accounts outside the cohort) + expansion - contraction - churn
  = end ARR, exactly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from planner.domain import errors
from planner.domain import formatting as fmt
from planner.domain.enums import HealthBand, RevenueKind, SurveyKind
from planner.domain.money import decimal_to_minor, exponent, format_minor

HUNDRED = Decimal(100)


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days ``[start, end]``."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise errors.ValidationError(
                "end",
                f"The period must end on or after its start (from {fmt.day(self.start)} "
                f"to {fmt.day(self.end)} is backwards). Swap the two dates.",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return fmt.period(self.start, self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise errors.ValidationError("quarter", "A quarter is 1, 2, 3 or 4.")
        first = date(year, quarter * 3 - 2, 1)
        after = date(year + (quarter == 4), quarter * 3 % 12 + 1, 1)
        return cls(first, after - timedelta(days=1))

    @classmethod
    def year_ending(cls, end: date) -> Period:
        """The 12 months ending on ``end`` (e.g. 2025-12-01 to 2026-11-30)."""
        try:
            start = end.replace(year=end.year - 1)
        except ValueError:  # 29 February
            start = end.replace(year=end.year - 1, day=28)
        return cls(start + timedelta(days=1), end)

    @property
    def quarter_label(self) -> str:
        """ "Q3 2026" for a calendar quarter, the plain label otherwise."""
        q = (self.start.month - 1) // 3 + 1
        if self == Period.quarter(self.start.year, q):
            return f"Q{q} {self.start.year}"
        return self.label


def quarters_ending(day: date, count: int) -> list[Period]:
    """The ``count`` calendar quarters up to and including the one holding ``day``."""
    year, quarter = day.year, (day.month - 1) // 3 + 1
    found = []
    for _ in range(count):
        found.append(Period.quarter(year, quarter))
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return found[::-1]


#: Account fields a selection can be narrowed by, with their labels.
SEGMENT_FIELDS: dict[str, str] = {
    "tier": "Tier",
    "industry": "Industry",
    "region": "Region",
    "owner": "CSM owner",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """Accounts whose ``field`` equals ``value`` (ignoring case), e.g. tier = enterprise."""

    field: str
    value: str

    def __post_init__(self) -> None:
        if self.field not in SEGMENT_FIELDS:
            raise errors.ValidationError(
                "segment",
                f"{self.field!r} cannot be used as a segment. Use one of: "
                f"{', '.join(SEGMENT_FIELDS)} (for example tier=enterprise).",
            )
        if not self.value.strip():
            raise errors.ValidationError(
                "segment", f"Give a value for {self.field} (for example {self.field}=...)."
            )

    @property
    def label(self) -> str:
        return f"{SEGMENT_FIELDS[self.field]}: {self.value}"

    @classmethod
    def parse(cls, text: str) -> Segment:
        """``"tier=enterprise"`` -> Segment("tier", "enterprise")."""
        name, sep, value = text.partition("=")
        if not sep:
            raise errors.ValidationError(
                "segment",
                f'{text!r} is not FIELD=VALUE (for example region=EMEA or owner="Ana Ruiz").',
            )
        return cls(name.strip().lower(), value.strip())


# --------------------------------------------------------------------------- money


def parse_rate(currency: str, text: object) -> Decimal:
    """An exchange rate from the ``fx_rates`` setting (a decimal number written as text)."""
    try:
        rate = Decimal(str(text).strip())
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0:
        raise errors.ValidationError(
            "fx_rates",
            f"The exchange rate for {currency} ({str(text)[:20]!r}) is not a positive number. "
            "Correct it in Book > Settings… (for example 1.08).",
        )
    return rate


def to_base(amount_minor: int, currency: str, base: str, rates: Mapping[str, object]) -> int:
    """Convert minor units of ``currency`` to minor units of ``base`` (half-even rounding).

    ``rates`` maps a currency to how many units of ``base`` one unit of it is worth. A missing
    rate is an error that names the currency.
    """
    if currency == base:
        return amount_minor
    if currency not in rates:
        raise errors.ValidationError(
            "fx_rates",
            f"Some accounts are in {currency}, but the book has no exchange rate from "
            f"{currency} to {base}. Add one in Book > Settings… (or planner settings BOOK --set "
            f"fx.{currency}=1.08, which means 1 {currency} is worth 1.08 {base}), then compute "
            "the metrics again.",
        )
    rate = parse_rate(currency, rates[currency])
    major = Decimal(amount_minor).scaleb(-exponent(currency)) * rate
    return decimal_to_minor(major, base)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class RevenueFact:
    day: date
    kind: RevenueKind
    amount_minor: int
    """Signed ARR change, in the base currency."""


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What the metrics need to know about one account (money in the base currency)."""

    id: str
    began_on: date | None
    """First day as a customer (first revenue event or contract start); None: never began."""
    churned_on: date | None = None
    """The day it churned (None while it is a customer)."""
    events: tuple[RevenueFact, ...] = ()
    renewal_date: date | None = None
    contract_start: date | None = None
    first_value_on: date | None = None
    """First goal achieved or first use case live."""
    health_band: HealthBand | None = None
    """Band of the latest snapshot on or before the period end."""
    _days: tuple[date, ...] = field(init=False, repr=False, compare=False, default=())
    _totals: tuple[int, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        # Running ARR after each event day, so ARR on any day is one binary search.
        running = 0
        days: list[date] = []
        totals: list[int] = []
        for event in sorted(self.events, key=lambda e: e.day):
            running += event.amount_minor
            if days and days[-1] == event.day:
                totals[-1] = running
            else:
                days.append(event.day)
                totals.append(running)
        object.__setattr__(self, "_days", tuple(days))
        object.__setattr__(self, "_totals", tuple(totals))

    def active_on(self, day: date) -> bool:
        return (
            self.began_on is not None
            and self.began_on <= day
            and (self.churned_on is None or self.churned_on > day)
        )

    def arr_on(self, day: date) -> int:
        """ARR at the end of ``day``."""
        index = bisect_right(self._days, day)
        return self._totals[index - 1] if index else 0

    def events_in(self, period: Period) -> list[RevenueFact]:
        return [e for e in self.events if period.contains(e.day)]


@dataclass(frozen=True, slots=True)
class SurveyFact:
    day: date
    kind: SurveyKind
    score: int
    count: int = 1
    """How many answers with this score on this day (the book may group them)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Logos:
    at_start: int
    at_end: int
    new: int
    """Began in the period and still active at its end."""
    churned: int
    """Cohort accounts that churned in the period."""
    new_and_churned: int
    """Began and churned inside the period (in neither rate)."""
    churn_rate: Decimal | None
    retention_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class RevenueRetention:
    start_minor: int
    """Cohort ARR at the start."""
    expansion_minor: int
    contraction_minor: int
    churned_minor: int
    end_minor: int
    """Cohort ARR at the end."""
    grr: Decimal | None
    nrr: Decimal | None


@dataclass(frozen=True, slots=True)
class ArrBridge:
    start_minor: int
    new_minor: int
    expansion_minor: int
    contraction_minor: int
    churn_minor: int
    end_minor: int


@dataclass(frozen=True, slots=True)
class Renewals:
    renewed: int
    lost: int
    open: int
    due_minor: int
    renewed_minor: int

    @property
    def due(self) -> int:
        return self.renewed + self.lost + self.open

    @property
    def rate_by_count(self) -> Decimal | None:
        return ratio(self.renewed, self.due)

    @property
    def rate_by_arr(self) -> Decimal | None:
        return ratio(self.renewed_minor, self.due_minor)


@dataclass(frozen=True, slots=True)
class Clv:
    value_minor: int | None
    average_arr_minor: int | None
    gross_margin_pct: Decimal
    annual_churn: Decimal | None
    note: str
    """Why the value is n/a, or empty."""


@dataclass(frozen=True, slots=True)
class Nps:
    score: Decimal | None
    responses: int
    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True, slots=True)
class Csat:
    score: Decimal | None
    responses: int
    satisfied: int


@dataclass(frozen=True, slots=True)
class TimeToValue:
    median_days: Decimal | None
    accounts: int
    """Accounts whose first value fell in the period."""
    waiting: int
    """Active accounts at the period end with no value yet."""


@dataclass(frozen=True, slots=True)
class BandShare:
    band: HealthBand | None
    accounts: int
    arr_minor: int


@dataclass(frozen=True, slots=True)
class Metrics:
    period: Period
    currency: str
    accounts: int
    """Accounts in the selection (any state)."""
    logos: Logos
    revenue: RevenueRetention
    bridge: ArrBridge
    renewals: Renewals
    clv: Clv
    nps: Nps
    csat: Csat
    ttv: TimeToValue
    health: tuple[BandShare, ...]
    segment: Segment | None = None
    rates_used: tuple[tuple[str, Decimal], ...] = ()
    """The exchange rates that converted money to ``currency`` (currency, base per unit)."""


# --------------------------------------------------------------------------- formulas


def ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator / denominator`` exactly, or None when the denominator is zero."""
    if not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def _day_before(day: date) -> date:
    return day - timedelta(days=1)


def logos(accounts: Sequence[AccountFacts], period: Period) -> Logos:
    opening = _day_before(period.start)
    cohort = [a for a in accounts if a.active_on(opening)]
    at_end = sum(1 for a in accounts if a.active_on(period.end))
    began = [a for a in accounts if a.began_on is not None and period.contains(a.began_on)]
    new = sum(1 for a in began if a.active_on(period.end))
    new_and_churned = sum(
        1 for a in began if a.churned_on is not None and period.contains(a.churned_on)
    )
    churned = sum(1 for a in cohort if a.churned_on is not None and period.contains(a.churned_on))
    return Logos(
        at_start=len(cohort),
        at_end=at_end,
        new=new,
        churned=churned,
        new_and_churned=new_and_churned,
        churn_rate=ratio(churned, len(cohort)),
        retention_rate=ratio(at_end - new, len(cohort)),
    )


def revenue_retention(accounts: Sequence[AccountFacts], period: Period) -> RevenueRetention:
    opening = _day_before(period.start)
    start = expansion = contraction = churned = capped_losses = end = 0
    for account in accounts:
        if not account.active_on(opening):
            continue
        arr0 = account.arr_on(opening)
        gain = loss_contraction = loss_churn = 0
        for event in account.events_in(period):
            if event.amount_minor > 0:
                gain += event.amount_minor
            elif event.kind is RevenueKind.CHURN:
                loss_churn -= event.amount_minor
            else:
                loss_contraction -= event.amount_minor
        start += arr0
        expansion += gain
        contraction += loss_contraction
        churned += loss_churn
        capped_losses += min(loss_contraction + loss_churn, max(arr0, 0))
        end += account.arr_on(period.end)
    grr = ratio(start - capped_losses, start) if start > 0 else None
    nrr = ratio(start + expansion - contraction - churned, start) if start > 0 else None
    return RevenueRetention(start, expansion, contraction, churned, end, grr, nrr)


def arr_bridge(accounts: Sequence[AccountFacts], period: Period) -> ArrBridge:
    opening = _day_before(period.start)
    start = new = expansion = contraction = churn = end = 0
    for account in accounts:
        in_cohort = account.active_on(opening)
        start += account.arr_on(opening)
        end += account.arr_on(period.end)
        for event in account.events_in(period):
            amount = event.amount_minor
            if amount > 0:
                if in_cohort:
                    expansion += amount
                else:
                    new += amount
            elif event.kind is RevenueKind.CHURN:
                churn -= amount
            else:
                contraction -= amount
    return ArrBridge(start, new, expansion, contraction, churn, end)


def renewals(accounts: Sequence[AccountFacts], period: Period, as_of: date) -> Renewals:
    """Renewals that came due in the period, up to ``as_of`` (later ones have not come due)."""
    renewed = lost = still_open = due_minor = renewed_minor = 0
    last = min(period.end, as_of)
    for account in accounts:
        decided = False
        for event in account.events_in(period):
            if event.day > last or event.kind not in (RevenueKind.RENEWAL, RevenueKind.CHURN):
                continue
            decided = True
            before = max(account.arr_on(_day_before(event.day)), 0)
            due_minor += before
            if event.kind is RevenueKind.RENEWAL:
                renewed += 1
                renewed_minor += min(max(account.arr_on(event.day), 0), before)
            else:
                lost += 1
        due_day = account.renewal_date
        if (
            not decided
            and due_day is not None
            and period.start <= due_day <= last
            and account.active_on(due_day)
        ):
            still_open += 1
            due_minor += max(account.arr_on(due_day), 0)
    return Renewals(renewed, lost, still_open, due_minor, renewed_minor)


def clv(accounts: Sequence[AccountFacts], period: Period, gross_margin_pct: Decimal) -> Clv:
    active = [a for a in accounts if a.active_on(period.end)]
    year = Period.year_ending(period.end)
    annual = logos(accounts, year).churn_rate
    if not active:
        return Clv(
            None,
            None,
            gross_margin_pct,
            annual,
            "n/a: no active accounts at the end of the period.",
        )
    average = Decimal(sum(a.arr_on(period.end) for a in active)) / len(active)
    average_minor = int(average.to_integral_value())
    if annual is None:
        return Clv(
            None,
            average_minor,
            gross_margin_pct,
            None,
            "n/a: no accounts were active a year before the period end, so there is no "
            "annual churn to divide by.",
        )
    if annual == 0:
        return Clv(
            None,
            average_minor,
            gross_margin_pct,
            annual,
            "n/a: no account churned in the 12 months to the period end, so the "
            "expected lifetime has no limit.",
        )
    value = average * gross_margin_pct / HUNDRED / annual
    return Clv(int(value.to_integral_value()), average_minor, gross_margin_pct, annual, "")


def nps(answers: Iterable[SurveyFact], period: Period) -> Nps:
    chosen = [a for a in answers if a.kind is SurveyKind.NPS and period.contains(a.day)]
    total = sum(a.count for a in chosen)
    promoters = sum(a.count for a in chosen if a.score >= 9)
    detractors = sum(a.count for a in chosen if a.score <= 6)
    passives = total - promoters - detractors
    value = ratio((promoters - detractors) * 100, total)
    return Nps(value, total, promoters, passives, detractors)


def csat(answers: Iterable[SurveyFact], period: Period) -> Csat:
    chosen = [a for a in answers if a.kind is SurveyKind.CSAT and period.contains(a.day)]
    total = sum(a.count for a in chosen)
    satisfied = sum(a.count for a in chosen if a.score >= 4)
    return Csat(ratio(satisfied * 100, total), total, satisfied)


def median(values: Sequence[int]) -> Decimal | None:
    """The median of whole numbers, exactly (``x.5`` when the middle two differ by one)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def time_to_value(accounts: Sequence[AccountFacts], period: Period) -> TimeToValue:
    days = []
    for account in accounts:
        first = account.first_value_on
        start = account.contract_start or account.began_on
        if first is None or start is None or not period.contains(first):
            continue
        days.append(max((first - start).days, 0))
    waiting = sum(
        1
        for a in accounts
        if a.active_on(period.end) and (a.first_value_on is None or a.first_value_on > period.end)
    )
    return TimeToValue(median(days), len(days), waiting)


def health_distribution(accounts: Sequence[AccountFacts], period: Period) -> tuple[BandShare, ...]:
    active = [a for a in accounts if a.active_on(period.end)]
    shares = []
    for band in (HealthBand.RED, HealthBand.YELLOW, HealthBand.GREEN, None):
        mine = [a for a in active if a.health_band is band]
        shares.append(BandShare(band, len(mine), sum(a.arr_on(period.end) for a in mine)))
    return tuple(shares)


def compute_metrics(
    accounts: Sequence[AccountFacts],
    answers: Sequence[SurveyFact],
    period: Period,
    *,
    as_of: date,
    currency: str,
    gross_margin_pct: Decimal = Decimal(80),
    segment: Segment | None = None,
) -> Metrics:
    """Every portfolio figure of the selection for ``period``."""
    return Metrics(
        period=period,
        currency=currency,
        accounts=len(accounts),
        logos=logos(accounts, period),
        revenue=revenue_retention(accounts, period),
        bridge=arr_bridge(accounts, period),
        renewals=renewals(accounts, period, as_of),
        clv=clv(accounts, period, gross_margin_pct),
        nps=nps(answers, period),
        csat=csat(answers, period),
        ttv=time_to_value(accounts, period),
        health=health_distribution(accounts, period),
        segment=segment,
    )


# --------------------------------------------------------------------------- presentation


def pct(value: Decimal | None, places: int = 1) -> str:
    """A fraction as a percentage for people: ``Decimal("1.05")`` -> ``"105.0 %"``."""
    if value is None:
        return "n/a"
    shown = (value * HUNDRED).quantize(Decimal(1).scaleb(-places))
    return f"{shown} %"


def pct_number(value: Decimal | None, places: int = 2) -> float | None:
    """A fraction as a percentage number for JSON (``1.05`` -> ``105.0``)."""
    if value is None:
        return None
    return float((value * HUNDRED).quantize(Decimal(1).scaleb(-places)))


def score_text(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value.quantize(Decimal('0.1'))}"


@dataclass(frozen=True, slots=True)
class MetricLine:
    key: str
    label: str
    value: str
    explanation: str


def describe(metrics: Metrics) -> list[MetricLine]:
    """Each figure with its value and a plain explanation of how it was reached."""
    cur = metrics.currency
    lg, rv, rn, cl, np_, cs, tv = (
        metrics.logos,
        metrics.revenue,
        metrics.renewals,
        metrics.clv,
        metrics.nps,
        metrics.csat,
        metrics.ttv,
    )

    def money(minor: int) -> str:
        return format_minor(minor, cur)

    lines = [
        MetricLine(
            "logo_churn",
            "Logo churn",
            pct(lg.churn_rate),
            f"{lg.churned} of the {lg.at_start} accounts active at the start churned."
            + (
                f" {lg.new_and_churned} account{'s' if lg.new_and_churned != 1 else ''} both "
                "began and churned inside the period (not counted)."
                if lg.new_and_churned
                else ""
            )
            + (" No accounts were active at the start." if not lg.at_start else ""),
        ),
        MetricLine(
            "retention",
            "Customer retention",
            pct(lg.retention_rate),
            f"({lg.at_end} active at the end - {lg.new} new) / {lg.at_start} active at the start.",
        ),
        MetricLine(
            "grr",
            "Gross revenue retention (GRR)",
            pct(rv.grr),
            f"({money(rv.start_minor)} at the start - {money(rv.contraction_minor)} contraction"
            f" - {money(rv.churned_minor)} churned) / {money(rv.start_minor)}."
            if rv.start_minor > 0
            else "n/a: the accounts active at the start had no ARR.",
        ),
        MetricLine(
            "nrr",
            "Net revenue retention (NRR)",
            pct(rv.nrr),
            f"({money(rv.start_minor)} + {money(rv.expansion_minor)} expansion - "
            f"{money(rv.contraction_minor)} contraction - {money(rv.churned_minor)} churned) / "
            f"{money(rv.start_minor)}."
            if rv.start_minor > 0
            else "n/a: the accounts active at the start had no ARR.",
        ),
        MetricLine(
            "renewal_rate_count",
            "Renewal rate (count)",
            pct(rn.rate_by_count),
            f"{rn.renewed} renewed of {rn.due} that came due ({rn.lost} lost, {rn.open} still "
            "open)."
            if rn.due
            else "n/a: no renewal came due in the period.",
        ),
        MetricLine(
            "renewal_rate_arr",
            "Renewal rate (ARR)",
            pct(rn.rate_by_arr),
            f"{money(rn.renewed_minor)} kept of {money(rn.due_minor)} up for renewal."
            if rn.due_minor
            else "n/a: no ARR came up for renewal in the period.",
        ),
        MetricLine(
            "clv",
            "Customer lifetime value (CLV)",
            "n/a" if cl.value_minor is None else money(cl.value_minor),
            cl.note
            if cl.value_minor is None
            else (
                f"{money(cl.average_arr_minor or 0)} average ARR x {cl.gross_margin_pct} % "
                f"gross margin / {pct(cl.annual_churn)} annual logo churn."
            ),
        ),
        MetricLine(
            "nps",
            "NPS",
            score_text(np_.score),
            f"{np_.promoters} promoters, {np_.passives} passives, {np_.detractors} detractors "
            f"of {np_.responses} answers."
            if np_.responses
            else "n/a: no NPS answers in the period.",
        ),
        MetricLine(
            "csat",
            "CSAT",
            pct(None if cs.score is None else cs.score / HUNDRED),
            f"{cs.satisfied} of {cs.responses} answers scored 4 or 5."
            if cs.responses
            else "n/a: no CSAT answers in the period.",
        ),
        MetricLine(
            "ttv",
            "Median time-to-value",
            "n/a" if tv.median_days is None else f"{_days(tv.median_days)} days",
            (
                f"Median over {tv.accounts} account{'s' if tv.accounts != 1 else ''} that reached "
                "first value in the period"
                if tv.accounts
                else "n/a: no account reached its first value in the period"
            )
            + f"; {tv.waiting} active account{'s' if tv.waiting != 1 else ''} still waiting.",
        ),
    ]
    total = sum(b.accounts for b in metrics.health)
    parts = [
        f"{b.accounts} {'not scored' if b.band is None else b.band.label.lower()}"
        for b in metrics.health
    ]
    lines.append(
        MetricLine(
            "health",
            "Health distribution",
            f"{total} accounts",
            ", ".join(parts) + " (latest snapshot on or before the period end).",
        )
    )
    return lines


def _days(value: Decimal) -> str:
    return f"{value:f}".removesuffix(".0") if value % 1 else f"{int(value)}"


def as_json(metrics: Metrics) -> dict[str, object]:
    """The figures as plain JSON values (money in minor units, rates as percentages)."""
    lg, rv, br, rn, cl, np_, cs, tv = (
        metrics.logos,
        metrics.revenue,
        metrics.bridge,
        metrics.renewals,
        metrics.clv,
        metrics.nps,
        metrics.csat,
        metrics.ttv,
    )
    return {
        "period": {"from": metrics.period.start.isoformat(), "to": metrics.period.end.isoformat()},
        "segment": (
            {"field": metrics.segment.field, "value": metrics.segment.value}
            if metrics.segment
            else None
        ),
        "currency": metrics.currency,
        "exchange_rates": {c: f"{r.normalize():f}" for c, r in metrics.rates_used},
        "accounts": metrics.accounts,
        "logos": {
            "active_at_start": lg.at_start,
            "active_at_end": lg.at_end,
            "new": lg.new,
            "churned": lg.churned,
            "new_and_churned": lg.new_and_churned,
            "logo_churn_pct": pct_number(lg.churn_rate),
            "retention_pct": pct_number(lg.retention_rate),
        },
        "revenue": {
            "start_arr_minor": rv.start_minor,
            "expansion_minor": rv.expansion_minor,
            "contraction_minor": rv.contraction_minor,
            "churned_minor": rv.churned_minor,
            "end_arr_minor": rv.end_minor,
            "grr_pct": pct_number(rv.grr),
            "nrr_pct": pct_number(rv.nrr),
        },
        "arr_bridge": {
            "start_minor": br.start_minor,
            "new_minor": br.new_minor,
            "expansion_minor": br.expansion_minor,
            "contraction_minor": br.contraction_minor,
            "churn_minor": br.churn_minor,
            "end_minor": br.end_minor,
        },
        "renewals": {
            "due": rn.due,
            "renewed": rn.renewed,
            "lost": rn.lost,
            "open": rn.open,
            "due_arr_minor": rn.due_minor,
            "renewed_arr_minor": rn.renewed_minor,
            "rate_by_count_pct": pct_number(rn.rate_by_count),
            "rate_by_arr_pct": pct_number(rn.rate_by_arr),
        },
        "clv": {
            "value_minor": cl.value_minor,
            "average_arr_minor": cl.average_arr_minor,
            "gross_margin_pct": float(cl.gross_margin_pct),
            "annual_logo_churn_pct": pct_number(cl.annual_churn),
            "note": cl.note or None,
        },
        "nps": {
            "score": None if np_.score is None else float(np_.score.quantize(Decimal("0.01"))),
            "responses": np_.responses,
            "promoters": np_.promoters,
            "passives": np_.passives,
            "detractors": np_.detractors,
        },
        "csat": {
            "pct": None if cs.score is None else float(cs.score.quantize(Decimal("0.01"))),
            "responses": cs.responses,
            "satisfied": cs.satisfied,
        },
        "time_to_value": {
            "median_days": None if tv.median_days is None else float(tv.median_days),
            "accounts": tv.accounts,
            "waiting": tv.waiting,
        },
        "health_distribution": {
            ("not_scored" if b.band is None else b.band.value): {
                "accounts": b.accounts,
                "arr_minor": b.arr_minor,
            }
            for b in metrics.health
        },
    }

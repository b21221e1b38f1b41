"""Renewal forecast: how likely each renewal is, and the ARR it puts at stake.

Category (best first: commit, likely, at risk, churn expected) from three warnings and the
health band of the latest snapshot:

* **falling health**: the latest score is ``TREND_POINTS`` (5) or more below the one before
  (scores as shown, whole numbers);
* **open high risks**: at least one open or mitigating risk of high or critical severity;
* **coverage gap**: the account is single-threaded (no executive sponsor, the champion left, or
  fewer than two positive customer contacts; see :mod:`planner.domain.coverage`).

=========  ===========  ==============  ==================
band       no warning   one warning     two or more
=========  ===========  ==============  ==================
green      commit       likely          at risk
yellow     likely       likely          at risk
red        at risk      churn expected  churn expected
=========  ===========  ==============  ==================

An account with no health recorded counts as yellow (and says so). A manual override replaces
the category for that renewal, with a reason, and is kept in history.

Risk-weighted ARR = ARR at stake x the category's weight (book settings, percent: commit 100,
likely 80, at risk 40, churn expected 0 by default), rounded half-even to minor units once per
renewal; totals add the rounded rows. Money is converted to the book's base currency with the
``fx_rates`` setting; a renewal in a currency without a usable rate is listed, marked not
converted, and left out of the totals (never dropped silently).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from planner.domain import errors
from planner.domain.agenda import fmt_date
from planner.domain.coverage import Coverage
from planner.domain.enums import ForecastCategory, HealthBand
from planner.domain.metrics import Period, parse_rate
from planner.domain.money import decimal_to_minor, exponent

TREND_POINTS = 5
SETTING_PREFIX = "forecast."
Category = ForecastCategory


# --------------------------------------------------------------------------- weights


@dataclass(frozen=True, slots=True)
class Weights:
    """Percent of the ARR at stake each category is expected to bring; book settings
    ``forecast.weight_<category>``."""

    commit: int = 100
    likely: int = 80
    at_risk: int = 40
    churn_expected: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise errors.ValidationError(
                    SETTING_PREFIX + "weight_" + f.name,
                    f"The weight of {Category(f.name).label.lower()} must be a whole percent "
                    f"from 0 to 100 (got {str(value)[:20]!r}).",
                )
        if not self.commit >= self.likely >= self.at_risk >= self.churn_expected:
            raise errors.ValidationError(
                SETTING_PREFIX + "weights",
                "The weights must not rise from commit to likely to at risk to churn expected "
                f"(they are {self.commit}, {self.likely}, {self.at_risk}, "
                f"{self.churn_expected}).",
            )

    def of(self, category: Category) -> int:
        return int(getattr(self, category.value))

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> Weights:
        chosen: dict[str, int] = {}
        for f in fields(cls):
            value = values.get(f"{SETTING_PREFIX}weight_{f.name}")
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
                chosen[f.name] = value
        try:
            return cls(**chosen)
        except errors.ValidationError:
            return cls()  # settings edited by hand into an impossible order

    def with_changes(self, **changes: object) -> Weights:
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            name = sorted(unknown)[0]
            raise errors.ValidationError(name, f"{name!r} is not a forecast category.")
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_settings(self) -> dict[str, int]:
        return {f"{SETTING_PREFIX}weight_{f.name}": getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Override:
    category: Category | None
    """None: the override was cleared."""
    reason: str
    set_on: date


@dataclass(frozen=True, slots=True)
class RenewalFacts:
    account_id: str
    account_name: str
    owner: str
    currency: str
    arr_minor: int
    renewal_date: date
    health_score: float | None = None
    health_band: HealthBand | None = None
    health_on: date | None = None
    previous_score: float | None = None
    previous_on: date | None = None
    high_risks: tuple[str, ...] = ()
    """Titles of open risks of high or critical severity."""
    coverage: Coverage | None = None
    override: Override | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    derived: Category
    category: Category
    """The override's category when there is one, else ``derived``."""
    reasons: tuple[str, ...]
    overridden: bool


def assess(f: RenewalFacts) -> Assessment:
    """The category of one renewal and the reasons, in words."""
    reasons: list[str] = []
    band = f.health_band
    if band is None or f.health_score is None:
        reasons.append("No health recorded (counted as yellow)")
        band = HealthBand.YELLOW
    else:
        when = f" on {fmt_date(f.health_on)}" if f.health_on else ""
        reasons.append(f"Health {round(f.health_score)} ({band.label.lower()}){when}")
    warnings = 0
    if f.health_score is not None and f.previous_score is not None:
        drop = round(f.previous_score) - round(f.health_score)
        if drop >= TREND_POINTS:
            warnings += 1
            reasons.append(
                f"Health falling: down {drop} points from {round(f.previous_score)}"
                + (f" on {fmt_date(f.previous_on)}" if f.previous_on else "")
            )
    if f.high_risks:
        warnings += 1
        shown = "; ".join(f.high_risks[:2]) + ("; …" if len(f.high_risks) > 2 else "")
        count = (
            "1 open high risk" if len(f.high_risks) == 1 else f"{len(f.high_risks)} open high risks"
        )
        reasons.append(f"{count}: {shown}")
    if f.coverage is not None and f.coverage.single_threaded:
        warnings += 1
        reasons.append("Single-threaded: " + ", ".join(f.coverage.flags).lower())
    derived = _MATRIX[band][min(warnings, 2)]
    if f.override is not None and f.override.category is not None:
        reasons.append(
            f"Set to {f.override.category.label.lower()} by hand on "
            f"{fmt_date(f.override.set_on)}: {f.override.reason}"
        )
        return Assessment(derived, f.override.category, tuple(reasons), overridden=True)
    return Assessment(derived, derived, tuple(reasons), overridden=False)


_MATRIX: dict[HealthBand, tuple[Category, Category, Category]] = {
    HealthBand.GREEN: (Category.COMMIT, Category.LIKELY, Category.AT_RISK),
    HealthBand.YELLOW: (Category.LIKELY, Category.LIKELY, Category.AT_RISK),
    HealthBand.RED: (Category.AT_RISK, Category.CHURN_EXPECTED, Category.CHURN_EXPECTED),
}


# --------------------------------------------------------------------------- money


@dataclass(frozen=True, slots=True)
class Conversion:
    """An amount in the base currency, or why it could not be converted."""

    minor: int | None
    rate: str | None
    """The rate used, as written in the settings (None when no conversion was needed)."""
    problem: str = ""


def convert(amount_minor: int, currency: str, base: str, rates: Mapping[str, object]) -> Conversion:
    """``amount_minor`` of ``currency`` in ``base`` minor units (half-even), with the rate used."""
    if currency == base:
        return Conversion(amount_minor, None)
    if currency not in rates:
        return Conversion(None, None, f"no exchange rate from {currency} to {base}")
    try:
        rate = parse_rate(currency, rates[currency])
    except errors.ValidationError:
        return Conversion(None, None, f"the rate for {currency} is not a positive number")
    major = Decimal(amount_minor).scaleb(-exponent(currency)) * rate
    return Conversion(decimal_to_minor(major, base), str(rates[currency]).strip())


def weighted(amount_minor: int, weight_pct: int) -> int:
    """``amount_minor`` x ``weight_pct`` %, rounded half-even to a minor unit."""
    value = Decimal(amount_minor) * Decimal(weight_pct) / Decimal(100)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# --------------------------------------------------------------------------- the forecast


@dataclass(frozen=True, slots=True)
class Row:
    facts: RenewalFacts
    assessment: Assessment
    weight_pct: int
    arr_base: Conversion
    weighted_minor: int | None
    """Risk-weighted ARR in the base currency (None when not converted)."""
    past_due: bool
    """The renewal date has passed and the account has not renewed or churned since."""

    @property
    def category(self) -> Category:
        return self.assessment.category

    @property
    def converted(self) -> bool:
        return self.arr_base.minor is not None


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str
    start: date
    end: date
    renewals: int = 0
    arr_at_stake_minor: int = 0
    weighted_arr_minor: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    """ARR at stake per category (value), in the base currency."""
    not_converted: int = 0


def quarter_of(day: date) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def quarters_from(day: date, count: int) -> list[Period]:
    """``count`` calendar quarters starting with the one holding ``day``."""
    found = [quarter_of(day)]
    while len(found) < count:
        found.append(quarter_of(found[-1].end + timedelta(days=1)))
    return found


def months_in(period: Period) -> list[Period]:
    found = []
    first = period.start.replace(day=1)
    while first <= period.end:
        after = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
        found.append(Period(max(first, period.start), min(after - timedelta(days=1), period.end)))
        first = after
    return found


def build_rows(
    renewals: Iterable[RenewalFacts],
    *,
    today: date,
    base: str,
    rates: Mapping[str, object],
    weights: Weights,
) -> list[Row]:
    rows = []
    for f in renewals:
        a = assess(f)
        weight = weights.of(a.category)
        money = convert(f.arr_minor, f.currency, base, rates)
        rows.append(
            Row(
                f,
                a,
                weight,
                money,
                None if money.minor is None else weighted(money.minor, weight),
                f.renewal_date < today,
            )
        )
    return sorted(rows, key=lambda r: (r.facts.renewal_date, r.facts.account_name.casefold()))


def bucket(label: str, period: Period, rows: Sequence[Row]) -> Bucket:
    inside = [r for r in rows if period.contains(r.facts.renewal_date)]
    done = [r for r in inside if r.converted]
    by_category: dict[str, int] = {c.value: 0 for c in Category}
    for r in done:
        by_category[r.category.value] += r.arr_base.minor or 0
    return Bucket(
        label,
        period.start,
        period.end,
        len(inside),
        sum(r.arr_base.minor or 0 for r in done),
        sum(r.weighted_minor or 0 for r in done),
        by_category,
        len(inside) - len(done),
    )

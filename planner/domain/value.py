"""What a goal's improvement is worth: the one rule, used by every output.

A goal's ``value_per_unit_minor`` is what ONE unit of its KPI is worth to the customer (an hour
of a manager's time = $68, an avoided stock-out = $180). When the KPI is measured per period
("hours/week", "calls per month", "per store/week", "/day", "per quarter"), an improvement
recurs every period, so it is counted over a year:

=================================  ==========================
The KPI's unit ends in             Counted
=================================  ==========================
week, weekly, /wk                  52 weeks a year
fortnight                          26 fortnights a year
month, monthly, /mo                12 months a year
quarter, quarterly, /qtr           4 quarters a year
working day, workday, business day 250 working days a year
day, daily, /d                     365 days a year
year, annual, /yr                  once (already a year)
=================================  ==========================

Any other unit (``days``, ``minutes``, ``%``, ``hours`` per bid) is a one-off improvement:
counted once. A working day is 250 a year (52 weeks of 5 days, less about 10 public holidays);
a plain "day" is a calendar day, 365, because a measure per day (stock-outs per store per day,
calls per day) runs every day the business is open, and most of ours are open every day.

Pure logic; :mod:`planner.domain.qbr_figures` rounds the result once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How often a per-period KPI's improvement comes back in a year."""

    period: str
    """``week``, ``month``, ``quarter``, ``working day``, ``day``, ``fortnight``, ``year``."""
    per_year: int

    @property
    def counted_text(self) -> str:
        """``x 52 weeks`` (with a multiplication sign); empty for a yearly measure."""
        if self.per_year == 1:
            return ""
        return f"\u00d7 {self.per_year} {self.period}s"


WEEK = Recurrence("week", 52)
FORTNIGHT = Recurrence("fortnight", 26)
MONTH = Recurrence("month", 12)
QUARTER = Recurrence("quarter", 4)
WORKING_DAY = Recurrence("working day", 250)
DAY = Recurrence("day", 365)
YEAR = Recurrence("year", 1)

_PERIODS: dict[str, Recurrence] = {
    "week": WEEK,
    "weeks": WEEK,
    "wk": WEEK,
    "wks": WEEK,
    "w": WEEK,
    "weekly": WEEK,
    "fortnight": FORTNIGHT,
    "fortnightly": FORTNIGHT,
    "month": MONTH,
    "months": MONTH,
    "mo": MONTH,
    "mth": MONTH,
    "mon": MONTH,
    "monthly": MONTH,
    "quarter": QUARTER,
    "quarters": QUARTER,
    "qtr": QUARTER,
    "q": QUARTER,
    "quarterly": QUARTER,
    "working day": WORKING_DAY,
    "work day": WORKING_DAY,
    "workday": WORKING_DAY,
    "business day": WORKING_DAY,
    "weekday": WORKING_DAY,
    "day": DAY,
    "days": DAY,
    "d": DAY,
    "daily": DAY,
    "year": YEAR,
    "yr": YEAR,
    "y": YEAR,
    "annum": YEAR,
    "annual": YEAR,
    "annually": YEAR,
    "yearly": YEAR,
}
_ADVERBS = ("weekly", "fortnightly", "monthly", "quarterly", "daily", "yearly", "annually")
# "per store/week", "hours / month", "calls per month", "hours a week", "each quarter",
# "per working day": the period is the last words after "/", "per", "a", "an" or "each".
_PER_PERIOD = re.compile(r"(?:/|\bper\b|\ban?\b|\beach\b)\s*([a-z]+(?: [a-z]+)?)\s*$")


def recurrence(unit: str) -> Recurrence | None:
    """How often an improvement in a KPI measured in ``unit`` recurs in a year; None when it
    is a one-off (the unit is not "per" a period)."""
    text = " ".join(unit.casefold().replace(".", " ").split())
    if not text:
        return None
    match = _PER_PERIOD.search(text)
    if match is not None:
        words = match.group(1)
        found = _PERIODS.get(words) or _PERIODS.get(words.split()[-1])
        if found is not None:
            return found
    for word in text.split():
        if word in _ADVERBS:
            return _PERIODS[word]
    return None


def yearly_worth(units: float, value_per_unit_minor: int, unit: str) -> float:
    """What an improvement of ``units`` KPI units is worth, in minor units (not rounded: the
    caller rounds once): a year of it when the KPI is measured per period, else once."""
    found = recurrence(unit)
    return units * value_per_unit_minor * (found.per_year if found is not None else 1)


def how_counted(units: Iterable[str]) -> str:
    """The value footnote's sentence for the goals' units: "Value = the improvement since the
    baseline x what one unit of the measure is worth, as agreed with you; a measure per period
    is counted over a year (per week x 52, per month x 12)." (with multiplication signs)"""
    found: dict[str, Recurrence] = {}
    for unit in units:
        rec = recurrence(unit)
        if rec is not None and rec.per_year > 1:
            found.setdefault(rec.period, rec)
    text = (
        "Value = the improvement since the baseline \u00d7 what one unit of the measure is "
        "worth, as agreed with you"
    )
    if not found:
        return text + "."
    ordered = sorted(found.values(), key=lambda r: -r.per_year)
    parts = [f"per {r.period} \u00d7 {r.per_year}" for r in ordered]
    return text + "; a measure per period is counted over a year (" + ", ".join(parts) + ")."

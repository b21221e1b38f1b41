"""The one formatter: hand-worked examples of every form a figure takes."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain import formatting as fmt

NB = fmt.NBSP


@pytest.mark.parametrize(
    ("minor", "currency", "compact", "expected"),
    [
        (58_310_000, "USD", False, "$583,100"),
        (58_310_050, "USD", False, "$583,100.50"),
        (58_310_000, "USD", True, "$583.1K"),
        (99_995_000, "USD", True, "$1M"),
        (99_940_000, "USD", True, "$999.4K"),
        (85_000, "USD", True, "$850"),
        (123_456_789_000, "USD", True, "$1.2B"),
        (-500_000, "CHF", False, f"\u2212CHF{NB}5,000"),
        (150, "JPY", False, "¥150"),
        (12_345, "KWD", False, f"KWD{NB}12.345"),
        (0, "EUR", False, "€0"),
    ],
)
def test_money(minor: int, currency: str, compact: bool, expected: str) -> None:
    assert fmt.money(minor, currency, compact=compact) == expected


def test_money_change_and_whole_units() -> None:
    assert fmt.money_change(500_000, "USD") == "+$5,000"
    assert fmt.money_change(-500_000, "EUR") == "\u2212€5,000"
    assert fmt.money_change(0, "USD") == "$0"
    assert fmt.whole_minor(12_350, "USD") == 12_400
    assert fmt.whole_minor(12_349, "USD") == 12_300
    assert fmt.whole_minor(-12_350, "USD") == -12_400


def test_rounding_is_half_up_once() -> None:
    assert fmt.round_half_up(2.5) == 3
    assert fmt.round_half_up(0.125, 2) == 0.13  # binary 0.125 exactly: still up
    assert fmt.round_half_up(-2.5) == -3
    assert fmt.signed(0.25, 1) == "+0.3"
    assert fmt.signed(-11.65, 1) == "\u221211.7"
    assert fmt.signed(0.04, 1) == "0"
    assert fmt.percent(54.5) == "55%"
    assert fmt.share(0.555) == "56%"


def test_parts_add_up_to_the_rounded_total() -> None:
    assert fmt.parts_of(31.2, [10.4, 10.4, 10.4]) == [11.0, 10.0, 10.0]
    parts = [-3.33, -4.33, -3.94]
    shown = fmt.parts_of(sum(parts), parts, 1)
    assert round(sum(shown), 1) == fmt.round_half_up(sum(parts), 1) == -11.6
    assert fmt.parts_of(0, []) == []
    assert sum(fmt.parts_of(7, [2.5, 2.5, 2.0])) == 7


def test_numbers_quantities_and_dates() -> None:
    assert fmt.number(1234.5) == "1,234.5"
    assert fmt.number(1234.0) == "1,234"
    assert fmt.number(None) == fmt.EN_DASH
    assert fmt.quantity(24, "h") == "24 h"
    assert fmt.quantity(55, "%") == "55%"
    assert fmt.plural(1, "goal") == "1 goal"
    assert fmt.plural(1200, "seat") == "1,200 seats"
    assert fmt.day(date(2027, 3, 31)) == "31 Mar 2027"
    assert fmt.day(None, "never") == "never"
    assert fmt.period(date(2026, 9, 3), date(2026, 12, 1)) == "3 Sep 2026 \u2013 1 Dec 2026"
    assert fmt.clock_minutes(65) == "1:05"

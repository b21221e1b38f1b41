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


# --------------------------------------------------------------------------- reading back


@pytest.mark.parametrize(
    ("minor", "currency"),
    [
        (58_310_000, "USD"),
        (58_310_050, "USD"),
        (-500_000, "CHF"),
        (150, "JPY"),
        (12_345, "KWD"),
        (0, "EUR"),
        (734_200_000, "USD"),
    ],
)
def test_what_money_writes_parse_money_reads_back(minor: int, currency: str) -> None:
    assert fmt.parse_money(fmt.money(minor, currency), currency) == minor
    assert fmt.parse_money(fmt.money_change(minor, currency), currency) == minor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$583,100", 58_310_000),
        ("583100", 58_310_000),
        ("583,100.50", 58_310_050),
        ("583.1K", 58_310_000),  # what a tile shows, typed back
        ("$1.2M", 120_000_000),
        ("583100.00", 58_310_000),  # what the edit dialog used to show
        ("+$126,100.00", 12_610_000),
        ("\u2212$5,000", -500_000),
        ("-5000", -500_000),
        ("(250)", -25_000),
        ("USD 12.5", 1_250),
        ("12.5 USD", 1_250),
    ],
)
def test_parse_money_reads_what_people_type(text: str, expected: int) -> None:
    assert fmt.parse_money(text, "USD") == expected


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("", "USD", "empty"),
        ("abc", "USD", "'abc' is not an amount; type it like 583100, 583,100.50, $583,100"),
        ("58,31,00", "USD", "is not an amount"),
        ("€5,000", "USD", "'€5,000' is written in €, but this amount is in USD"),
        ("$5,000", "EUR", "is written in $, but this amount is in EUR"),
        ("12.505", "USD", "USD amounts have at most 2 decimal places"),
        ("1.5", "JPY", "at most 0 decimal places"),
    ],
)
def test_parse_money_says_what_is_wrong(text: str, currency: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("$", r"\$")):
        fmt.parse_money(text, currency)


@pytest.mark.parametrize(
    "text",
    [
        "31 Mar 2027",
        "31 March 2027",
        "31-Mar-2027",
        "Mar 31, 2027",
        "2027-03-31",
        "31/03/2027",
        "31.03.2027",
        "03/31/2027",  # only one reading: there is no month 31
        "  31  mar  2027 ",
    ],
)
def test_parse_day_reads_what_is_shown_iso_and_unambiguous_forms(text: str) -> None:
    assert fmt.parse_day(text) == date(2027, 3, 31)


def test_day_and_parse_day_round_trip_through_every_day_of_a_leap_year() -> None:
    day = date(2028, 1, 1)
    while day.year == 2028:
        assert fmt.parse_day(fmt.day(day)) == day
        day = date.fromordinal(day.toordinal() + 1)
    assert fmt.month(date(2027, 3, 1)) == "Mar 2027"
    assert fmt.month(date(2027, 3, 1), full=True) == "March 2027"
    assert fmt.month(date(2027, 3, 1), year=False) == "Mar"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the date is empty"),
        ("soon", "'soon' is not a date"),
        ("31 Feb 2027", "'31 Feb 2027' is not a date: February has no day 31"),
        ("03/04/2027", "'03/04/2027' could be 3 Apr 2027 or 4 Mar 2027; type the month in"),
        ("31 Foo 2027", "'foo' is not a month"),
        ("1/1/27", "two-digit year"),
        ("2027-13-01", "there is no month 13"),
    ],
)
def test_parse_day_refuses_in_words(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fmt.parse_day(text)


def test_a_day_reads_the_same_whatever_the_process_locale() -> None:
    import locale

    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert fmt.day(date(2027, 3, 31)) == "31 Mar 2027"
            assert fmt.parse_day("31 Mar 2027") == date(2027, 3, 31)
    finally:
        locale.setlocale(locale.LC_TIME, before)

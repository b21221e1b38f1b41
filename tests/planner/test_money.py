from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain import formatting as fmt
from planner.domain.money import (
    Money,
    decimal_to_minor,
    format_minor,
    format_money,
    minor_to_text,
    parse_amount,
    parse_typed,
)


@pytest.mark.parametrize(
    ("text", "currency", "decimal", "expected"),
    [
        ("1,234.50", "USD", ".", 123450),
        ("1.234,50", "EUR", ",", 123450),
        ("$ 99", "USD", ".", 9900),
        ("1 000 000", "EUR", ",", 100000000),
        ("(250.00)", "USD", ".", -25000),
        ("-0.01", "USD", ".", -1),
        ("1500", "JPY", ".", 1500),
        ("1.234", "KWD", ".", 1234),
        ("USD 12.5", "USD", ".", 1250),
        ("12'345.60", "CHF", ".", 1234560),
    ],
)
def test_parse_amount(text: str, currency: str, decimal: str, expected: int) -> None:
    assert parse_amount(text, currency, decimal=decimal) == expected


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("", "USD", "empty"),
        ("abc", "USD", "not an amount"),
        ("1.234", "USD", "at most 2 decimal"),
        ("12.5", "JPY", "at most 0 decimal"),
        ("=1+1", "USD", "not an amount"),
        ("9" * 30, "USD", "too large"),
    ],
)
def test_parse_amount_refuses(text: str, currency: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_amount(text, currency)


def test_parse_never_guesses_the_decimal_comma() -> None:
    # "1,234" is one thousand two hundred thirty-four with '.' decimals, and 1.234 with ','.
    assert parse_amount("1,234", "USD", decimal=".") == 123400
    assert parse_amount("1,23", "EUR", decimal=",") == 123


def test_format_money_is_the_formatter_of_the_app() -> None:
    # One implementation: the formatter of tables, tiles, decks and PDFs (formatting.money).
    assert format_money(Money(123450, "USD")) == "$1,234.50"
    assert format_money(Money(58_310_000, "USD")) == "$583,100"  # no ".00" when there are none
    assert format_money(Money(-5, "EUR")) == "\u2212€0.05"
    assert format_money(Money(1500, "JPY")) == "¥1,500"
    assert format_money(Money(250_000_000, "USD"), compact=True) == "$2.5M"
    assert format_money(Money(85_000_00, "GBP"), compact=True) == "£85K"
    assert format_minor(1234, "XYZ") == "XYZ\u00a012.34"
    for minor, currency in ((58_310_050, "USD"), (-500_000, "CHF"), (99_995_000, "USD")):
        for compact in (False, True):
            assert format_minor(minor, currency, compact=compact) == fmt.money(
                minor, currency, compact=compact
            )


def test_money_arithmetic_and_guards() -> None:
    assert Money(100, "USD") + Money(250, "USD") == Money(350, "USD")
    with pytest.raises(ValueError, match="cannot combine"):
        _ = Money(1, "USD") + Money(1, "EUR")
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="three-letter"):
        Money(1, "usd")
    assert Money(12345, "USD").major == Decimal("123.45")


def test_decimal_to_minor_rounds_half_even() -> None:
    assert decimal_to_minor(Decimal("0.125"), "USD") == 12
    assert decimal_to_minor(Decimal("0.135"), "USD") == 14


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from(["USD", "EUR", "JPY", "KWD", "GBP"]),
)
def test_money_round_trips_through_text(minor: int, currency: str) -> None:
    assert parse_amount(minor_to_text(minor, currency), currency) == minor
    shown = format_money(Money(minor, currency), with_symbol=False)
    assert parse_typed(shown, currency) == minor
    assert parse_typed(format_minor(minor, currency), currency) == minor

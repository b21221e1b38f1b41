"""The one formatter: how every figure, amount and date reads, on every screen and in every file.

A number reaches a person through many outputs (a slide, a chart label, speaker notes, a PDF,
a Markdown agenda, an invite, the command line, a table on screen). Each of them formats it
here, so one value always reads the same way. Values are rounded once, with
:func:`round_half_up`, and the rounded value is what is formatted and compared.

The forms, with examples:

===================  ==============================  ===================================
What                 Function                        Reads
===================  ==============================  ===================================
money in a table     ``money(58310000, "USD")``      ``$583,100`` (cents only when there
                                                     are some: ``$583,100.50``)
money on a tile,     ``money(..., compact=True)``    ``$583.1K``, ``$1.2M``, ``$850``
chart or headline
a change of money    ``money_change(500000, "USD")`` ``+$5,000`` (a true minus sign for losses)
a percentage         ``percent(55)``                 ``55%`` (value in 0-100)
a share (0.0-1.0)    ``share(0.55)``                 ``55%``
a signed change      ``signed(-11.6, 1)``            ``-11.6`` (a true minus; ``0`` for none)
a count              ``count(1234)``                 ``1,234``
a measured value     ``quantity(24, "h")``           ``24 h``, ``55%``, ``1,200 seats``
a day                ``day(date(2027, 3, 31))``      ``31 Mar 2027``
a month              ``month(date(2027, 3, 1))``     ``Mar 2027`` (``full=True``: March)
a period             ``period(start, end)``          ``3 Sep 2026 - 1 Dec 2026`` (en dash)
===================  ==============================  ===================================

What people type is read back by the same module: :func:`parse_money` reads every form
:func:`money` writes (and plain numbers), :func:`parse_day` every form :func:`day` writes (and
ISO dates, and day/month in figures when only one reading is possible), so a field can show a
value the way the rest of the app does and still accept it unchanged.

The space between a currency code and an amount (``CHF 1,200``) is non-breaking, so an amount
never splits across two lines in a PDF or on a slide; other figures keep plain spaces, so a
search for "24 h" or "31 Mar 2027" finds them. Money is integer minor units plus an ISO currency
code
(:mod:`planner.domain.money`); nothing here turns it into a float.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from planner.domain import money as _money
from planner.domain.money import exponent

NBSP = _money.NBSP
MINUS = _money.MINUS
EN_DASH = "\u2013"
NONE = EN_DASH
"""What an empty figure reads as."""

# --------------------------------------------------------------------------- rounding


def round_half_up(value: float | Decimal, places: int = 0) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero (2.5 -> 3, -2.5 -> -3).

    The one rounding rule of the app (Python's ``round`` rounds halves to even, which a reader
    checking a figure by hand does not expect)."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_int(value: float | Decimal) -> int:
    return int(round_half_up(value))


def parts_of(total: float, parts: Sequence[float], places: int = 0) -> list[float]:
    """``parts`` rounded to ``places`` decimals so that they add up to ``total`` rounded the
    same way (largest remainder): bars always add up to the figure in the title.

    >>> parts_of(31.2, [10.4, 10.4, 10.4])
    [11.0, 10.0, 10.0]
    """
    if not parts:
        return []
    scale = 10**places
    goal = round_int(total * scale)
    floors = [int(Decimal(str(p * scale)).to_integral_value(rounding="ROUND_FLOOR")) for p in parts]
    rest = goal - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] * scale - floors[i]), i))
    if rest >= 0:
        for i in order[:rest] if rest <= len(parts) else order:
            floors[i] += 1
        extra = rest - len(parts)
        if extra > 0:
            floors[order[0]] += extra
    else:
        for i in list(reversed(order))[:-rest]:
            floors[i] -= 1
    return [f / scale for f in floors]


# --------------------------------------------------------------------------- numbers


def _grouped(value: float, places: int) -> str:
    return f"{abs(round_half_up(value, places)):,.{places}f}"


def number(value: float | None, places: int | None = None) -> str:
    """``1,234``; ``12.5``. Without ``places``: whole numbers as such, others with up to two
    decimals (trailing zeros dropped)."""
    if value is None:
        return NONE
    if places is None:
        rounded = round_half_up(value, 2)
        places = 0 if rounded == int(rounded) else (1 if round_half_up(value, 1) == rounded else 2)
    rounded = round_half_up(value, places)
    sign = MINUS if rounded < 0 else ""
    return sign + _grouped(rounded, places)


def count(n: int) -> str:
    return number(n, 0)


def signed(value: float | None, places: int = 0, unit: str = "") -> str:
    """``+3``, ``-11.6``, ``0``: a change, with its sign (a true minus sign, U+2212)."""
    if value is None:
        return NONE
    rounded = round_half_up(value, places)
    if rounded == 0:
        return f"0{_unit(unit)}"
    sign = "+" if rounded > 0 else MINUS
    return f"{sign}{_grouped(rounded, places)}{_unit(unit)}"


def percent(value: float | None, places: int = 0) -> str:
    """``55%`` for ``55`` (a value already in 0-100)."""
    if value is None:
        return NONE
    return f"{number(value, places)}%"


def share(fraction: float | None, places: int = 0) -> str:
    """``55%`` for ``0.55``."""
    return NONE if fraction is None else percent(fraction * 100, places)


def _unit(unit: str) -> str:
    if not unit:
        return ""
    if unit == "%":
        return "%"
    return " " + unit


def quantity(value: float | None, unit: str = "", places: int | None = None) -> str:
    """A measured value with its unit: ``24 h``, ``55%``, ``1,200 seats``."""
    if value is None:
        return NONE
    return number(value, places) + _unit(unit)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 goal``, ``3 goals``, ``2 opportunities`` (with ``many``)."""
    return f"{count(n)} {word if n == 1 else (many or word + 's')}"


# --------------------------------------------------------------------------- money


def currency_symbol(currency: str) -> str:
    """``$`` for USD; the code and a non-breaking space for currencies without a symbol."""
    return _money.currency_symbol(currency)


def money(minor: int | None, currency: str, *, compact: bool = False) -> str:
    """An amount: ``$583,100`` in tables, dialogs, decks and PDFs (cents only when there are
    some: ``$583,100.50``), ``$583.1K`` when ``compact`` (tiles, charts, headlines)."""
    if minor is None:
        return NONE
    return _money.format_minor(minor, currency, compact=compact)


def parse_money(text: str, currency: str) -> int:
    """What a person typed into an amount field, in minor units: every form :func:`money`
    writes (``$583,100``, ``$583.1K``) and plain numbers (``583100``, ``583,100.50``).
    Raises ValueError saying what is wrong and which forms are read."""
    return _money.parse_typed(text, currency)


def money_change(minor: int | None, currency: str, *, compact: bool = False) -> str:
    """``+$5,000``, ``$0``, and losses with a true minus sign."""
    if minor is None:
        return NONE
    text = money(abs(minor), currency, compact=compact)
    return text if minor == 0 else ("+" if minor > 0 else MINUS) + text


def exchange_rate(currency: str, rate: Decimal, base: str) -> str:
    """``EUR at 1.08 $ per €``: how a total converted ``currency`` to ``base``."""
    per = currency_symbol(currency).strip(" " + NBSP)
    into = currency_symbol(base).strip(" " + NBSP)
    return f"{currency} at {rate.normalize():f} {into} per {per}"


def whole_minor(minor: int, currency: str) -> int:
    """``minor`` rounded (half up) to whole units of the currency, still in minor units."""
    unit: int = 10 ** exponent(currency)
    return int((Decimal(minor) / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * unit


# --------------------------------------------------------------------------- dates


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The app's own month names (English, whatever the system's language): dates read the same on
every computer and read back."""
_MONTH_NAMES = tuple(name.lower() for name in MONTH_NAMES)
"""Month names are the app's own, not the C library's: a date reads the same whatever the
process locale, and :func:`parse_day` reads back what :func:`day` wrote."""


def day(value: date | None, empty: str = "") -> str:
    """``31 Mar 2027``: unambiguous in every locale."""
    if value is None:
        return empty
    return f"{value.day} {_MONTH_NAMES[value.month - 1][:3].title()} {value.year}"


_MONTHS: dict[str, int] = {}
for _n, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name] = _MONTHS[_name[:3]] = _n
_MONTHS["sept"] = 9

DAY_FORMS = "31 Mar 2027, 2027-03-31 or 31/03/2027"
"""The forms :func:`parse_day` reads, for placeholders and messages."""

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{2,4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{2,4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?[\s,]+(\d{2,4})")


def parse_day(text: str) -> date:
    """A date as a person types it: what :func:`day` shows (``31 Mar 2027``, also with the
    month in full), ISO ``2027-03-31``, ``Mar 31, 2027``, and day and month in figures
    (``31/03/2027``) when only one reading is possible: ``03/04/2027`` could be 3 April or
    4 March, so it is refused with both readings named.

    Raises ValueError with a plain reason; callers add the forms that are read
    (:data:`DAY_FORMS`)."""
    shown = " ".join(text.split())
    if not shown:
        raise ValueError("the date is empty")
    low = shown.lower()
    if found := _ISO.fullmatch(low):
        return _make(shown, int(found[1]), int(found[2]), int(found[3]))
    if found := _DAY_MONTH.fullmatch(low):
        return _make(shown, _year(shown, found[3]), _month(shown, found[2]), int(found[1]))
    if found := _MONTH_DAY.fullmatch(low):
        return _make(shown, _year(shown, found[3]), _month(shown, found[1]), int(found[2]))
    if found := _NUMERIC.fullmatch(low):
        first, second, year = int(found[1]), int(found[3]), _year(shown, found[4])
        if first > 12 or first == second:
            return _make(shown, year, second, first)
        if second > 12:
            return _make(shown, year, first, second)
        one = _make(shown, year, second, first)
        other = _make(shown, year, first, second)
        raise ValueError(
            f"{shown!r} could be {day(one)} or {day(other)}; type the month in letters, "
            f"like {day(one)}"
        )
    raise ValueError(f"{shown!r} is not a date")


def _year(shown: str, text: str) -> int:
    if len(text) != 4:
        raise ValueError(f"{shown!r} has a two-digit year; type the year in full")
    return int(text)


def _month(shown: str, name: str) -> int:
    month = _MONTHS.get(name)
    if month is None:
        raise ValueError(f"{shown!r} is not a date: {name!r} is not a month")
    return month


def _make(shown: str, year: int, month: int, dd: int) -> date:
    try:
        return date(year, month, dd)
    except ValueError:
        if not 1 <= month <= 12:
            raise ValueError(f"{shown!r} is not a date: there is no month {month}") from None
        month_name = _MONTH_NAMES[month - 1].title()
        raise ValueError(f"{shown!r} is not a date: {month_name} has no day {dd}") from None


def month(value: date, *, full: bool = False, year: bool = True) -> str:
    """``Mar 2027``; ``March 2027`` when ``full``; ``Mar`` without the ``year``."""
    name = _MONTH_NAMES[value.month - 1].title()
    name = name if full else name[:3]
    return f"{name} {value.year}" if year else name


def period(start: date, end: date) -> str:
    return f"{day(start)} {EN_DASH} {day(end)}"


def days(n: int) -> str:
    return plural(n, "day")


def clock_minutes(minutes: int) -> str:
    """``1:05`` for 65 minutes from the start of a meeting."""
    return f"{minutes // 60}:{minutes % 60:02d}"

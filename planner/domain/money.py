"""Money as integer minor units plus an ISO 4217 currency code. No floats, anywhere.

``parse_amount("1,234.50", "USD") == 123450``; ``format_money(Money(123450, "USD"))`` gives
``"$1,234.50"``. The app formats through :mod:`planner.domain.formatting`, which writes with
:func:`format_minor` and reads what a person typed back with :func:`parse_typed`. Amounts
read from CSV go through :func:`parse_amount`, which never guesses the decimal separator: the
caller says which one the text uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

# Minor-unit exponents that are not 2 (ISO 4217). Every other well-formed code uses 2.
_EXPONENTS: dict[str, int] = {
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
}

_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "BRL": "R$",
    "SGD": "S$",
    "KRW": "₩",
    "CNY": "CN¥",
}

COMMON_CURRENCIES: tuple[str, ...] = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "SGD",
    "INR",
    "BRL",
)

_CODE = re.compile(r"^[A-Z]{3}$")
MAX_MINOR = 10**15  # a quadrillion minor units: far above any ARR, far below int64


def is_currency_code(code: str) -> bool:
    return bool(_CODE.match(code))


def exponent(currency: str) -> int:
    """Number of decimal places of the currency's minor unit."""
    return _EXPONENTS.get(currency, 2)


@dataclass(frozen=True, slots=True)
class Money:
    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not is_currency_code(self.currency):
            raise ValueError(f"{self.currency!r} is not a three-letter currency code")
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError("Money.minor must be an int (minor units)")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency}")

    @property
    def major(self) -> Decimal:
        """The amount in major units, exactly (for display and arithmetic, never storage)."""
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    def __str__(self) -> str:
        return format_money(self)


def _exact_minor(value: Decimal, currency: str, *, negative: bool) -> int:
    """``value`` (major units, as typed) in minor units, refused when it has more decimal
    places than ``currency`` or is beyond :data:`MAX_MINOR`: what both parsers share."""
    places = exponent(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency} amounts have at most {places} decimal places")
    minor = int(scaled)
    if minor > MAX_MINOR:
        raise ValueError("the amount is too large")
    return -minor if negative else minor


def parse_amount(text: str, currency: str, *, decimal: str = ".") -> int:
    """Parse a typed or imported amount into minor units of ``currency``.

    ``decimal`` is the decimal separator the text uses ("." or ","); the other one, spaces,
    apostrophes and a leading currency symbol or code are read as grouping. Raises ValueError
    with a plain reason when the text is not an amount or has more decimals than the currency.
    """
    if decimal not in {".", ","}:
        raise ValueError("the decimal separator must be '.' or ','")
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("the amount is empty")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith("-"):
        negative, cleaned = not negative, cleaned[1:].strip()
    cleaned = re.sub(r"^(?:[A-Z]{3}|[^\d\s.,'-]{1,3})\s*", "", cleaned)
    cleaned = re.sub(r"\s*(?:[A-Z]{3})$", "", cleaned)
    group = "," if decimal == "." else "."
    cleaned = cleaned.replace(group, "").replace(" ", "").replace("\u00a0", "").replace("'", "")
    cleaned = cleaned.replace(decimal, ".")
    if not re.fullmatch(r"\d+(?:\.\d*)?|\.\d+", cleaned):
        raise ValueError(f"{text.strip()!r} is not an amount")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex above admits only numbers
        raise ValueError(f"{text.strip()!r} is not an amount") from exc
    return _exact_minor(value, currency, negative=negative)


def decimal_to_minor(value: Decimal, currency: str) -> int:
    """Round a computed Decimal amount (major units) half-even to minor units."""
    quantum = Decimal(1).scaleb(-exponent(currency))
    return int(value.quantize(quantum, rounding=ROUND_HALF_EVEN).scaleb(exponent(currency)))


MINUS = "\u2212"
NBSP = "\u00a0"
_COMPACT = ((Decimal(10**3), "K"), (Decimal(10**6), "M"), (Decimal(10**9), "B"))


def currency_symbol(currency: str) -> str:
    """``$`` for USD; the code and a non-breaking space for currencies without a symbol."""
    return _SYMBOLS.get(currency, currency + NBSP)


def format_minor(
    minor: int, currency: str, *, compact: bool = False, with_symbol: bool = True
) -> str:
    """An amount as people read it: ``$583,100`` (cents only when there are some:
    ``$583,100.50``), ``$583.1K`` when ``compact``; a true minus sign for losses.

    The one implementation behind :func:`planner.domain.formatting.money` (use that one);
    :func:`parse_typed` reads every form written here back to the same minor units."""
    symbol = currency_symbol(currency) if with_symbol else ""
    sign = MINUS if minor < 0 else ""
    amount = abs(Decimal(minor).scaleb(-exponent(currency)))
    if compact:
        whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole < 1000:
            return f"{sign}{symbol}{whole:f}"
        for limit, suffix in _COMPACT:  # K, then M, then B: 999,950 reads $1M, not $1000K
            scaled = (amount / limit).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if scaled < 1000 or suffix == "B":
                text = f"{scaled:f}".removesuffix(".0")
                return f"{sign}{symbol}{text}{suffix}"
    places = exponent(currency)
    is_whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if is_whole else f"{amount:,.{places}f}"
    return f"{sign}{symbol}{text}"


def format_money(money: Money, *, compact: bool = False, with_symbol: bool = True) -> str:
    """:func:`format_minor` of a :class:`Money`."""
    return format_minor(money.minor, money.currency, compact=compact, with_symbol=with_symbol)


_SUFFIXES = {"K": 3, "M": 6, "B": 9}
_TYPED = re.compile(r"(?P<number>\d[\d,]*(?:\.\d*)?|\.\d+)\s*(?P<suffix>[KkMmBb])?")
TYPED_FORMS = "583100, 583,100.50, $583,100 or 583.1K"
"""Examples of what :func:`parse_typed` reads, for messages."""


def parse_typed(text: str, currency: str) -> int:
    """An amount typed by a person, in minor units of ``currency``: whatever
    :func:`format_minor` writes (``$583,100``, ``\u2212$5,000``, ``$583.1K``, ``CHF 1,200``)
    and plain numbers (``583100``, ``583,100.50``, ``-250``). The decimal separator is ``.``
    and ``,`` groups thousands, as on screen.

    Raises ValueError with a plain reason (what is wrong, the forms it reads)."""
    shown = " ".join(text.replace(NBSP, " ").split())
    if not shown:
        raise ValueError("the amount is empty")
    rest = shown.replace(MINUS, "-").replace("\u2013", "-")
    negative = False
    if rest.startswith("(") and rest.endswith(")"):
        negative, rest = True, rest[1:-1].strip()
    if rest.startswith(("-", "+")):
        negative, rest = negative != (rest[0] == "-"), rest[1:].strip()
    lead = re.match(r"[^\d\s.,+-]*", rest)
    mark = lead.group(0) if lead else ""
    tail = re.search(r"[A-Za-z]{3}$", rest)
    if not mark and tail:
        mark, rest = tail.group(0), rest[: tail.start()].strip()
    else:
        rest = rest[len(mark) :].strip()
    if mark:
        symbol = currency_symbol(currency).strip()
        ours = {currency, symbol.upper()} | ({"$"} if symbol.endswith("$") else set())
        if mark.upper() not in ours:
            known = is_currency_code(mark) or mark in _SYMBOLS.values()
            raise ValueError(
                f"{shown!r} is written in {mark}, but this amount is in {currency}"
                if known
                else f"{shown!r} is not an amount; type it like {TYPED_FORMS}"
            )
    if rest.startswith("-") and not negative:
        negative, rest = True, rest[1:].strip()
    found = _TYPED.fullmatch(rest.replace(" ", ""))
    if found is None or (found["suffix"] is None and not _grouped_well(found["number"])):
        raise ValueError(f"{shown!r} is not an amount; type it like {TYPED_FORMS}")
    number = found["number"].replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError(f"{shown!r} is not an amount; type it like {TYPED_FORMS}") from exc
    if found["suffix"]:
        value = value.scaleb(_SUFFIXES[found["suffix"].upper()])
    return _exact_minor(value, currency, negative=negative)


def _grouped_well(number: str) -> bool:
    """``583,100`` and ``583100`` are amounts; ``58,31,00`` (a typo) is not."""
    whole = number.split(".", maxsplit=1)[0]
    if "," not in whole:
        return True
    head, *groups = whole.split(",")
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


def minor_to_text(minor: int, currency: str) -> str:
    """Plain editable text of an amount, no grouping, no symbol: ``1234.50``."""
    places = exponent(currency)
    value = Decimal(minor).scaleb(-places)
    return f"{value:.{places}f}"

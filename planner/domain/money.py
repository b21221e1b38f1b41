"""Money as integer minor units plus an ISO 4217 currency code. No floats, anywhere.

``parse_amount("1,234.50", "USD") == 123450``; ``format_money(Money(123450, "USD"))`` gives
``"$1,234.50"``. Amounts typed by people or read from CSV go through :func:`parse_amount`, which
never guesses the decimal separator: the caller says which one the text uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# Minor-unit exponents that are not 2 (ISO 4217). Every other well-formed code uses 2.
_EXPONENTS: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

_SYMBOLS: dict[str, str] = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF ",
    "AUD": "A$", "CAD": "C$", "NZD": "NZ$", "SEK": "SEK ", "NOK": "NOK ", "DKK": "DKK ",
    "BRL": "R$", "SGD": "S$", "KRW": "₩", "CNY": "CN¥",
}  # fmt: skip

COMMON_CURRENCIES: tuple[str, ...] = (
    "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "SGD", "INR", "BRL",
)  # fmt: skip

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
    places = exponent(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency} amounts have at most {places} decimal places")
    minor = int(scaled)
    if minor > MAX_MINOR:
        raise ValueError("the amount is too large")
    return -minor if negative else minor


def decimal_to_minor(value: Decimal, currency: str) -> int:
    """Round a computed Decimal amount (major units) half-even to minor units."""
    quantum = Decimal(1).scaleb(-exponent(currency))
    return int(value.quantize(quantum, rounding=ROUND_HALF_EVEN).scaleb(exponent(currency)))


def format_money(money: Money, *, compact: bool = False, with_symbol: bool = True) -> str:
    """``$1,234.50``; compact: ``$1.2M``, ``$850K``. Exact in the non-compact form."""
    symbol = _SYMBOLS.get(money.currency, money.currency + " ") if with_symbol else ""
    sign = "-" if money.minor < 0 else ""
    amount = abs(money.major)
    if compact:
        for limit, suffix in ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "K")):
            if amount >= limit:
                scaled = (amount / limit).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
                text = f"{scaled:f}".removesuffix(".0")
                return f"{sign}{symbol}{text}{suffix}"
        return f"{sign}{symbol}{amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN):,f}"
    places = exponent(money.currency)
    text = f"{amount:,.{places}f}"
    return f"{sign}{symbol}{text}"


def format_minor(minor: int, currency: str, *, compact: bool = False) -> str:
    return format_money(Money(minor, currency), compact=compact)


def minor_to_text(minor: int, currency: str) -> str:
    """Plain editable text of an amount, no grouping, no symbol: ``1234.50``."""
    places = exponent(currency)
    value = Decimal(minor).scaleb(-places)
    return f"{value:.{places}f}"

"""Cell text to typed values, without guessing.

Dates: ``2025-03-04`` and ``2025/03/04`` (with or without a time) and month names (``4 Mar
2025``, ``Mar 4, 2025``, and the German, French, Spanish, Italian, Dutch and Nordic names:
``4. März 2025``, ``4 mars 2025``, ``14 maj 2025``) are unambiguous. ``03/04/2025`` is not: it
is read day-first or month-first only when told (``DD/MM/YYYY``, ``DD.MM.YYYY`` or
``MM/DD/YYYY``), or when another date in the same file can only be read one way
(``25/03/2025``), which :func:`date_evidence` reports so the import can say so. Two-digit years
are refused rather than assigned a century.

Amounts and numbers: the decimal separator is never guessed. ``1,234.50`` and ``12,5`` decide it
(both separators, or a single separator not followed by exactly three digits); ``1,234`` alone
could be either and needs an answer, except in a whole-number column (:func:`integer_evidence`:
``1,250`` employees cannot be 1.25). Amounts become integer minor units through
:func:`planner.domain.money.parse_amount`, never through a float.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from planner.domain.money import parse_amount

YMD, DMY, MDY = "ymd", "dmy", "mdy"
DATE_FORMATS: dict[str, str] = {
    "YYYY-MM-DD": YMD,
    "YYYY/MM/DD": YMD,
    "YYYY.MM.DD": YMD,
    "DD/MM/YYYY": DMY,
    "MM/DD/YYYY": MDY,
    "DD.MM.YYYY": DMY,
    "D.M.YYYY": DMY,
    "DD-MM-YYYY": DMY,
    "MM-DD-YYYY": MDY,
    "D MMM YYYY": YMD,
    "DD MMM YYYY": YMD,
    "D. MMM YYYY": YMD,
    "MMM D, YYYY": YMD,
    "YMD": YMD,
    "DMY": DMY,
    "MDY": MDY,
}
"""The formats ``--date-format`` takes. Formats with a month name or the year first need no
day/month order (they are read as they are); the order matters for 03/04/2025 only."""
ORDER_LABELS = {YMD: "YYYY-MM-DD", DMY: "DD/MM/YYYY (day first)", MDY: "MM/DD/YYYY (month first)"}
ORDER_FORMATS = {YMD: "YYYY-MM-DD", DMY: "DD/MM/YYYY", MDY: "MM/DD/YYYY"}
DECIMALS = {".": "a decimal point (1,234.50)", ",": "a decimal comma (1.234,50)"}

_TIME = (
    r"(?:(?:[T ]|,\s*)\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?"
)
_ISO = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{2,4}}){_TIME}$")
_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_LOCAL_MONTHS = (
    # German, French, Spanish, Italian, Dutch, Swedish, Danish/Norwegian: full and short names
    "januar jan janvier janv enero ene gennaio gen januari",
    "februar feb février févr fevrier fevr febrero febbraio februari",
    "märz mär maerz mrz mars marzo maart mrt marts",
    "april apr avril avr abril abr aprile",
    "mai mayo maggio mag mei maj",
    "juni jun juin junio giugno giu",
    "juli jul juillet juil julio luglio lug",
    "august aug août aout agosto ago augustus augusti",
    "september sep sept septembre septiembre setiembre settembre set",
    "oktober okt octobre oct octubre ottobre ott",
    "november nov novembre noviembre",
    "dezember dez décembre déc decembre dec diciembre dic dicembre december des",
)
for _number, _names in enumerate(_LOCAL_MONTHS, start=1):
    for _name in _names.split():
        _MONTHS.setdefault(_name.casefold(), _number)
_WORD = r"[^\W\d_]{3,12}"
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})\.?[\s\-]+({_WORD})\.?[\s\-,]+(\d{{4}}){_TIME}$")
_MONTH_DAY = re.compile(rf"^({_WORD})\.?\s+(\d{{1,2}})\.?,?\s+(\d{{4}}){_TIME}$")


class CellValueError(ValueError):
    """A cell that cannot be read as its field's type; the message is for people."""


def parse_date_format(text: str) -> str:
    """``DD/MM/YYYY`` (or ``dmy``...) -> the date order it names."""
    key = " ".join(text.strip().upper().split())
    if key in DATE_FORMATS:
        return DATE_FORMATS[key]
    choices = ", ".join(k for k in DATE_FORMATS if "YYYY" in k)
    raise CellValueError(f"{text!r} is not a date format this app reads; use one of {choices}.")


def date_evidence(text: str) -> str | None:
    """What one date cell says about the file's date order.

    ``"ymd"``/``"named"`` (unambiguous), ``"dmy"``/``"mdy"`` (only readable one way),
    ``"either"`` (could be both: 03/04/2025), ``"same"`` (both readings agree: 05/05/2025),
    None (not a date).
    """
    t = text.strip()
    if _ISO.match(t):
        return YMD
    if _DAY_MONTH.match(t) or _MONTH_DAY.match(t):
        return "named"
    m = _NUMERIC.match(t)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(3))
    if a == b:
        return "same"
    if a > 12 >= b:
        return DMY
    if b > 12 >= a:
        return MDY
    if a <= 12 and b <= 12:
        return "either"
    return None


def parse_date(text: str, order: str | None) -> date:
    """Read a date cell. ``order`` (``dmy``/``mdy``) is needed only for ``03/04/2025``."""
    t = text.strip()
    try:
        if m := _ISO.match(t):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DAY_MONTH.match(t):
            return date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if m := _MONTH_DAY.match(t):
            return date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        if m := _NUMERIC.match(t):
            a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
            if len(year) != 4:
                raise CellValueError(
                    f"{t!r} has a two-digit year; write the year in full (2025), so the "
                    "century is not guessed."
                )
            if a == b:
                return date(int(year), a, b)
            if order == DMY:
                return date(int(year), b, a)
            if order == MDY:
                return date(int(year), a, b)
            raise CellValueError(
                f"{t!r} could be day-first or month-first; say which (DD/MM/YYYY or MM/DD/YYYY)."
            )
    except ValueError as exc:
        if isinstance(exc, CellValueError):
            raise
        shown = f" as {ORDER_FORMATS[order]}" if order in ORDER_FORMATS else ""
        raise CellValueError(f"{t!r} is not a real date{shown}.") from exc
    raise CellValueError(f"{t!r} is not a date (write it like 2025-03-31).")


def _month(name: str) -> int:
    number = _MONTHS.get(name.casefold().rstrip("."))
    if number is None:
        raise CellValueError(f"{name!r} is not a month name.")
    return number


# --------------------------------------------------------------------------- numbers

_SYMBOLS = re.compile(
    r"^[\s(+-]*(?:[A-Z]{3}|[^\d\s.,'()+-]{1,3})?\s*|\s*(?:[A-Z]{3}|[^\d\s.,')]{1,3})?[\s)]*$"
)


def _digits_only(text: str) -> str:
    """The number part of an amount: no sign, currency symbol, code, or parentheses."""
    return _SYMBOLS.sub("", text.strip())


_NUMBER_CHARS = re.compile(r"[\d.,]+")
_SEPARATOR = re.compile(r"[.,]")


def decimal_evidence(text: str) -> str | None:
    """What one number cell says about the decimal separator.

    ``"."`` or ``","`` when only that reading is possible, ``"either"`` for ``1,234`` or
    ``1.234``, None when the cell has no separator (or is not a number).
    """
    core = _digits_only(text).replace(" ", "").replace("\u00a0", "").replace("'", "")
    if not core or not _NUMBER_CHARS.fullmatch(core) or not _SEPARATOR.search(core):
        return None
    readable = [sep for sep in (".", ",") if _reads_as(core, sep)]
    if len(readable) == 2:
        return "either"
    return readable[0] if readable else None


def integer_evidence(text: str) -> str | None:
    """What a cell of a whole-number column says about the decimal separator: ``1,250`` can
    only be twelve hundred and fifty (a decimal comma would make it 1.25, not a whole number),
    so the file uses a decimal point. ``1,000`` settles nothing (1.000 is whole too)."""
    verdict = decimal_evidence(text)
    if verdict != "either":
        return verdict
    core = _digits_only(text).replace(" ", "").replace("\u00a0", "").replace("'", "")
    separator = "," if "," in core else "."
    fraction = core.rsplit(separator, 1)[1]
    if fraction.strip("0"):
        return "." if separator == "," else ","
    return "either"


def _reads_as(core: str, decimal: str) -> bool:
    """Whether ``core`` is a well-formed number with this decimal separator (groups of three)."""
    pattern = _READS_AS.get(decimal)
    if pattern is None:
        pattern = _READS_AS[decimal] = _number_pattern(decimal)
    return bool(pattern.fullmatch(core)) and any(ch.isdigit() for ch in core)


def _number_pattern(decimal: str) -> re.Pattern[str]:
    d = re.escape(decimal)
    g = re.escape("," if decimal == "." else ".")
    return re.compile(rf"(?:\d{{1,3}}(?:{g}\d{{3}})+|\d*)(?:{d}\d+)?")


_READS_AS: dict[str, re.Pattern[str]] = {}


def parse_money(text: str, currency: str, decimal: str | None) -> int:
    """An amount in ``currency``'s minor units. ``decimal`` must be known when it matters."""
    sep, cleaned, negative = _amount_parts(text, decimal)
    try:
        minor = parse_amount(cleaned, currency, decimal=sep)
    except ValueError as exc:
        reason = str(exc)
        if "is not an amount" in reason:
            raise CellValueError(f"{text.strip()!r} is not an amount.") from exc
        raise CellValueError(f"{text.strip()!r} cannot be read: {reason}.") from exc
    return -minor if negative else minor


@functools.lru_cache(maxsize=2048)
def _amount_parts(text: str, decimal: str | None) -> tuple[str, str, bool]:
    """What reading an amount needs whatever its currency: the decimal separator, the number
    part, the sign (remembered: an import checks the cells of a chunk of rows before it knows
    each row's currency, then reads them in that currency)."""
    evidence = decimal_evidence(text)
    if evidence == "either" and decimal is None:
        raise CellValueError(
            f"{text.strip()!r} could use a decimal point or a decimal comma; say which."
        )
    sep = decimal or (evidence if evidence in {".", ","} else ".")
    cleaned = _digits_only(text)
    negative = "-" in text.strip()[:2] or (
        text.strip().startswith("(") and text.strip().endswith(")")
    )
    return sep, cleaned, negative


def check_amount(text: str, decimal: str | None) -> None:
    """Raise :class:`CellValueError` unless ``text`` is written like an amount.

    Used before the row's currency is known (it decides how many decimals are allowed, checked
    again by :func:`parse_money`); three decimals are the most any currency has.
    """
    parse_money(text, "KWD", decimal)


def parse_int(text: str, decimal: str | None) -> int:
    """A whole number such as ``1,200`` (grouping per ``decimal``) or ``-2``."""
    t = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if re.fullmatch(r"\d+", t):
        return sign * int(t)
    evidence = decimal_evidence(t)
    if evidence == "either" and decimal is None:
        raise CellValueError(
            f"{text.strip()!r} could be a whole number or a decimal; say which "
            "decimal separator the file uses."
        )
    sep = decimal or (evidence if evidence in {".", ","} else ".")
    group = "," if sep == "." else "."
    t = t.replace(group, "")
    m = re.fullmatch(rf"(\d+)(?:{re.escape(sep)}0*)?", t)
    if not m:
        raise CellValueError(f"{text.strip()!r} is not a whole number.")
    return sign * int(m.group(1))


def parse_minor(text: str) -> int:
    """Integer minor units as written by this app's own exports (``arr_minor``)."""
    t = text.strip()
    if not re.fullmatch(r"[+-]?\d+", t):
        raise CellValueError(f"{t!r} is not a whole number of minor units (cents).")
    return int(t)


_TRUE = frozenset({"true", "yes", "y", "1", "x", "checked", "on", "t", "ja", "oui", "si"})
_FALSE = frozenset({"false", "no", "n", "0", "unchecked", "off", "f", "nein", "non"})


def parse_bool(text: str) -> bool:
    key = text.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellValueError(f"{text.strip()!r} is not yes or no (use true/false, yes/no or 1/0).")

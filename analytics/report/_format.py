"""Indonesian number formats for the briefing pack (``3,74 %``, ``Rp 801.945``).

The dashboard's formatter lives in ``ui/`` (Streamlit side); the report keeps its own small
copy so that ``analytics`` never depends on the UI package.
"""

from __future__ import annotations

import datetime as _dt

from analytics.formats import MISSING, is_missing
from analytics.formats import number as _number

MINUS = "−"
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def number(value, decimals: int = 0) -> str:
    """The shared Indonesian format with a typographic minus for print.

    >>> number(1234567.891, 2), number(7114), number(-0.0004, 2), number(-3), number(None)
    ('1.234.567,89', '7.114', '0,00', '−3', '–')
    """
    return _number(value, decimals, minus=MINUS)


def signed(value, decimals: int = 0) -> str:
    """A change with its sign: -0.3645 -> '−0,36' (decimals=2), 57 -> '+57', 0 -> '0'.

    >>> signed(-0.3645, 2), signed(57), signed(0.001, 2), signed(None)
    ('−0,36', '+57', '0,00', '–')
    """
    if is_missing(value):
        return MISSING
    text = number(abs(float(value)), decimals)
    if round(float(value), decimals) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def percent(value_percent, decimals: int = 2) -> str:
    """A value already in percent: 3.7441 -> '3,74 %'.

    >>> percent(3.7441), percent(None)
    ('3,74 %', '–')
    """
    return MISSING if is_missing(value_percent) else f"{number(value_percent, decimals)} %"


def rupiah(value) -> str:
    """Rupiah with thousands dots.

    >>> rupiah(801945)
    'Rp 801.945'
    """
    return MISSING if is_missing(value) else f"Rp {number(value)}"


def long_date(day: _dt.date) -> str:
    """A date in Indonesian.

    >>> long_date(_dt.date(2026, 3, 5))
    '5 Maret 2026'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def parse_number(text: str) -> float:
    """Read back a number written by :func:`number` (used by the tests).

    >>> parse_number("−1.234,5 %"), parse_number("+0,051")
    (-1234.5, 0.051)
    """
    cleaned = text.strip().replace("Rp", "").replace("%", "").replace(" ", "").replace(MINUS, "-")
    return float(cleaned.replace(".", "").replace(",", "."))

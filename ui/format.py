"""Indonesian number formats for everything a user reads (`3,74 %`, `Rp 801.945`)."""

import math


def number(value, decimals: int = 0) -> str:
    """1234567.891 -> '1.234.567,89' with decimals=2.

    >>> number(1234567.891, 2)
    '1.234.567,89'
    >>> number(191811)
    '191.811'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def rupiah(value) -> str:
    """>>> rupiah(801945)
    'Rp 801.945'
    """
    return "–" if value is None else f"Rp {number(value)}"


def percent(fraction, decimals: int = 2) -> str:
    """A fraction shown as percent: 0.0374 -> '3,74 %'.

    >>> percent(0.0374)
    '3,74 %'
    """
    return "–" if fraction is None else f"{number(fraction * 100, decimals)} %"


def bps_scale(fraction, decimals: int = 2) -> str:
    """P1 and P2 as BPS publishes them (x100): 0.0039 -> '0,39'.

    >>> bps_scale(0.0039)
    '0,39'
    """
    return "–" if fraction is None else number(fraction * 100, decimals)

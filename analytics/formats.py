"""Indonesian number formats (`3,74`, `1.234.567`), shared by the dashboard, the narrative
and the briefing pack so every file shows a figure the same way."""

import math

MISSING = "–"


def is_missing(value) -> bool:
    """None, NaN or pandas' NA.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value, decimals: int = 0, minus: str = "-") -> str:
    """Thousands dots and a decimal comma; missing -> '–'; never '-0,00'.

    >>> number(1234567.891, 2), number(191811), number(-0.0004, 2), number(-5, minus="−"), number(None)
    ('1.234.567,89', '191.811', '0,00', '−5', '–')
    """
    if is_missing(value):
        return MISSING
    value = float(value)
    if round(value, decimals) == 0:
        value = 0.0
    text = f"{value:,.{decimals}f}".replace("-", minus)
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")

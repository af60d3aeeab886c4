"""Indonesian number formats, the only copy: the dashboard, the narrative, the command line
and the briefing pack show a figure the same way (``3,74 %``, ``Rp 801.945``, ``0,39``).

Indicators are kept as fractions everywhere else; :data:`SCALE` (P0 in percent, P1 and P2
multiplied by 100 as BPS publishes them) is applied here and nowhere else. A missing value
is ``–`` in every format. Printed documents use the typographic minus ``−``
(``minus=PRINT_MINUS``); the dashboard keeps the ASCII minus, from which ``st.metric`` reads
the direction of a change.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

MISSING = "–"
PRINT_MINUS = "−"
#: How a fraction is shown: P0 in percent, P1 and P2 on BPS's ×100 scale.
SCALE = 100.0
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


def to_tens(value):
    """An estimated count to the nearest ten (a model estimates counts, it does not count
    people); a disclosure marker ('<10', 'x') or a missing value as it is.

    >>> to_tens(7287.4), to_tens("<10")
    (7290.0, '<10')
    """
    if isinstance(value, str) or is_missing(value):
        return value
    return float(round(float(value), -1))


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


def delta_tone(delta: str | None) -> str:
    """How a change is coloured where less poverty is better: 'inverse' (down green, up red),
    or 'off' (grey, no arrow) for a change that rounds to zero and so carries no sign.

    >>> delta_tone("-0,37 poin persen"), delta_tone("+12 jiwa"), delta_tone("0,00 dari 2024"), delta_tone(None)
    ('inverse', 'inverse', 'off', 'off')
    """
    return "inverse" if delta and delta[0] in "+-" else "off"


def signed(value, decimals: int = 2, minus: str = "-") -> str:
    """A change with its sign: -0.37 -> '-0,37', 12 -> '+12'; one that rounds to 0 has none.

    >>> signed(-0.37), signed(12, 0), signed(0, 0), signed(0.001, 2), signed(-3, 0, PRINT_MINUS), signed(None)
    ('-0,37', '+12', '0', '0,00', '−3', '–')
    """
    if is_missing(value):
        return MISSING
    value = float(value)
    text = number(abs(value), decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else minus) + text


def scaled(fraction):
    """A fraction on the scale it is shown at (percent, or BPS's ×100); missing stays missing.

    >>> scaled(0.0374), scaled(None)
    (3.74, None)
    """
    return None if is_missing(fraction) else float(fraction) * SCALE


def readable_decimals(value, decimals: int) -> int:
    """Enough decimals that a small non-zero figure (the extreme line's) does not read 0,00:
    one more for each tenfold below the last place shown, at most four more.

    >>> readable_decimals(3.74, 2), readable_decimals(0.004, 2), readable_decimals(0.0, 2), readable_decimals(None, 2)
    (2, 3, 2, 2)
    """
    extra = 0
    value = 0.0 if is_missing(value) else float(value)
    while value and abs(value) < 10 ** -(decimals + extra) and extra < 4:
        extra += 1
    return decimals + extra


def percent(fraction, decimals: int = 2, minus: str = "-") -> str:
    """A fraction shown as percent: 0.0374 -> '3,74 %'.

    >>> percent(0.0374), percent(None)
    ('3,74 %', '–')
    """
    return MISSING if is_missing(fraction) else f"{number(float(fraction) * SCALE, decimals, minus)} %"


def bps_scale(fraction, decimals: int = 2, minus: str = "-") -> str:
    """P1 and P2 as BPS publishes them (×100): 0.0039 -> '0,39'.

    >>> bps_scale(0.0039), bps_scale(0.00051, 3)
    ('0,39', '0,051')
    """
    return MISSING if is_missing(fraction) else number(float(fraction) * SCALE, decimals, minus)


def points(fraction_change, decimals: int = 2, minus: str = "-") -> str:
    """A change of a fraction in percentage points (signed): -0.0037 -> '-0,37'.

    >>> points(-0.0037), points(0.00001)
    ('-0,37', '0,00')
    """
    return MISSING if is_missing(fraction_change) else signed(float(fraction_change) * SCALE, decimals, minus)


def rupiah(value, minus: str = "-") -> str:
    """Rupiah with thousands dots.

    >>> rupiah(801945), rupiah(None)
    ('Rp 801.945', '–')
    """
    return MISSING if is_missing(value) else f"Rp {number(value, 0, minus)}"


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
    cleaned = text.strip().replace("Rp", "").replace("%", "").replace(" ", "").replace(PRINT_MINUS, "-")
    return float(cleaned.replace(".", "").replace(",", "."))


#: Bontang's clock (Waktu Indonesia Tengah, UTC+8, no daylight saving); logs and stores keep UTC.
WITA = _dt.timezone(_dt.timedelta(hours=8), "WITA")


def wita(stamps):
    """UTC ISO times (a pandas Series) as Bontang reads them.

    >>> import pandas as pd
    >>> wita(pd.Series(["2026-11-29T01:02:03+00:00"])).tolist()
    ['29-11-2026 09:02:03']
    """
    import pandas as pd

    return pd.to_datetime(stamps, utc=True, format="ISO8601").dt.tz_convert(WITA).dt.strftime("%d-%m-%Y %H:%M:%S")


_WHOLE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


def parse_whole(text: str, what: str) -> int:
    """A whole number as an Indonesian user types it: ``150.000.000``, ``150000000`` or
    ``Rp 150.000.000`` (the dot groups thousands; a comma or a stray dot is refused).

    >>> parse_whole("Rp 150.000.000", "Anggaran"), parse_whole(" 832946 ", "Nilai garis")
    (150000000, 832946)
    >>> parse_whole("1.50", "Anggaran")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.errors.InputError: Anggaran harus bilangan bulat ..., misalnya 150.000.000 (bukan '1.50').
    """
    from analytics.errors import InputError

    cleaned = str(text).strip()
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:].strip()
    if not _WHOLE.fullmatch(cleaned) or not cleaned.isascii():
        raise InputError(
            f"{what} harus bilangan bulat dengan titik pemisah ribuan, misalnya 150.000.000 (bukan {str(text)[:20]!r})."
        )
    return int(cleaned.replace(".", ""))


def listed_some(items, limit: int = 12) -> str:
    """Like :func:`listed`, naming at most ``limit`` items and counting the rest (a kabupaten
    has a hundred desa or more).

    >>> listed_some(["a", "b", "c"], 2), listed_some(["a", "b"], 2)
    ('a, b dan 1 lainnya', 'a dan b')
    """
    items = [str(i) for i in items]
    if len(items) <= limit:
        return listed(items)
    return f"{', '.join(items[:limit])} dan {number(len(items) - limit)} lainnya"


def listed(items) -> str:
    """Items as an Indonesian list: 'a', 'a dan b', 'a, b dan c'; '' for none.

    >>> listed(["P0"]), listed(["P1", "P2"]), listed(["Api-Api", "Lok Tuan", "Kanaan"]), listed([])
    ('P0', 'P1 dan P2', 'Api-Api, Lok Tuan dan Kanaan', '')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"

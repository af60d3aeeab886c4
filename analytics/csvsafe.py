"""CSV that a spreadsheet opens as text: the one neutralisation of every CSV the dashboard and
the command line write (OWASP CSV injection).

A text cell that Excel or LibreOffice would run as a formula, starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``, ``-2+3`` from a
verifikator's note), gets a leading ``'``; numbers stay numbers.

>>> neutralise_cell("=HYPERLINK(\\"http://x\\")"), neutralise_cell("-2+3"), neutralise_cell(-2)
('\\'=HYPERLINK("http://x")', "'-2+3", -2)
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every formula-like text cell (and column name) made text."""
    safe = frame.map(neutralise_cell)
    safe.columns = [neutralise_cell(c) for c in frame.columns]
    return safe


def csv_text(frame: pd.DataFrame, **options) -> str:
    return neutralise(frame).to_csv(index=False, **options)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the text with the right characters."""
    return csv_text(frame).encode("utf-8-sig")

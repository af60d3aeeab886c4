"""Numbers written as people write them, decided per column, never guessed per cell.

Indonesian exports write ``1.253.174`` and ``1.253.174,50`` (dot for thousands, comma for
decimals), often with ``Rp``, ``Rp.`` or a closing ``,-``; an English-locale Excel writes
``1,253,174.50``. A cell like ``800.000`` or ``1,253`` fits both. So the convention is read
from the column's unambiguous cells: all Indonesian, all English, or — when a column holds
both — :class:`MixedConventions` with examples of each, and the import refuses the column
rather than guessing. A column whose cells are all ambiguous is read the Indonesian way for
amounts (rupiah, counts) and as a decimal point for measures (coordinates, weights).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ID, EN = "id", "en"
CONVENTION_LABELS = {ID: "gaya Indonesia (1.253.174,50)", EN: "gaya Inggris (1,253,174.50)"}

_PLAIN = r"-?\d+"
_SCIENTIFIC = r"-?\d+(?:[.,]\d+)?[eE][+-]?\d+"
_ONE_AMBIGUOUS = r"-?\d{1,3}[.,]\d{3}"  # 800.000 / 1,253
_ID_ONLY = r"-?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|-?\d{1,3}\.\d{3},\d+|-?\d+,(?:\d{1,2}|\d{4,})|-?\d{4,},\d+"
_EN_ONLY = r"-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|-?\d{1,3},\d{3}\.\d+|-?\d+\.(?:\d{1,2}|\d{4,})|-?\d{4,}\.\d+"


@dataclass
class NumberColumn:
    values: pd.Series  # float, NaN where not a number
    convention: str | None  # ID or EN when the column showed it, else None
    mixed: tuple[list[str], list[str]] | None = None  # examples written each way, when the column mixes them


def clean_number_text(values: pd.Series) -> pd.Series:
    """Text of number cells without currency, spaces and a closing ``,-``.

    >>> clean_number_text(pd.Series(["Rp. 1.253.174,-", " Rp 800.000 ", "1 253 174"])).tolist()
    ['1.253.174', '800.000', '1253174']
    """
    text = values.astype("str").str.strip()
    text = text.str.replace(r"^[Rr][Pp]\.?\s*", "", regex=True)
    text = text.str.replace(r"[\s\u00a0]", "", regex=True)
    return text.str.replace(r"[.,]-$", "", regex=True)


def to_float(text: pd.Series) -> np.ndarray:
    """Text already checked to be a plain number, as floats (pyarrow's cast: much faster than
    :func:`pandas.to_numeric` on a million cells)."""
    try:
        return pc.cast(pa.array(text.astype("str").array), pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)


def number_column(values: pd.Series, measure: bool = False) -> NumberColumn:
    """Numbers of one column (``measure``: coordinates, weights — an ambiguous single
    separator is a decimal point); a column that mixes both ways has ``mixed`` set and no values.

    >>> number_column(pd.Series(["1.253.174", "Rp 800.000", "975000", "-5", "tidak tahu", 3.0])).values.tolist()
    [1253174.0, 800000.0, 975000.0, -5.0, nan, 3.0]
    >>> number_column(pd.Series(["1,253,174", "800,000"])).values.tolist()
    [1253174.0, 800000.0]
    >>> number_column(pd.Series(["0.118", "117.480042"]), measure=True).values.tolist()
    [0.118, 117.480042]
    """
    out = pd.Series(np.nan, index=values.index, dtype=float)
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        is_num = np.zeros(len(values), dtype=bool)  # a CSV column: text only
    else:
        raw = values.to_numpy(dtype=object)
        is_num = np.fromiter(
            (isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in raw),
            dtype=bool,
            count=len(raw),
        )
    if is_num.any():
        out[is_num] = pd.to_numeric(pd.Series(raw[is_num], index=values.index[is_num]), errors="coerce")
    text_mask = ~is_num & values.notna().to_numpy()
    if not text_mask.any():
        return NumberColumn(out, None)
    text = values[text_mask].astype("str")
    # The common cells first, without any cleaning: plain integers, and decimals of a measure.
    simple = text.str.fullmatch(r"-?\d+(?:\.\d+)?" if measure else _PLAIN)
    out[simple[simple].index] = to_float(text[simple])
    text = text[~simple]
    if text.empty:
        return NumberColumn(out, None)
    text = clean_number_text(text)
    plain = text.str.fullmatch(_PLAIN)
    out[plain[plain].index] = to_float(text[plain])
    rest = text[~plain]
    if rest.empty:
        return NumberColumn(out, None)
    convention, mixed = _convention(rest, measure)
    if mixed:
        return NumberColumn(out, None, mixed)
    out[rest.index] = _parse(rest, convention, measure)
    return NumberColumn(out, convention if _shows_convention(rest, convention) else None)


def _convention(text: pd.Series, measure: bool) -> tuple[str, tuple[list[str], list[str]] | None]:
    indonesian = text[text.str.fullmatch(_ID_ONLY)]
    english = text[text.str.fullmatch(_EN_ONLY)]
    if measure:
        # A measure has no thousands: 0.118 and 0,118 are both decimals; only the mix is doubtful
        # (decimal points were read before, so any here count as the English way).
        indonesian = text[text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)]
        english = text[text.str.contains(".", regex=False) & ~text.str.contains(",", regex=False)]
    if len(indonesian) and len(english):
        return ID, (_examples(indonesian), _examples(english))
    return (EN if len(english) else ID), None


def _shows_convention(text: pd.Series, convention: str) -> bool:
    return bool(text.str.fullmatch(_EN_ONLY if convention == EN else _ID_ONLY).any())


def _examples(text: pd.Series) -> list[str]:
    return list(dict.fromkeys(text.tolist()))[:3]


def _parse(text: pd.Series, convention: str, measure: bool) -> pd.Series:
    scientific = text.str.fullmatch(_SCIENTIFIC)
    if convention == EN:
        normal = text.str.replace(",", "", regex=False)
    elif measure:
        normal = text.str.replace(",", ".", regex=False)
    else:
        normal = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    normal = normal.where(~scientific, text.str.replace(",", ".", regex=False))
    if not measure:
        # Only a well-formed number: "1.2.3" or "12,34,5" is not one.
        shape = _EN_ONLY if convention == EN else _ID_ONLY
        ok = text.str.fullmatch(shape) | text.str.fullmatch(_ONE_AMBIGUOUS) | scientific
        ok |= text.str.fullmatch(r"-?\d+[.,]\d+") & ~text.str.fullmatch(_ONE_AMBIGUOUS)
        normal = normal.where(ok, "x")
    return pd.to_numeric(normal, errors="coerce")

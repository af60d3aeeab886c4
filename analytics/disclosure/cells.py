"""What a hidden cell looks like, and the rule for one column against one total.

Counts a role without household access (pimpinan) would see from 1 to 9 are shown as
``<10``; cells hidden so that a small count cannot be recomputed are ``x``
(:mod:`analytics.disclosure.linked` applies the rule over linked tables).

Rules of :func:`suppress_small`:

- Primary suppression: a count of 1 to ``threshold - 1`` families is shown as ``"<10"``
  (``f"<{threshold}"``). A count of 0 stays 0: it says nothing about any family.
- Complementary suppression: every count column is treated as having a known total (the
  city row in the table, or the city figure shown elsewhere in the dashboard). When exactly
  one cell of a column is hidden, the next-smallest non-zero cell of that column is hidden
  too and shown as ``"x"``, so the hidden cell cannot be found by subtracting the others
  from the total. Thus no column with a shown total has exactly one hidden cell.
- A total that is itself small (the total row, or the column's sum when the table has no
  total row) is hidden wherever it is shown; then the cells need no complement.

Secondary cells are marked ``"x"`` (not ``"<10"``) so that no figure shown is false. Only
columns are protected: a table that also shows row totals needs its own check.

>>> import pandas as pd
>>> t = pd.DataFrame({"kode": ["64.74", "a", "b", "c"], "miskin": [47, 3, 14, 30]})
>>> suppress_small(t, ["miskin"], total_row="64.74", group_column="kode")["miskin"].tolist()
[47, '<10', 'x', 30]
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

HIDDEN = "x"
SUPPRESSION_NOTE = (
    "<10: kurang dari 10 jiwa atau keluarga, angka tidak ditampilkan untuk melindungi data pribadi; "
    "x: disembunyikan agar angka <10 tidak dapat dihitung dari total atau persentase."
)

#: Counts from 1 to THRESHOLD - 1 are hidden. A policy, not a tunable: every note on screen
#: and in the briefing pack says "<10".
THRESHOLD = 10


def threshold_in_effect(threshold: int | None = None) -> int:
    """``threshold``, or :data:`THRESHOLD`."""
    return THRESHOLD if threshold is None else threshold


def small_marker(threshold: int = 10) -> str:
    """The string shown for a small count: ``"<10"`` for the default threshold."""
    return f"<{threshold}"


def is_small(value, threshold: int = THRESHOLD) -> bool:
    """True for a count that is shown ``<10`` (1 to ``threshold − 1``).

    >>> is_small(7), is_small(0), is_small(10), is_small("x")
    (True, False, False, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 1 <= value < threshold


def is_marker(value) -> bool:
    """True for the text of a suppressed cell (``<10`` or ``x``).

    >>> is_marker("<10"), is_marker("x"), is_marker(7)
    (True, True, False)
    """
    return isinstance(value, str) and (value == HIDDEN or value.startswith("<"))


def suppress_small(
    table: pd.DataFrame,
    count_columns: Sequence[str],
    threshold: int = 10,
    total_row=None,
    group_column: str | None = None,
) -> pd.DataFrame:
    """A copy of ``table`` with small counts and their complements hidden (see the module doc).

    Parameters
    ----------
    table : DataFrame
        One row per area (or category); counts of families in ``count_columns``.
    count_columns : sequence of str
        The non-negative count columns to protect; in the result they have dtype object
        holding ints, ``"<10"`` or ``"x"`` (missing values stay missing).
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    total_row : optional
        The value of ``group_column`` that labels the total row (e.g. ``"64.74"``); that row
        is not a cell of the columns but their total.
    group_column : str, optional
        The column that labels the rows; required with ``total_row``.
    """
    if threshold < 1:
        raise ValueError("threshold harus minimal 1.")
    missing = [c for c in count_columns if c not in table.columns]
    if missing:
        raise ValueError(f"Kolom hitungan tidak ada di tabel: {', '.join(missing)}.")
    total_mask = np.zeros(len(table), dtype=bool)
    if total_row is not None:
        if group_column is None or group_column not in table.columns:
            raise ValueError("total_row memerlukan group_column yang ada di tabel.")
        total_mask = (table[group_column] == total_row).to_numpy()
        if total_mask.sum() != 1:
            raise ValueError(f"Baris total {total_row!r} harus ada tepat satu kali di kolom {group_column}.")
    small = small_marker(threshold)
    out = table.copy()
    for column in count_columns:
        values = pd.to_numeric(table[column], errors="raise").to_numpy(dtype=float)
        known = ~np.isnan(values)
        if (values[known] < 0).any():
            raise ValueError(f"Kolom {column} berisi hitungan negatif.")
        is_small = known & (values >= 1) & (values < threshold)
        secondary = np.zeros(len(values), dtype=bool)
        cells = ~total_mask
        if total_mask.any():
            total_shown = not is_small[total_mask].any()
        else:  # the city figure shown elsewhere: itself hidden there when small
            total = np.nansum(values)
            total_shown = not 1 <= total < threshold
        if total_shown and (is_small & cells).sum() == 1:
            candidates = np.flatnonzero(cells & known & ~is_small & (values > 0))
            if candidates.size:
                # next-smallest cell; ties go to the first row (stable sort)
                secondary[candidates[np.argsort(values[candidates], kind="stable")[0]]] = True
            elif total_mask.any():
                secondary |= total_mask  # cannot happen for a true sum; hide the total then
        shown = []
        for value, original, primary, complement in zip(values, table[column], is_small, secondary):
            if primary:
                shown.append(small)
            elif complement:
                shown.append(HIDDEN)
            elif np.isnan(value):
                shown.append(original)
            else:
                shown.append(int(value) if float(value).is_integer() else value)
        out[column] = pd.Series(shown, index=table.index, dtype=object)
    return out

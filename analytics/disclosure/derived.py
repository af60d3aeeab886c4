"""Figures derived from a protected group, and published numbers no more precise than the screen.

- :func:`protect_segments`: the two segments of poor families per area with their counts from
  the one protected model; when a segment's families or persons are hidden, every derived
  figure of the area's segments (contributions to P1 and P2, share of P1) is hidden too. The
  two segments add up to the area's P1 and P2, so one segment's contribution gives the other's
  back; and a small segment's two contributions give its families away (issue 13: the ratio of
  P2 to P1 contribution of a segment of one family is its gap, the P1 contribution times the
  population its size).
- :func:`hidden_with`: a figure derived from a hidden one (a kelurahan's contribution to the
  city's P2 is its population share times its P2) hidden with it.
- :func:`not_eligible_where_shown`: recipients who are not eligible (recipients − covered
  eligible) only where both figures they are the difference of are shown.
- :func:`round_as_shown`: a table's numbers rounded to the decimals its text shows, for files a
  pimpinan takes away (the Excel pack gave full precision where the screen gives two decimals).
"""

from __future__ import annotations

import re

import pandas as pd

from analytics.disclosure.cells import HIDDEN, is_marker

SEGMENT_DERIVED = ("gap_contribution", "p1_share", "p2_contribution")


def protect_segments(seg: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """``seg`` (kode, segment, families, persons and :data:`SEGMENT_DERIVED`, one row per area
    and segment) with families and persons from ``figures`` (the protected area figures) and
    the derived figures of an area hidden when any segment count of that area is."""
    cells = figures.set_index("kode")
    out = seg.copy()
    for what in ("families", "persons"):
        out[what] = [cells.loc[k, f"{s}_{what}"] for k, s in zip(out["kode"], out["segment"], strict=True)]
    columns = [f"{s}_{w}" for s in ("empower", "assist") for w in ("families", "persons")]
    hidden_area = cells[columns].map(is_marker).any(axis=1)
    hide = out["kode"].map(hidden_area).fillna(True).astype(bool)
    for column in SEGMENT_DERIVED:
        if column in out.columns:
            out[column] = out[column].astype(object).where(~hide, HIDDEN)
    return out


def hidden_with(derived: pd.Series, source: pd.Series) -> pd.Series:
    """``derived`` with ``x`` where ``source`` (same index) is hidden."""
    return derived.astype(object).where(~source.map(is_marker), HIDDEN)


def not_eligible_where_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Coverage rows with ``recipients_not_eligible`` hidden where ``recipients`` or
    ``covered_eligible`` is."""
    derived = frame[["recipients", "covered_eligible"]].map(is_marker).any(axis=1)
    return frame.assign(recipients_not_eligible=frame["recipients_not_eligible"].astype(object).where(~derived, HIDDEN))


_DECIMALS = re.compile(r"\d,(\d+)")


def _decimals(text) -> int | None:
    """Decimals of an Indonesian number in ``text`` ('12,34 %' -> 2, 'Rp 1.234' -> 0); None
    when it holds no number."""
    if not isinstance(text, str) or not re.search(r"\d", text):
        return None
    found = _DECIMALS.search(text)
    return len(found.group(1)) if found else 0


def round_as_shown(frame: pd.DataFrame, display: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every number rounded to the decimals of the same cell of ``display`` (its
    text); markers, text and cells whose text holds no number are left as they are."""
    out = frame.copy()
    for column in frame.columns:
        values = []
        for value, text in zip(frame[column], display[column], strict=True):
            decimals = _decimals(text)
            number = isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value)
            values.append(round(float(value), decimals) if number and decimals is not None else value)
        out[column] = pd.Series(values, index=frame.index, dtype=frame[column].dtype)
    return out

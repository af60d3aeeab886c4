"""Tables as officials read them: the key column pinned so it never scrolls away, and figures
(Indonesian text such as '1.253', '3,21 %', 'Rp 612.345', or numbers) right-aligned."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

# Indonesian figures as the views write them, and the markers that stand in for one.
_FIGURE = re.compile(r"^(?:Rp\s?)?[−+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?:\s?%)?$|^\d+(?:,\d+)?[–-]\d+(?:,\d+)?$")
_STAND_INS = {"–", "x", "<10", ""}
LONG_TEXT = 24  # characters: about what Streamlit's medium column width shows


def is_figure_column(values: pd.Series) -> bool:
    """True for a column of numbers, or of Indonesian figure text (markers allowed).

    >>> is_figure_column(pd.Series(["1.253", "3,21 %", "x", "Rp 612.345"])), is_figure_column(pd.Series(["Api-Api"]))
    (True, False)
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return True
    texts = [str(v).strip() for v in values.head(200) if not (isinstance(v, float) and pd.isna(v))]
    figures = [t for t in texts if t not in _STAND_INS]
    return bool(figures) and all(_FIGURE.match(t) for t in figures)


def column_config(frame: pd.DataFrame) -> dict:
    """Pinned leading columns up to the first text column (a rank and the name, or the name), and
    figures right-aligned."""
    figures = {c: is_figure_column(frame[c]) for c in frame.columns}
    pinned = []
    for column in list(frame.columns)[:2]:
        pinned.append(column)
        if not figures[column]:
            break
    # Among the first three columns, one of long texts (covariate names, heads' names) is capped
    # at Streamlit's medium width, so that a phone still shows the three; the full text shows on
    # hover. Short texts keep their own, narrower width.
    long = {c: len(frame) > 0 and frame[c].astype(str).str.len().max() > LONG_TEXT for c in list(frame.columns)[:3]}
    return {
        c: st.column_config.Column(
            pinned=True if c in pinned else None,
            alignment="right" if figures[c] else None,
            width="medium" if long.get(c) and not figures[c] else None,
        )
        for c in frame.columns
    }


def show(frame: pd.DataFrame, key: str | None = None, height: int | str = "auto", container=None) -> None:
    """``st.dataframe`` without the index, with :func:`column_config`."""
    target = st if container is None else container
    target.dataframe(frame, hide_index=True, key=key, height=height, column_config=column_config(frame))

"""Charts send the browser only what the screen prints.

Plotly puts every trace's numbers in the page as they are: a P0 of 0.0026833631484794273 in a
bar's data tells more than the ``0,27 %`` of its hover text, and a share to seventeen digits
gives a hidden count back. :func:`show` rounds every number a trace carries (x, y, error bars)
to the decimals the chart prints and makes the hover print exactly those, then draws it.
"""

from __future__ import annotations

import math
from numbers import Real

import streamlit as st

_ARRAYS = ("x", "y")
_ERRORS = ("error_x", "error_y")


def _rounded(values, decimals: int):
    if values is None or isinstance(values, str):
        return values
    out = []
    for v in values:
        if isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(float(v)):
            out.append(round(float(v), decimals) if decimals else int(round(float(v))))
        else:
            out.append(None if isinstance(v, Real) and not isinstance(v, bool) else v)
    return out


def printed(figure, decimals: int):
    """``figure`` with every trace's numbers rounded to ``decimals`` (changed in place)."""
    for trace in figure.data:
        for name in _ARRAYS:
            if getattr(trace, name, None) is not None:
                setattr(trace, name, _rounded(list(getattr(trace, name)), decimals))
        for name in _ERRORS:
            bars = getattr(trace, name, None)
            if bars is not None:
                for side in ("array", "arrayminus"):
                    if bars[side] is not None:
                        bars[side] = _rounded(list(bars[side]), decimals)
    figure.update_traces(xhoverformat=f",.{decimals}f", yhoverformat=f",.{decimals}f")
    return figure


def show(figure, key: str, decimals: int, where=None) -> None:
    """Round ``figure`` to what it prints (:func:`printed`) and draw it (in ``where``, a column)."""
    (where or st).plotly_chart(printed(figure, decimals), key=key)

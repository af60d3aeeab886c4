"""Charts send the browser only what the screen prints, and draw the same way everywhere.

Plotly puts every trace's numbers in the page as they are: a P0 of 0.0026833631484794273 in a
bar's data tells more than the ``0,27 %`` of its hover text, and a share to seventeen digits
gives a hidden count back. :func:`show` rounds every number a trace carries (x, y, error bars)
to the decimals the chart prints and makes the hover print exactly those, then draws it.

Every chart also (issue 27, point 6) has Indonesian decimal commas on every axis and hover, no
Plotly toolbar over its title (it covered "P0 (%)" on a phone; the dashboard's own buttons
download the figures), and years on a time axis that do not run together on a phone
(:func:`year_ticks`).
"""

from __future__ import annotations

import math
from numbers import Real

import streamlit as st

#: Plotly's options for every chart: no toolbar (mode bar), no logo, the figure stays still on a
#: phone's scroll (no zoom by dragging).
CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}
#: At most this many year ticks on one axis: a third of a desktop row or a whole phone width.
MAX_YEAR_TICKS = 5
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


def year_ticks(years) -> list[int]:
    """The years labelled on a time axis: every year up to five, otherwise every second (or
    third...) year counted back from the last, so the latest year is always labelled.

    >>> year_ticks([2021, 2022, 2023])
    [2021, 2022, 2023]
    >>> year_ticks(range(2016, 2026))
    [2017, 2019, 2021, 2023, 2025]
    """
    years = sorted({int(y) for y in years})
    step = max(1, math.ceil(len(years) / MAX_YEAR_TICKS))
    return years[::-1][::step][::-1]


def show(figure, key: str, decimals: int, where=None) -> None:
    """Round ``figure`` to what it prints (:func:`printed`) and draw it (in ``where``, a column)
    with Indonesian separators and without Plotly's toolbar."""
    figure.update_layout(separators=",.")
    (where or st).plotly_chart(printed(figure, decimals), key=key, config=CONFIG)

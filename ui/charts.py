"""Every chart drawn the same way (issue 27, point 6): Indonesian decimal commas on every axis
and hover, no Plotly toolbar over the title (it covered "P0 (%)" on a phone; the dashboard's
own buttons download the figures), and years on a time axis that do not run together on a
phone."""

from __future__ import annotations

import math

import streamlit as st

#: Plotly's options for every chart: no toolbar (mode bar), no logo, the figure stays still on a
#: phone's scroll (no zoom by dragging).
CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}
#: At most this many year ticks on one axis: a third of a desktop row or a whole phone width.
MAX_YEAR_TICKS = 5


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


def show(figure, key: str, container=None) -> None:
    """Draw ``figure`` with the dashboard's chart options: Indonesian separators, no toolbar."""
    figure.update_layout(separators=",.")
    target = st if container is None else container
    target.plotly_chart(figure, key=key, config=CONFIG)

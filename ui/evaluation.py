"""The charts of the yearly review (:class:`analytics.evaluation.chapter.Chart`) drawn with Plotly.

The Word report draws the same descriptions with matplotlib
(:mod:`analytics.report.evaluation_charts`); both read only the chart's frame, so the page and
the report plot the same numbers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.evaluation.chapter import Chart
from ui import charts, text

UNCERTAIN_NAME = "tidak pasti (selang melewati garis pembagi)"


def _line(chart: Chart) -> go.Figure:
    figure = go.Figure()
    for series in chart.series:
        figure.add_scatter(x=chart.frame[chart.x], y=chart.frame[series.y], name=series.name, mode="lines+markers")
    figure.update_xaxes(tickvals=charts.year_ticks(chart.frame[chart.x]), tickformat="d")
    return figure


def _scatter(chart: Chart) -> go.Figure:
    figure = go.Figure()
    frame = chart.frame
    sure = ~frame[chart.uncertain] if chart.uncertain else pd.Series(True, index=frame.index)
    for mask, name, symbol in ((sure, chart.series[0].name, "circle"), (~sure, UNCERTAIN_NAME, "circle-open")):
        part = frame[mask]
        if part.empty:
            continue
        figure.add_scatter(
            x=part[chart.x],
            y=part[chart.series[0].y],
            text=part[chart.label] if chart.label else None,
            hovertext=part["nama"] if "nama" in part else None,
            mode="markers+text",
            textposition="top center",
            name=name,
            marker={"symbol": symbol, "size": 10},
        )
    if chart.x_split is not None:
        figure.add_vline(x=chart.x_split, line_dash="dash", line_color="grey")
    if chart.y_split is not None:
        figure.add_hline(y=chart.y_split, line_dash="dash", line_color="grey")
    return figure


def _barh(chart: Chart) -> go.Figure:
    figure = go.Figure()
    for series in chart.series:
        figure.add_bar(y=chart.frame[chart.x], x=chart.frame[series.y], name=series.name, orientation="h")
    figure.update_layout(barmode="group", yaxis={"autorange": "reversed"})
    return figure


def figure(chart: Chart) -> go.Figure:
    """The Plotly figure of ``chart``."""
    drawn = {"line": _line, "scatter": _scatter, "barh": _barh}[chart.kind](chart)
    drawn.update_layout(
        xaxis_title=chart.x_title if chart.kind != "barh" else chart.y_title,
        yaxis_title=chart.y_title if chart.kind != "barh" else chart.x_title,
        height=420 if chart.kind != "barh" else max(320, 28 * len(chart.frame) * len(chart.series) // 2 + 120),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        legend={"orientation": "h", "y": -0.2},
    )
    return drawn


def show(chart: Chart, key: str) -> None:
    """The chart under its title, which is written as text: a phone cut a long Plotly title off."""
    st.markdown(f"**{text.plain(chart.title)}**")
    charts.show(figure(chart), key, chart.decimals)

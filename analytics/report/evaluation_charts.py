"""The charts of the yearly review (Evaluasi Tahunan) as PNG images for the Word report.

Each :class:`analytics.evaluation.chapter.Chart` is data; the page draws it with Plotly, this
module with matplotlib (Agg, as :mod:`analytics.report.charts`), 16 cm wide so it prints at the
size it is drawn. Ticks are written the Indonesian way (``0,25``, ``12.000``).
"""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from analytics import formats as fmt  # noqa: E402
from analytics.evaluation.chapter import Chart  # noqa: E402
from analytics.evaluation.quadrant import QUADRANTS  # noqa: E402
from analytics.report.charts import LABEL_OFFSETS, LABEL_STYLE, _first_free, _png  # noqa: E402

#: 16 cm, the width the Word report gives a chart: its text prints at the size set here.
WIDTH_INCHES = 16 / 2.54
COLORS = ("#c0392b", "#2c3e50", "#2980b9", "#27ae60", "#8e44ad", "#d35400")
UNCERTAIN_LABEL = "tidak pasti (selang melewati garis pembagi)"
NO_DATA = "Tidak ada data untuk digambar"
#: The tallest chart (inches): with its chapter heading it still fits one A4 page.
MOST_HEIGHT = 8.5
KINDS = ("line", "scatter", "barh")


class IndonesianTicks(Formatter):
    """Tick labels with a decimal comma and thousands dots, every tick of an axis with the
    decimals the finest of them needs (``0,0 0,5 1,0``, not ``0 0,5 1``)."""

    decimals = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        self.decimals = max((_decimals_of(float(v)) for v in locs), default=0)

    def __call__(self, x, pos=None):
        return fmt.number(x, self.decimals, fmt.PRINT_MINUS)


def _decimals_of(value: float, most: int = 4) -> int:
    return next((d for d in range(most) if abs(value - round(value, d)) < 1e-9 * max(1.0, abs(value))), most)


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats; a suppressed cell ('<10', 'x') or a missing one is NaN (not drawn)."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _flags(frame: pd.DataFrame, column: str | None) -> np.ndarray:
    if column is None:
        return np.zeros(len(frame), dtype=bool)
    return np.array([False if fmt.is_missing(v) else bool(v) for v in frame[column]], dtype=bool)


def chart_png(chart: Chart) -> bytes:
    """The chart of :func:`chart_figure` as a PNG."""
    return _png(chart_figure(chart))


def chart_figure(chart: Chart) -> Figure:
    """The chart drawn by its kind: 'line', 'scatter' or 'barh'. ``chart.note`` is not drawn:
    the report writes it under the picture, where it can be edited."""
    draw = {"line": _line, "scatter": _scatter, "barh": _barh}.get(chart.kind)
    if draw is None:
        raise ValueError(f"unknown chart kind {chart.kind!r}, expected one of {KINDS}")
    fig = draw(chart)
    fig.tight_layout()
    return fig


def _axes(chart: Chart, height: float):
    """A figure 16 cm wide with the chart's title and axis titles, set before anything is placed
    by its drawn size (the scatter's point names)."""
    fig, ax = plt.subplots(figsize=(WIDTH_INCHES, height))
    ax.set_title("\n".join(textwrap.wrap(chart.title, 80)), fontsize=10)
    # A bar chart lies on its side: its values ('y' of the chart) run along the horizontal axis.
    values, categories = (ax.xaxis, ax.yaxis) if chart.kind == "barh" else (ax.yaxis, ax.xaxis)
    values.set_label_text(chart.y_title, fontsize=8)
    categories.set_label_text(chart.x_title, fontsize=8)
    values.set_major_formatter(IndonesianTicks())
    if chart.decimals == 0:  # counts: no tick between two whole numbers
        values.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    return fig, ax


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, NO_DATA, transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#555555")


def _line(chart: Chart) -> Figure:
    """One line per series against the year. A missing year is a gap in the line (matplotlib
    breaks a line at NaN), never a 0; markers keep a year between two gaps visible."""
    fig, ax = _axes(chart, 3.4)
    years = _numbers(chart.frame, chart.x)
    drawn = False
    for i, series in enumerate(chart.series):
        values = _numbers(chart.frame, series.y)
        drawn |= bool(np.isfinite(values).any())
        ax.plot(years, values, marker="o", markersize=4, color=COLORS[i % len(COLORS)], label=series.name)
    shown = years[np.isfinite(years)]
    ax.set_xticks(shown)
    ax.set_xticklabels([str(int(y)) for y in shown])
    if drawn:
        ax.legend(fontsize=7, loc="best")
        # Rates and counts from 0, as the briefing pack's trend: a small change is not drawn as a fall.
        if np.nanmin([_numbers(chart.frame, s.y) for s in chart.series]) >= 0:
            ax.set_ylim(bottom=0)
    else:
        _no_data(ax)
    return fig


def _scatter(chart: Chart) -> Figure:
    """One point per row, named by ``chart.label``; uncertain points hollow; the quadrant lines
    and, when both are given, the quadrants' names in the corners."""
    fig, ax = _axes(chart, 4.6)
    x = _numbers(chart.frame, chart.x)
    uncertain = _flags(chart.frame, chart.uncertain)
    handles, placed = [], []
    for i, series in enumerate(chart.series):
        color = COLORS[i % len(COLORS)]
        y = _numbers(chart.frame, series.y)
        ok = np.isfinite(x) & np.isfinite(y)
        sure, unsure = ok & ~uncertain, ok & uncertain
        ax.scatter(x[sure], y[sure], s=24, color=color, zorder=3)
        ax.scatter(x[unsure], y[unsure], s=24, facecolors="none", edgecolors=color, zorder=3)
        handles.append(Line2D([], [], marker="o", linestyle="", color=color, label=series.name))
        placed += [(x[r], y[r], r) for r in np.flatnonzero(ok)]
    if uncertain.any() and placed:
        hollow = Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="#555555")
        hollow.set_label(UNCERTAIN_LABEL)
        handles.append(hollow)
    ax.margins(x=0.08, y=0.12)  # room for the names of the outermost points and the corners' names
    _quadrants(ax, chart)
    ax.xaxis.set_major_formatter(IndonesianTicks())  # a scatter has numbers on both axes
    if not placed:
        _no_data(ax)
        return fig
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncol=2, frameon=False)
    if chart.label is not None:
        _point_names(fig, ax, chart.frame[chart.label], placed)
    return fig


def _quadrants(ax, chart: Chart) -> None:
    if chart.x_split is not None:
        ax.axvline(chart.x_split, color="#7f8c8d", linestyle="--", linewidth=0.9, zorder=1)
    if chart.y_split is not None:
        ax.axhline(chart.y_split, color="#7f8c8d", linestyle="--", linewidth=0.9, zorder=1)
    if chart.x_split is None or chart.y_split is None:
        return
    # The names go in the corners of the axes: a quadrant's own corner is the one furthest
    # from both lines, where points are fewest.
    for (right, above), name in QUADRANTS.items():
        ax.text(
            0.99 if right else 0.01,
            0.98 if above else 0.02,
            name,
            transform=ax.transAxes,
            ha="right" if right else "left",
            va="top" if above else "bottom",
            fontsize=7,
            style="italic",
            color="#7f8c8d",
        )


def _point_names(fig: Figure, ax, labels: pd.Series, placed: list) -> None:
    """Each point's name beside it, where it covers no other name and no point (the map's
    placement, :func:`analytics.report.charts._first_free`); with no free place, above it anyway."""
    fig.tight_layout()
    fig.canvas.draw()  # the final limits and a renderer, so the names' boxes are where they print
    renderer = fig.canvas.get_renderer()
    # The quadrants' names are placed first: a point's name must not cover them either.
    boxes = [text.get_window_extent(renderer) for text in ax.texts]
    for x, y, _row in placed:
        px, py = ax.transData.transform((x, y))
        boxes.append(Bbox.from_bounds(px - 2.5, py - 2.5, 5, 5))
    for x, y, row in placed:
        name = "" if pd.isna(labels.iloc[row]) else str(labels.iloc[row])
        if not name:  # a point left unnamed on purpose (named in the table)
            continue
        point = SimpleNamespace(x=x, y=y)
        if _first_free(ax, name, point, boxes, renderer, LABEL_OFFSETS[1:]) is None:
            ax.annotate(name, (x, y), xytext=(0, 7), textcoords="offset points", **LABEL_STYLE)


def _barh(chart: Chart) -> Figure:
    """One group of horizontal bars per row (the first row on top), one bar per series."""
    rows, n = len(chart.frame), max(len(chart.series), 1)
    height = min(max(2.4, 0.9 + rows * (0.18 + 0.14 * n)), MOST_HEIGHT)
    fig, ax = _axes(chart, height)
    positions = np.arange(rows, dtype=float)
    height = 0.8 / n
    drawn = False
    for i, series in enumerate(chart.series):
        values = _numbers(chart.frame, series.y)
        ok = np.isfinite(values)  # a missing value is no bar, not a bar of 0
        drawn |= bool(ok.any())
        offset = (i - (n - 1) / 2) * height
        color = COLORS[i % len(COLORS)]
        ax.barh(positions[ok] + offset, values[ok], height=height, color=color, label=series.name)
    ax.set_yticks(positions)
    ax.set_yticklabels([str(v) for v in chart.frame[chart.x]])
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_axisbelow(True)
    if drawn:
        ax.legend(fontsize=7, loc="best")
    else:
        _no_data(ax)
    return fig

"""The map and the trend chart as PNG images, drawn with matplotlib (Agg: no display, no browser,
no internet)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from analytics import formats as fmt  # noqa: E402
from analytics.reference import UNIT

SCHEMATIC_LABEL = "peta skematis"
#: The outline of the pack's own area on the city map.
HIGHLIGHT_COLOR = "#1f4e9c"


def _png(fig: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def _id_ticks(ax, decimals: int) -> None:
    ticks = matplotlib.ticker.FuncFormatter(lambda v, _pos: fmt.number(v, decimals, fmt.PRINT_MINUS))
    ax.yaxis.set_major_formatter(ticks)


#: Where a name goes when it would cover another (points from its kelurahan's inner point): in
#: place first, then a little above, below or to either side. A name with no free place there
#: becomes a number on the map, named in a key under it (a dense core stays legible).
LABEL_OFFSETS = [(0, 0), (0, 7), (0, -7), (22, 0), (-22, 0), (0, 12), (0, -12)]
LABEL_STYLE = {
    "ha": "center",
    "va": "center",
    "fontsize": 5.5,
    "color": "#222222",
    "path_effects": [patheffects.withStroke(linewidth=1.5, foreground="white")],
}


def text_extent(label, renderer):
    """The box of a label's text alone (an annotation's own extent includes its leader line),
    where the annotation puts it (its position is worked out only when it is drawn)."""
    label.update_positions(renderer)
    return Text.get_window_extent(label, renderer)


def _first_free(ax, text: str, point, boxes: list, renderer, offsets=LABEL_OFFSETS):
    """``text`` annotated at the first offset whose box covers no placed box, or None."""
    for dx, dy in offsets:
        moved = (dx, dy) != (0, 0)
        label = ax.annotate(
            text,
            (point.x, point.y),
            xytext=(dx, dy),
            textcoords="offset points",
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.4} if moved else None,
            **LABEL_STYLE,
        )
        box = text_extent(label, renderer).expanded(1.05, 1.15)
        if not any(box.overlaps(other) for other in boxes):
            boxes.append(box)
            return label
        label.remove()
    return None


def place_labels(fig: Figure, ax, gdf) -> list:
    """Kelurahan names that do not cover each other ("Berbas Tengah" ran into "Tanjung Laut
    Indah"), the largest kelurahan first; a name with no free place near its kelurahan is a
    number there and goes into the key under the map. Returns the labels drawn on the map."""
    fig.canvas.draw()  # a renderer, and the axes' final limits
    renderer = fig.canvas.get_renderer()
    placed, boxes, key = [], [], []
    # Degrees squared: only the order is used.
    order = gdf.assign(_area=[g.area for g in gdf.geometry]).sort_values("_area", ascending=False)
    for row in order.itertuples(index=False):
        point = row.geometry.representative_point()
        label = _first_free(ax, row.nama, point, boxes, renderer)
        if label is None:
            number = str(len(key) + 1)
            label = _first_free(ax, number, point, boxes, renderer, LABEL_OFFSETS + [(10, 10), (-10, -10)])
            if label is None:  # nowhere free even for a number: on its place, over the others
                label = ax.annotate(number, (point.x, point.y), **LABEL_STYLE)
            key.append(f"{number} {row.nama}")
        placed.append(label)
    if key:
        text = "\n".join(textwrap.wrap("Nomor pada peta: " + " · ".join(key), 110))
        ax.text(0.0, -0.02, text, transform=ax.transAxes, fontsize=6, va="top")
    return placed


def map_png(
    boundaries,
    kelurahan_p2: pd.DataFrame,
    year: int,
    schematic: bool = False,
    highlight: tuple[str, ...] = (),
    highlight_label: str = "",
) -> bytes:
    """The map of :func:`map_figure` as a PNG."""
    return _png(map_figure(boundaries, kelurahan_p2, year, schematic, highlight, highlight_label))


def map_figure(
    boundaries,
    kelurahan_p2: pd.DataFrame,
    year: int,
    schematic: bool = False,
    highlight: tuple[str, ...] = (),
    highlight_label: str = "",
) -> Figure:
    """Kelurahan coloured by P2 (×100); ``boundaries`` is a GeoDataFrame with kode, nama, geometry.

    A kelurahan without families is grey. A ``schematic`` map says 'peta skematis'. The
    ``highlight`` kelurahan (the pack's area) are outlined, named ``highlight_label`` in a legend.
    """
    gdf = boundaries.merge(kelurahan_p2[["kode", "p2"]], on="kode", how="left")
    fig, ax = plt.subplots(figsize=(6.4, 6.4))
    values = gdf["p2"].astype(float)
    has_value = values.notna()
    if (~has_value).any():
        gdf[~has_value].plot(ax=ax, color="#d9d9d9", edgecolor="white", linewidth=0.8)
    if has_value.any():
        gdf[has_value].plot(
            ax=ax,
            column="p2",
            cmap="OrRd",
            edgecolor="#555555",
            linewidth=0.6,
            legend=True,
            legend_kwds={
                "label": "P2 (×100)",
                "shrink": 0.6,
                "format": matplotlib.ticker.FuncFormatter(lambda v, _pos: fmt.number(v, 3, fmt.PRINT_MINUS)),
            },
        )
    if highlight:
        gdf[gdf["kode"].isin(highlight)].boundary.plot(ax=ax, color=HIGHLIGHT_COLOR, linewidth=2.4)
        outline = Line2D([], [], color=HIGHLIGHT_COLOR, linewidth=2.4, label=highlight_label)
        ax.legend(handles=[outline], loc="lower right", fontsize=7, frameon=True)
    place_labels(fig, ax, gdf)
    ax.set_axis_off()
    title = f"Keparahan kemiskinan (P2) per {UNIT}, {year}"
    ax.set_title(title, fontsize=10)
    if schematic:
        ax.text(0.01, 0.01, f"{SCHEMATIC_LABEL}: bukan batas resmi", transform=ax.transAxes, fontsize=8, style="italic")
    return fig


def trend_png(trend: pd.DataFrame) -> bytes:
    """P0 (%), P1 and P2 (×100) by year: the dashboard line (model or observed) against BPS points.

    ``trend`` has year, p0, p1, p2, estimated, bps_p0, bps_p1, bps_p2 (BPS releases) and
    pemkot_p0 … (city-government figures BPS has not released) on the display scale.
    Years whose line is an estimate are drawn with hollow markers.
    """
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    years = trend["year"].to_numpy()
    estimated = trend["estimated"].to_numpy(dtype=bool)
    panels = (("p0", "P0 (%)", 2), ("p1", "P1 (×100)", 2), ("p2", "P2 (×100)", 3))
    for ax, (key, label, decimals) in zip(axes, panels):
        reg = trend[key].to_numpy(dtype=float)
        bps = trend[f"bps_{key}"].to_numpy(dtype=float)
        ok = ~np.isnan(reg)
        ax.plot(years[ok], reg[ok], color="#c0392b", marker="o", label="Dasbor (model/tercatat)", zorder=3)
        est = ok & estimated
        if est.any():
            ax.scatter(
                years[est], reg[est], s=60, facecolors="white", edgecolors="#c0392b", zorder=4, label="Garis perkiraan"
            )
        okb = ~np.isnan(bps)
        if okb.any():
            ax.plot(years[okb], bps[okb], color="#2c3e50", marker="s", linestyle="--", label="BPS", zorder=2)
        # A Pemkot figure is not a BPS release: its own hollow marker, not a point of BPS's line.
        pemkot = trend.get(f"pemkot_{key}", pd.Series(np.nan, index=trend.index)).to_numpy(dtype=float)
        okp = ~np.isnan(pemkot)
        if okp.any():
            ax.scatter(
                years[okp],
                pemkot[okp],
                s=50,
                marker="D",
                facecolors="white",
                edgecolors="#7f8c8d",
                label="Pemkot † (belum rilis BPS)",
                zorder=2,
            )
        ax.set_title(label, fontsize=10)
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years], rotation=45, fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        _id_ticks(ax, decimals)
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
    axes[0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return _png(fig)

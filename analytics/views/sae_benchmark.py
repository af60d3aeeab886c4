"""What benchmarking did to a run's kelurahan estimates, in words for the Model SAE page.

Ratio benchmarking (:mod:`analytics.sae.benchmarking`) multiplies every kelurahan's estimate
of an indicator by one factor, so that the city figure equals BPS's. The factor therefore says
by how much every kelurahan moved, and the move of a kelurahan in points is its benchmarked
estimate times ``1 - 1 / factor``. The World Bank's guidelines for poverty mapping (Corral et
al. 2022) read a large adjustment as a sign that the model is misspecified rather than as a
correction: the page warns when a factor is more than :data:`LARGE_ADJUSTMENT` away from 1.
"""

from __future__ import annotations

import pandas as pd

from analytics.formats import listed, number, points, signed
from analytics.reference import REGION_KIND, UNIT

__all__ = ["LARGE_ADJUSTMENT", "benchmark_notes"]

LARGE_ADJUSTMENT = 0.10
NAMES = {"p0": "P0", "p1": "P1", "p2": "P2", "watts": "Watts", "mean": "rata-rata pengeluaran"}
IN_POINTS = ("p0", "p1", "p2")  # shares shown ×100: their moves read in points


def benchmark_notes(parameters: dict | None, kelurahan: pd.DataFrame, names: pd.Series) -> tuple[str, list[str]]:
    """``(note, warnings)`` of a benchmarked run: each indicator's factor, the largest move of a
    kelurahan, and a warning for a factor more than 10 % from 1. ``kelurahan`` holds the
    run's official-line estimates, one row per kelurahan (columns named by indicator);
    ``names`` the kelurahan names in the same order. Nothing for a run not benchmarked, or
    stored before the factors were recorded."""
    factors = ((parameters or {}).get("benchmark") or {}).get("factors")
    if not factors:
        return "", []
    parts = [_part(name, float(factor), kelurahan, names) for name, factor in factors.items()]
    note = (
        f"Benchmarking rasio ke angka {REGION_KIND} BPS mengalikan estimasi setiap {UNIT} dengan faktor yang sama: "
        + "; ".join(parts)
        + "."
    )
    large = [
        f"{NAMES.get(name, name)} × {number(factor, 3)}"
        for name, factor in factors.items()
        if abs(float(factor) - 1.0) > LARGE_ADJUSTMENT
    ]
    warnings = []
    if large:
        warnings.append(
            f"Benchmarking menggeser estimasi lebih dari {number(100 * LARGE_ADJUSTMENT)}\u00a0% ({listed(large)}): "
            "penyesuaian sebesar ini menandakan model belum cocok dengan data (pedoman Bank Dunia). Periksa "
            "kovariat dan diagnostik sebelum menerbitkan; jangan mengandalkan benchmarking untuk menutupinya."
        )
    return note, warnings


def _part(name: str, factor: float, kelurahan: pd.DataFrame, names: pd.Series) -> str:
    # A no-break space keeps "%" with its number on a phone's narrow line.
    text = f"{NAMES.get(name, name)} × {number(factor, 3)} ({signed(100 * (factor - 1.0), 1)}\u00a0%)"
    if name not in IN_POINTS or name not in kelurahan or kelurahan.empty:
        return text
    moved = kelurahan[name].astype(float) * (1.0 - 1.0 / factor)
    largest = moved.abs().idxmax()
    return text + f", paling jauh {points(moved[largest])} poin di {names[largest]}"

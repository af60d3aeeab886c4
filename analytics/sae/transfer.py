"""City poverty before and after a transfer, from the same EB welfare draws.

For each of ``L`` populations drawn from the EB conditional distribution (welfare of every
unit, back-transformed), the city-level P0, P1 and P2 (over all units, weighted by persons
when sizes are given) are computed at each line before (``y``) and after (``y + extra``)
the transfer. Both use the same draw, so the change of one draw is the effect of the
transfer on that population alone: its spread over the draws is not inflated by the
spread of the poverty level itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import InputError
from analytics.poverty.rule import is_poor, poor_gap

__all__ = ["TRANSFER_INDICATORS", "TransferSimulation", "check_extra", "city_fgt", "transfer_from_draws"]

TRANSFER_INDICATORS = ("p0", "p1", "p2")
WHEN = ("before", "after")


@dataclass(frozen=True, eq=False)
class TransferSimulation:
    """Simulated effect of a transfer on city poverty.

    ``table`` has one row per line and indicator: ``line`` (name), ``z``, ``indicator``
    (p0, p1, p2, fractions), the Monte Carlo means ``before``, ``after``, ``change``
    (after - before) and the ``interval`` central intervals over the draws
    ``before_lower, before_upper, after_lower, after_upper, change_lower, change_upper``
    (empirical quantiles, numpy's default linear interpolation). ``draws`` holds the values
    of every draw, shape ``(lines, 3 indicators, 2 (before, after), L)``.
    """

    table: pd.DataFrame
    draws: np.ndarray = field(repr=False)
    lines: dict
    L: int
    seed: int
    interval: float


def check_extra(extra, n_units: int) -> np.ndarray:
    """Per-unit added welfare: a number or one finite number per population row."""
    try:
        values = np.asarray(extra.to_numpy() if isinstance(extra, pd.Series) else extra, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("tambahan kesejahteraan (extra) harus berupa angka per unit populasi") from None
    if values.ndim == 0:
        values = np.full(n_units, float(values))
    if values.shape != (n_units,):
        raise InputError(
            f"tambahan kesejahteraan (extra) harus berisi satu angka per baris populasi ({n_units:,}), "
            f"bukan bentuk {values.shape}"
        )
    if not np.all(np.isfinite(values)):
        raise InputError(
            "tambahan kesejahteraan (extra) berisi nilai kosong atau tak hingga; isi 0 untuk unit tanpa bantuan"
        )
    return values


def city_fgt(y: np.ndarray, z: float, size: np.ndarray) -> np.ndarray:
    """P0, P1, P2 of each row of ``y`` (draws x units) over all units weighted by ``size``: ``(3, draws)``.

    >>> city_fgt(np.array([[50.0, 100.0, 200.0]]), 100.0, np.ones(3)).ravel().tolist()
    [0.3333333333333333, 0.16666666666666666, 0.08333333333333333]
    """
    draws, units = y.shape
    poor = np.flatnonzero(is_poor(y, z))  # only poor values are visited, in the same order for all three sums
    rows, unit = np.divmod(poor, units)
    weight = size[unit]
    gap = poor_gap(y.ravel()[poor], z, True)
    totals = [np.bincount(rows, weights=w, minlength=draws) for w in (weight, weight * gap, weight * gap * gap)]
    return np.stack(totals) / float(size.sum())


def transfer_from_draws(
    blocks, size: np.ndarray, extra: np.ndarray, lines: dict, *, L: int, seed: int, interval: float
) -> TransferSimulation:
    """Evaluate blocks of welfare draws (``(k, N)`` arrays, ``L`` rows in all) before and after ``extra``."""
    values = np.empty((len(lines), len(TRANSFER_INDICATORS), len(WHEN), L))
    first = 0
    for y in blocks:
        rows = slice(first, first + len(y))
        after = y + extra
        for k, z in enumerate(lines.values()):
            values[k, :, 0, rows] = city_fgt(y, z, size)
            values[k, :, 1, rows] = city_fgt(after, z, size)
        first += len(y)
    return TransferSimulation(_table(values, lines, interval), values, dict(lines), L, seed, interval)


def _table(values: np.ndarray, lines: dict, interval: float) -> pd.DataFrame:
    probabilities = [(1.0 - interval) / 2.0, (1.0 + interval) / 2.0]
    rows = []
    for k, (name, z) in enumerate(lines.items()):
        for j, indicator in enumerate(TRANSFER_INDICATORS):
            before, after = values[k, j, 0], values[k, j, 1]
            change = after - before
            row = {"line": name, "z": z, "indicator": indicator}
            row.update({"before": before.mean(), "after": after.mean(), "change": change.mean()})
            for label, series in (("before", before), ("after", after), ("change", change)):
                row[f"{label}_lower"], row[f"{label}_upper"] = np.quantile(series, probabilities)
            rows.append(row)
    return pd.DataFrame(rows)

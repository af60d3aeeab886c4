"""An auditor for suppressed tables, independent of analytics.disclosure: which hidden
cells the shown ones give back through linear relations (sums, shares), by matrix rank."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np


def determined(
    known: Mapping[Hashable, float], hidden: Iterable[Hashable], equations: Iterable[Mapping[Hashable, float]]
) -> list:
    """The ``hidden`` cells whose value follows from the ``known`` ones.

    Each equation maps cells to coefficients and says their weighted sum is 0 (known cells
    only move the right-hand side, so only the unknown cells' coefficients matter). A cell
    is determined when its unit vector lies in the row space of the unknowns' coefficients.

    >>> determined({"t": 40, "b": 36}, ["a"], [{"t": 1, "a": -1, "b": -1}])
    ['a']
    >>> determined({"t": 40}, ["a", "b"], [{"t": 1, "a": -1, "b": -1}])
    []
    """
    hidden = list(hidden)
    rows = []
    for equation in equations:
        row = {c: v for c, v in equation.items() if c not in known and v != 0}
        if row:
            rows.append(row)
    unknown = sorted({c for row in rows for c in row} | set(hidden), key=repr)
    if not rows:
        return []
    index = {c: j for j, c in enumerate(unknown)}
    matrix = np.zeros((len(rows), len(unknown)))
    for i, row in enumerate(rows):
        for cell, value in row.items():
            matrix[i, index[cell]] = value
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for cell in hidden:
        unit = np.zeros(len(unknown))
        unit[index[cell]] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found

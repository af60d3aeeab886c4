"""Which hidden cells of linked tables the shown ones determine, and which cell to hide next.

The relations of :mod:`analytics.disclosure.linked` (sums and shown ratios) are written as a
linear system over the cells not shown; a cell is determined when every solution gives it the
same value. Checked part by part (cells tied by no equation), with a pivoted QR for the row
space, so that a table of several linked years stays fast.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

__all__ = ["determined", "hide_for"]

#: Candidates tried before hiding the first (each try solves the table's equations once).
_TRIED = 2


def _equations(relations: list[tuple], known: set, value: dict) -> tuple[list, np.ndarray]:
    """The relations as linear equations over the cells not known (coefficients only: the
    known cells' values do not decide whether an unknown cell is determined)."""
    rows: list[dict] = []
    for relation in relations:
        if relation[0] == "sum":
            if relation[1] in known and value[relation[1]] == 0:  # never negative: parts of a 0 are 0
                rows += [{part: 1.0} for part in relation[2]]
                continue
            row = {}
            for cell, sign in [(relation[1], 1.0)] + [(c, -1.0) for c in relation[2]]:
                if cell not in known:
                    row[cell] = row.get(cell, 0.0) + sign
            rows.append(row)
        else:
            _, ratio, numerator, denominator = relation
            if ratio not in known:
                continue
            r = value[ratio]
            if np.isnan(r):  # an empty share: both are 0
                rows += [{numerator: 1.0}, {denominator: 1.0}]
                continue
            rows.append({numerator: 1.0, denominator: -r})
    rows = [{c: v for c, v in row.items() if c not in known and v != 0} for row in rows]
    rows = [row for row in rows if row]
    cells = sorted({c for row in rows for c in row})
    position = {c: j for j, c in enumerate(cells)}
    matrix = np.zeros((len(rows), len(cells)))
    for i, row in enumerate(rows):
        for cell, coefficient in row.items():
            matrix[i, position[cell]] = coefficient
    return cells, matrix


def determined(relations: list[tuple], known: set, protected: set, value: dict, zeros: bool = True) -> list:
    """Protected cells whose value follows from the known cells through the relations.

    A total that is determined (not shown) and is 0 makes its parts 0 too, as a shown 0 does
    (:func:`_equations`), so the system is solved again with the determined cells known until
    no new zero total appears (``zeros``; without, one pass: enough to rank candidates, as
    the caller checks the table again).
    """
    totals = {relation[1] for relation in relations if relation[0] == "sum"}
    known, found = set(known), []
    while True:
        cells, matrix = _equations(relations, known, value)
        fixed = []
        # The system splits into independent parts (cells tied by no equation); solving each on
        # its own is what keeps a table of many linked years fast.
        for columns in _components(matrix):
            if not any(cells[j] in protected for j in columns):
                continue
            block = matrix[:, columns]
            block = block[np.abs(block).max(axis=1) > 0]
            fixed += [cells[j] for j in np.asarray(columns)[_fixed_columns(block)]]
        found += [c for c in fixed if c in protected]
        if not zeros or not any(c in totals and value[c] == 0 for c in fixed):
            return list(dict.fromkeys(found))
        known |= set(fixed)


def _components(matrix: np.ndarray) -> list[list[int]]:
    parent = list(range(matrix.shape[1]))

    def find(j: int) -> int:
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        return j

    for row in matrix:
        members = np.flatnonzero(row)
        for other in members[1:]:
            parent[find(int(other))] = find(int(members[0]))
    groups: dict[int, list[int]] = {}
    for j in range(matrix.shape[1]):
        groups.setdefault(find(j), []).append(j)
    return list(groups.values())


def _fixed_columns(block: np.ndarray) -> np.ndarray:
    """A cell is determined when its unit vector lies in the row space of the equations (every
    solution of the homogeneous system leaves it at 0). The row space comes from a pivoted QR,
    several times cheaper than the SVD for the same answer."""
    q, r, _ = scipy.linalg.qr(block.T, mode="economic", pivoting=True)
    diagonal = np.abs(np.diag(r))
    tolerance = max(block.shape) * np.finfo(float).eps * (diagonal[0] if diagonal.size else 0.0) * 10
    basis = q[:, : int((diagonal > tolerance).sum())]
    outside = 1.0 - (basis**2).sum(axis=1)  # squared distance of each unit vector to the row space
    return outside < 1e-9


def hide_for(cell, relations: list[tuple], displayed: set, unavailable: set, value: dict, hidden: set) -> None:
    """Hide one more shown cell of a relation of ``cell`` (adding it to ``hidden``; cells hidden
    already or kept are ``unavailable``): a share first, else the smallest non-zero count; the
    first whose hiding leaves ``cell`` undetermined, else the first. Where no relation of
    ``cell`` holds one, the relations of its members are searched, ring by ring."""
    ring, seen = {cell}, set()
    while ring:
        ratios, counts, members_of_ring = [], [], set()
        for relation in relations:
            members = [relation[1], *relation[2]] if relation[0] == "sum" else list(relation[1:])
            if not ring & set(members):
                continue
            members_of_ring |= set(members)
            for member in members:
                if member in displayed and member not in unavailable:
                    (ratios if relation[0] == "ratio" and member == relation[1] else counts).append(member)
        counts = sorted(dict.fromkeys(counts), key=lambda c: (value[c] == 0, value[c]))
        candidates = list(dict.fromkeys(ratios)) + counts
        if candidates:
            break  # the nearest ring that has any
        seen |= ring
        ring = members_of_ring - seen
    if not candidates:
        raise RuntimeError("penekanan sel tidak dapat diselesaikan")
    for candidate in candidates[:_TRIED]:
        if not determined(relations, displayed - hidden - {candidate}, {cell}, value, zeros=False):
            hidden.add(candidate)
            return
    hidden.add(candidates[0])

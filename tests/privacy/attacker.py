"""An attacker who knows how the figures relate, independent of analytics.disclosure.

It knows only what a pimpinan sees (numbers, ``<10``, ``x``) and what anyone can know of the
figures: parts add up to their totals, percentages are ratios shown rounded, counts are whole
numbers, never negative, and a count shown ``x`` is 0 or at least 10 (every count of 1 to 9 is
shown ``<10``). It writes all of that as one system of linear equations and inequalities and,
for each hidden count, solves two linear programs (HiGHS): the least and the greatest value the
count can take. A hidden count is *recovered* when a single whole number remains.

Cells are any hashable keys. The system is split into independent parts (cells linked by no
relation) before solving, so each program stays small.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

SMALL, HIDDEN = "<10", "x"
THRESHOLD = 10
_EPS = 1e-6


def parse(text) -> float | str | None:
    """A shown cell: a number (Indonesian digits: '2.193', '12,5 %'), '<10', 'x', or None."""
    if isinstance(text, str):
        text = text.strip().replace("Rp", "").replace("%", "").replace("poin", "").strip()
        if text in (SMALL, HIDDEN):
            return text
        if text in ("", "–", "-"):
            return None
        try:
            return float(text.replace(".", "").replace(",", ".").replace("−", "-"))
        except ValueError:
            return None
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    return float(text)


class System:
    """What the attacker collected: cells with what is shown of them, and relations."""

    def __init__(self, gaps: bool = True):
        self.gaps = gaps  # the published rule says 'x' is never 1 to 9 (they are '<10')
        self.shown: dict[Hashable, float] = {}
        self.hidden: dict[Hashable, str] = {}  # cell -> '<10' or 'x'
        self.free: set = set()  # unknowns never shown (families in both years, ...)
        self.equations: list[dict] = []  # Σ coef · cell = 0
        self.inequalities: list[dict] = []  # Σ coef · cell ≤ 0
        self.truth: dict = {}  # for reporting only; never used to solve

    def see(self, cell, text) -> None:
        """Record a shown cell; a cell seen twice must agree (the same figure on two tables)."""
        value = parse(text)
        if value is None:
            return
        if isinstance(value, str):
            if cell in self.shown:
                raise AssertionError(f"{cell!r} shown as {self.shown[cell]} and hidden elsewhere")
            self.hidden.setdefault(cell, value)
            if value == SMALL:
                self.hidden[cell] = SMALL
        else:
            if cell in self.hidden:
                raise AssertionError(f"{cell!r} hidden ({self.hidden[cell]}) and shown elsewhere ({value})")
            self.shown[cell] = value

    def unknown(self, cell) -> None:
        self.free.add(cell)

    def total(self, total, parts: Iterable) -> None:
        relation = {total: 1.0}
        for part in parts:
            relation[part] = relation.get(part, 0.0) - 1.0
        self.equations.append(relation)

    def at_most(self, smaller: Iterable, larger: Iterable) -> None:
        relation: dict = {}
        for cell in smaller:
            relation[cell] = relation.get(cell, 0.0) + 1.0
        for cell in larger:
            relation[cell] = relation.get(cell, 0.0) - 1.0
        self.inequalities.append(relation)

    def share(self, numerator, denominator, shown, scale: float = 100.0) -> None:
        """``shown`` (text such as '12,5 %', or a number from a file) is numerator / denominator
        × scale, rounded to the decimals it has (at most 9 are taken)."""
        if isinstance(shown, str):
            decimals = len(shown.split(",")[1].split()[0]) if "," in shown else 0
        else:
            decimals = len(repr(float(shown)).split(".")[1].rstrip("0")) if shown == shown else 0
        value = parse(shown)
        if not isinstance(value, float):
            return
        half = 0.5 * 10.0 ** -min(decimals, 9) / scale
        low, high = value / scale - half, value / scale + half
        # numerator − high · denominator ≤ 0 and low · denominator − numerator ≤ 0
        self.inequalities.append({numerator: 1.0, denominator: -high})
        self.inequalities.append({denominator: low, numerator: -1.0})

    # --------------------------------------------------------------------------- solving
    def _variables(self) -> set:
        cells = set(self.hidden) | self.free
        for relation in [*self.equations, *self.inequalities]:
            cells |= {c for c in relation if c not in self.shown}
        return cells

    def _parts(self, variables: set) -> list[tuple[list, list, list]]:
        parent = {c: c for c in variables}

        def find(c):
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        relations = [(False, r) for r in self.equations] + [(True, r) for r in self.inequalities]
        for _, relation in relations:
            cells = [c for c in relation if c in variables]
            for other in cells[1:]:
                parent[find(other)] = find(cells[0])
        groups: dict = {}
        for cell in variables:
            groups.setdefault(find(cell), ([], [], []))[0].append(cell)
        for is_ub, relation in relations:
            cells = [c for c in relation if c in variables]
            if cells:
                groups[find(cells[0])][2 if is_ub else 1].append(relation)
        return list(groups.values())

    def _program(self, cells, equations, inequalities):
        index = {c: j for j, c in enumerate(cells)}

        def matrix(relations):
            rows, cols, data, rhs = [], [], [], np.zeros(len(relations))
            for i, relation in enumerate(relations):
                for cell, coef in relation.items():
                    if cell in index:
                        rows.append(i)
                        cols.append(index[cell])
                        data.append(coef)
                    else:
                        rhs[i] -= coef * self.shown[cell]
            return coo_matrix((data, (rows, cols)), shape=(len(relations), len(cells))).tocsr(), rhs

        a_eq, b_eq = matrix(equations) if equations else (None, None)
        a_ub, b_ub = matrix(inequalities) if inequalities else (None, None)
        bounds = [(1.0, THRESHOLD - 1.0) if self.hidden.get(c) == SMALL else (0.0, None) for c in cells]
        return index, a_eq, b_eq, a_ub, b_ub, bounds

    def ranges(self) -> dict:
        """Hidden cell -> (least, greatest) value under all relations and bounds."""
        found = {}
        for cells, equations, inequalities in self._parts(self._variables()):
            targets = [c for c in cells if c in self.hidden]
            if not targets:
                continue
            index, a_eq, b_eq, a_ub, b_ub, bounds = self._program(cells, equations, inequalities)
            for cell in targets:
                values = []
                for sign in (1.0, -1.0):
                    objective = np.zeros(len(cells))
                    objective[index[cell]] = sign
                    result = linprog(
                        objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
                    )
                    if result.status == 3:  # unbounded above
                        values.append(math.inf)
                    elif result.status != 0:
                        raise AssertionError(f"the shown figures admit no solution ({result.message})")
                    else:
                        values.append(result.x[index[cell]])
                found[cell] = (values[0], values[1])
        return found

    def recovered(self) -> dict:
        """Hidden cell -> the only whole number it can be, for the cells that have one."""
        out = {}
        for cell, (low, high) in self.ranges().items():
            first, last = math.ceil(low - _EPS), math.floor(high + _EPS) if high != math.inf else math.inf
            if self.gaps and self.hidden[cell] == HIDDEN:  # 0, or at least 10
                if last < THRESHOLD:
                    first = last = 0 if first <= 0 else None
                elif first > 0:
                    first = max(first, THRESHOLD)
            if first is not None and first == last:
                out[cell] = first
        return out

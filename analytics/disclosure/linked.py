"""Small-count suppression over linked tables of areas, for roles without household access.

:func:`analytics.disclosure.cells.suppress_small` protects one column against one total.
The figures a pimpinan reads are linked more tightly than that: a kelurahan's count adds up
to its kecamatan's and the city's (shown on other tables), families with and without a
program add up to the poor families of the same row, and a shown ratio times a shown
denominator gives back its numerator (P0 × population = poor persons). :func:`suppress_linked`
applies the same rules over all those relations at once:

- primary: a count of 1 to ``threshold - 1`` is shown as ``"<10"`` (0 stays 0);
- a share (ratio) whose numerator or denominator is hidden is hidden too (``x``): with
  small numbers the fraction alone gives them away;
- complementary: no hidden count may be computable from what is shown. Every relation
  (a parent area = the sum of its children, a row sum, a ratio) is used to derive cells
  from the shown ones, repeatedly; while a hidden count can be derived, one more cell of
  the relation that derived it is hidden: the smallest non-zero shown count (as
  ``suppress_small`` does) or, for a ratio, the ratio itself. Secondary cells are ``"x"``.

So in particular no column with a shown total has exactly one hidden cell. Of the bounds
that non-negativity gives, the one that pins cells is used (the parts of a shown 0 are 0);
other interval attacks are checked by the attacker tests (tests/privacy), as in common SDC
practice for frequency tables. The linear algebra is in
:mod:`analytics.disclosure.determined`.

>>> t = pd.DataFrame({"kode": ["64.74", "64.74.01", "64.74.01.1001", "64.74.01.1002", "64.74.01.1003"],
...                   "miskin": [47, 47, 3, 14, 30]})
>>> suppress_linked(t, ["miskin"])["miskin"].tolist()
[47, 47, '<10', 'x', 30]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.disclosure.cells import HIDDEN, small_marker, threshold_in_effect
from analytics.disclosure.determined import determined, hide_for

__all__ = ["Ratio", "Sum", "suppress_linked"]


Cell = tuple[int, str]


@dataclass(frozen=True)
class Sum:
    """Within every row: ``total`` = the sum of ``parts`` (column names)."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Ratio:
    """Within every row: ``column`` = ``numerator`` / ``denominator`` (a shown share)."""

    column: str
    numerator: str
    denominator: str


def _parent(code: str) -> str:
    return code.rsplit(".", 1)[0]


def suppress_linked(
    table: pd.DataFrame,
    counts: Sequence[str],
    *,
    implicit: Sequence[str] = (),
    sums: Iterable[Sum] = (),
    ratios: Iterable[Ratio] = (),
    follow: Mapping[str, Sequence[str]] | None = None,
    key: str = "kode",
    hierarchy: bool = True,
    threshold: int | None = None,
    force: Iterable[tuple[object, str]] = (),
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """A copy of ``table`` with small counts and every cell that would reveal them hidden.

    Parameters
    ----------
    table : DataFrame
        One row per area (``hierarchy``) or per category, labelled by ``key``.
    counts : sequence of str
        Non-negative count columns that are shown.
    implicit : sequence of str
        Count columns that are not shown but follow from shown figures (e.g. recipients that
        are not poor = recipients - poor recipients); protected when small, never marked.
    sums, ratios : relations within each row between the columns above.
    follow : mapping, optional
        Column -> columns: the cell is shown as ``x`` when any of those cells of its row is
        hidden (P1 and P2 follow the poor count: the brief hides them with P0).
    key : str
        The row label; with ``hierarchy`` a Kemendagri code (``64.74``, ``64.74.01``,
        ``64.74.01.1001``): a row whose code's parent is in the table adds up into it.
        The table must then hold every child of each parent it holds.
    hierarchy : bool
        False for rows that do not add up (programs, years).
    threshold : int, optional
        Counts from 1 to ``threshold - 1`` are hidden (default: the setting, 10).
    force : iterable of (row label, column)
        Cells hidden from the start (kept consistent with another table that hides them).
    keep : sequence of str
        Count columns that another table shows and protects: their shown cells are never hidden
        here (pass that table's hidden cells as ``force``).

    Returns
    -------
    DataFrame
        Same rows and columns; count, implicit, ratio and follow columns have dtype object
        holding the value, ``"<10"`` or ``"x"``.
    """
    problem = _Problem(
        table, counts, implicit, list(sums), list(ratios), dict(follow or {}), key, threshold_in_effect(threshold)
    )
    problem.keep(keep)
    problem.add_relations(hierarchy)
    problem.index_relations()
    problem.force(force)
    problem.solve()
    return problem.render()


class _Problem:
    """The cells of one table, the relations between them, and the cells hidden so far.

    A cell is ``(row position, column)``; a relation is ``("sum", total, parts)`` or
    ``("ratio", ratio, numerator, denominator)``.
    """

    def __init__(self, table, counts, implicit, sums, ratios, follow, key, threshold):
        self.table, self.key, self.threshold, self.follow = table, key, threshold, follow
        self.sums, self.ratio_defs = sums, ratios
        self.counts, self.count_columns = list(counts), list(counts) + list(implicit)
        self.ratio_columns = [r.column for r in ratios]
        self._check_columns()
        self.labels = table[key].tolist()
        if len(set(self.labels)) != len(table):
            raise ValueError(f"Label baris di kolom {key} harus unik.")
        self.row_of = {label: i for i, label in enumerate(self.labels)}
        self.value = self._values()
        n = len(table)
        self.shown_counts = {(i, c) for i in range(n) for c in self.counts}
        self.displayed = self.shown_counts | {(i, c) for i in range(n) for c in self.ratio_columns}
        self.primary = {(i, c) for i in range(n) for c in self.count_columns if 1 <= self.value[(i, c)] < threshold}
        self.hidden = self.primary & self.displayed
        self.kept: set = set()  # shown by another table, which decides whether they are hidden
        self.relations: list[tuple] = []

    def _check_columns(self) -> None:
        follow = self.follow
        needed = {
            self.key,
            *self.count_columns,
            *self.ratio_columns,
            *(c for cs in follow.values() for c in cs),
            *follow,
        }
        missing = sorted(c for c in needed if c not in self.table.columns)
        if missing:
            raise ValueError(f"Kolom tidak ada di tabel: {', '.join(missing)}.")

    def _values(self) -> dict[Cell, float]:
        value: dict[Cell, float] = {}
        for column in self.count_columns + self.ratio_columns:
            numbers = pd.to_numeric(self.table[column], errors="coerce").to_numpy(dtype=float)
            if column in self.count_columns and (numbers[~np.isnan(numbers)] < 0).any():
                raise ValueError(f"Kolom {column} berisi hitungan negatif.")
            for i, v in enumerate(numbers):
                value[(i, column)] = float(v)
        return value

    def add_relations(self, hierarchy: bool) -> None:
        if hierarchy:
            children: dict[int, list[int]] = {}
            for i, label in enumerate(self.labels):
                parent = _parent(str(label))
                if parent != label and parent in self.row_of:
                    children.setdefault(self.row_of[parent], []).append(i)
            for parent, kids in children.items():
                for column in self.count_columns:
                    self.relations.append(("sum", (parent, column), [(k, column) for k in kids]))
        for i in range(len(self.table)):
            for s in self.sums:
                self.relations.append(("sum", (i, s.total), [(i, p) for p in s.parts]))
            for r in self.ratio_defs:
                self.relations.append(("ratio", (i, r.column), (i, r.numerator), (i, r.denominator)))

    def index_relations(self) -> None:
        self._relations_of: dict[Cell, list[int]] = {}
        for index, relation in enumerate(self.relations):
            members = [relation[1], *relation[2]] if relation[0] == "sum" else list(relation[1:])
            for cell in members:
                self._relations_of.setdefault(cell, []).append(index)

    def keep(self, columns: Sequence[str]) -> None:
        unknown = sorted(set(columns) - set(self.counts))
        if unknown:
            raise ValueError(f"Kolom keep harus kolom hitungan yang ditampilkan: {', '.join(unknown)}.")
        self.kept = {(i, c) for i in range(len(self.table)) for c in columns}

    def force(self, cells: Iterable[tuple[object, str]]) -> None:
        for label, column in cells:
            if label in self.row_of and (self.row_of[label], column) in self.displayed:
                self.hidden.add((self.row_of[label], column))

    def closure(self, hide: set) -> dict[Cell, int]:
        """Every cell the shown ones give back, one relation at a time: cell -> relation. A
        relation is looked at again only when one of its cells became known (a worklist, in
        the relations' order first: on tables of many linked years the repeated sweeps over
        every relation were most of the time)."""
        known = self.displayed - hide
        source: dict[Cell, int] = {}
        queue = deque(range(len(self.relations)))
        waiting = set(queue)
        while queue:
            index = queue.popleft()
            waiting.discard(index)
            cell = self._derivable(self.relations[index], known)
            if cell is None:
                continue
            known.add(cell)
            source[cell] = index
            for other in (index, *self._relations_of[cell]):  # a 0 gives its parts one by one
                if other not in waiting:
                    queue.append(other)
                    waiting.add(other)
        return source

    def _derivable(self, relation: tuple, known: set) -> Cell | None:
        if relation[0] == "sum":
            unknown = [c for c in (relation[1], *relation[2]) if c not in known]
            if relation[1] in known and self.value[relation[1]] == 0 and unknown:
                return unknown[0]  # counts are never negative: the parts of a 0 are 0
            return unknown[0] if len(unknown) == 1 else None
        _, ratio, numerator, denominator = relation
        if ratio not in known:
            return None
        unknown = [c for c in (numerator, denominator) if c not in known]
        if len(unknown) != 1:
            return None
        # A ratio of 0 gives the numerator (0) but not the denominator; an empty ratio
        # (0/0) gives both.
        if unknown[0] == denominator and self.value[ratio] == 0:
            return None
        return unknown[0]

    def protected(self) -> set:
        # A complement that is 0 tells nothing when it comes back (counts are never negative, so
        # the parts of a shown 0 always do); what it protects is checked on its own.
        return self.primary | {c for c in self.hidden & self.shown_counts if self.value[c] != 0}

    def solve(self) -> None:
        ratio_relations = [r for r in self.relations if r[0] == "ratio"]
        while True:
            # A share of a hidden count is hidden too: with small numbers the fraction alone
            # gives them away (71,4 % of fewer than 10 recipients can only be 5 of 7).
            for _, ratio, numerator, denominator in ratio_relations:
                if {numerator, denominator} & (self.hidden | self.primary):
                    self.hidden.add(ratio)
            source = self.closure(self.hidden)
            protected = self.protected()
            leaks = [c for c in source if c in protected]  # in the order derived
            if leaks:
                self.fix(leaks[0], source)
                continue
            # Derivation one relation at a time misses combinations (two relations over the
            # same two hidden cells subtract to one); the linear system of all relations does not.
            # What the relations give back one at a time is known too (a hidden total of 0 that a
            # subtraction gives back makes its parts 0: determined() reads that off a known 0).
            known = (self.displayed - self.hidden) | set(source)
            leaked = determined(self.relations, known, protected, self.value)
            if not leaked:
                return
            hide_for(leaked[0], self.relations, self.displayed, self.hidden | self.kept, self.value, self.hidden)

    def fix(self, target: Cell, source: dict, visiting: frozenset = frozenset()) -> None:
        """Hide one more cell so that ``target`` is no longer given back by its relation."""
        if target in visiting:  # derived cells that derive each other: widen the search
            hide_for(target, self.relations, self.displayed, self.hidden | self.kept, self.value, self.hidden)
            return
        relation = self.relations[source[target]]
        if relation[0] == "ratio":
            self.hidden.add(relation[1])
            return
        cells = [*relation[2], relation[1]]  # parts first: ties hide a part, not the total
        if self._hide_nearest_ratio(cells, target, source):
            return
        candidates = [c for c in cells if c in self.displayed and c not in self.hidden | self.kept]
        # The smallest non-zero count first (as suppress_small), zeros last; sorted() keeps
        # the first of equal values.
        candidates = sorted(candidates, key=lambda c: (self.value[c] == 0, self.value[c]))
        if self._hide_best_candidate(candidates, target):
            return
        # Only derived, unshown cells are known here: break how one of them was derived.
        for cell in cells:
            if cell in source and cell != target:
                self.fix(cell, source, visiting | {target})
                return
        raise RuntimeError("penekanan sel tidak dapat diselesaikan")  # not reachable for true sums

    def _hide_nearest_ratio(self, cells: list, target: Cell, source: dict) -> bool:
        """A cell known only through a shown ratio (directly or by way of other derived
        cells): hiding the nearest such ratio costs less than hiding a count."""
        queue = [c for c in cells if c in source and c != target]
        visited: set[int] = set()
        while queue:
            origin = source[queue.pop(0)]
            if origin in visited:
                continue
            visited.add(origin)
            if self.relations[origin][0] == "ratio":
                self.hidden.add(self.relations[origin][1])
                return True
            queue.extend(c for c in [self.relations[origin][1], *self.relations[origin][2]] if c in source)
        return False

    def _hide_best_candidate(self, candidates: list, target: Cell) -> bool:
        # One step of look-ahead: prefer a cell that is not itself given back once hidden
        # (hiding a kecamatan's 13 that equals its row total would only move the problem).
        for candidate in candidates:
            trial = self.closure(self.hidden | {candidate})
            if candidate not in trial and target not in trial:
                self.hidden.add(candidate)
                return True
        for candidate in candidates:
            if target not in self.closure(self.hidden | {candidate}):
                self.hidden.add(candidate)
                return True
        if candidates:
            self.hidden.add(candidates[0])
            return True
        return False

    def render(self) -> pd.DataFrame:
        table, hidden = self.table, self.hidden
        masked = hidden | self.primary
        out = table.copy()
        for column in self.count_columns:
            out[column] = pd.Series(
                [self._count_text(i, column, v) for i, v in enumerate(table[column])], index=table.index, dtype=object
            )
        for column in self.ratio_columns:
            out[column] = pd.Series(
                [HIDDEN if (i, column) in hidden else v for i, v in enumerate(table[column])],
                index=table.index,
                dtype=object,
            )
        for column, sources in self.follow.items():
            shown = [HIDDEN if any((i, s) in masked for s in sources) else v for i, v in enumerate(out[column])]
            out[column] = pd.Series(shown, index=table.index, dtype=object)
        return out

    def _count_text(self, i: int, column: str, original):
        cell = (i, column)
        if cell in self.primary:
            return small_marker(self.threshold)
        if cell in self.hidden:
            return HIDDEN
        value = self.value[cell]
        if np.isnan(value):
            return original
        return int(value) if float(value).is_integer() else value

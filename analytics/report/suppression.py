"""Small-count suppression over linked tables of areas, for roles without household access.

:func:`analytics.access.disclosure.suppress_small` protects one column against one total.
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

So in particular no column with a shown total has exactly one hidden cell. Interval
attacks (bounds from non-negativity) are not covered, as in common SDC practice for
frequency tables.

:func:`protected_area_figures` is the one model of the city, its kecamatan and kelurahan
that both the briefing pack and the dashboard pages read, so that a cell is hidden the same
way wherever it appears.

>>> t = pd.DataFrame({"kode": ["64.74", "64.74.01", "64.74.01.1001", "64.74.01.1002", "64.74.01.1003"],
...                   "miskin": [47, 47, 3, 14, 30]})
>>> suppress_linked(t, ["miskin"])["miskin"].tolist()
[47, 47, '<10', 'x', 30]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics.access.disclosure import HIDDEN, SUPPRESSION_NOTE, small_marker
from analytics.errors import InputError
from analytics.reference import CITY_CODE, CITY_NAME
from analytics.summary import Headline

__all__ = [
    "AREA_COUNTS",
    "HIDDEN",
    "SMALL",
    "SUPPRESSION_NOTE",
    "THRESHOLD",
    "Ratio",
    "Sum",
    "area_figures",
    "is_marker",
    "protect_headline",
    "protect_trend",
    "protected_area_figures",
    "protected_transitions",
    "suppress_linked",
    "with_parent_rows",
]

THRESHOLD = 10
SMALL = small_marker(THRESHOLD)


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


def is_marker(value) -> bool:
    """True for the text of a suppressed cell (``<10`` or ``x``).

    >>> is_marker("<10"), is_marker("x"), is_marker(7)
    (True, True, False)
    """
    return isinstance(value, str) and (value == HIDDEN or value.startswith("<"))


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
    threshold: int = THRESHOLD,
    force: Iterable[tuple[object, str]] = (),
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
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden.
    force : iterable of (row label, column)
        Cells hidden from the start (kept consistent with another table that hides them).

    Returns
    -------
    DataFrame
        Same rows and columns; count, implicit, ratio and follow columns have dtype object
        holding the value, ``"<10"`` or ``"x"``.
    """
    counts, implicit = list(counts), list(implicit)
    sums, ratios = list(sums), list(ratios)
    follow = dict(follow or {})
    count_columns = counts + implicit
    ratio_columns = [r.column for r in ratios]
    needed = {key, *count_columns, *ratio_columns, *(c for cols in follow.values() for c in cols), *follow}
    missing = sorted(c for c in needed if c not in table.columns)
    if missing:
        raise ValueError(f"Kolom tidak ada di tabel: {', '.join(missing)}.")
    n = len(table)
    labels = table[key].tolist()
    if len(set(labels)) != n:
        raise ValueError(f"Label baris di kolom {key} harus unik.")
    row_of = {label: i for i, label in enumerate(labels)}

    value: dict[tuple[int, str], float] = {}
    for column in count_columns + ratio_columns:
        numbers = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        if column in count_columns and (numbers[~np.isnan(numbers)] < 0).any():
            raise ValueError(f"Kolom {column} berisi hitungan negatif.")
        for i, v in enumerate(numbers):
            value[(i, column)] = float(v)
    shown_counts = {(i, c) for i in range(n) for c in counts}
    displayed = shown_counts | {(i, c) for i in range(n) for c in ratio_columns}
    primary = {
        (i, c) for i in range(n) for c in count_columns if 1 <= value[(i, c)] < threshold
    }
    hidden = primary & displayed
    for label, column in force:
        if label in row_of and (row_of[label], column) in displayed:
            hidden.add((row_of[label], column))

    # Relations: ("sum", total, parts) and ("ratio", ratio, numerator, denominator).
    relations: list[tuple] = []
    if hierarchy:
        children: dict[int, list[int]] = {}
        for i, label in enumerate(labels):
            parent = _parent(str(label))
            if parent != label and parent in row_of:
                children.setdefault(row_of[parent], []).append(i)
        for parent, kids in children.items():
            for column in count_columns:
                relations.append(("sum", (parent, column), [(k, column) for k in kids]))
    for i in range(n):
        for s in sums:
            relations.append(("sum", (i, s.total), [(i, p) for p in s.parts]))
        for r in ratios:
            relations.append(("ratio", (i, r.column), (i, r.numerator), (i, r.denominator)))

    def closure(hide: set) -> dict:
        """Every cell the shown ones give back, one relation at a time: cell -> relation."""
        known = displayed - hide
        source: dict[tuple[int, str], int] = {}
        changed = True
        while changed:
            changed = False
            for index, relation in enumerate(relations):
                if relation[0] == "sum":
                    unknown = [c for c in (relation[1], *relation[2]) if c not in known]
                    if len(unknown) != 1:
                        continue
                    cell = unknown[0]
                else:
                    _, ratio, numerator, denominator = relation
                    if ratio not in known:
                        continue
                    unknown = [c for c in (numerator, denominator) if c not in known]
                    if len(unknown) != 1:
                        continue
                    cell = unknown[0]
                    # A ratio of 0 gives the numerator (0) but not the denominator; an
                    # empty ratio (0/0) gives both.
                    if cell == denominator and value[ratio] == 0:
                        continue
                known.add(cell)
                source[cell] = index
                changed = True
        return source

    def protected(hide: set) -> set:
        return primary | (hide & shown_counts)

    def fix(target, source: dict) -> None:
        """Hide one more cell so that ``target`` is no longer given back by its relation."""
        relation = relations[source[target]]
        if relation[0] == "ratio":
            hidden.add(relation[1])
            return
        cells = [*relation[2], relation[1]]  # parts first: ties hide a part, not the total
        # A cell known only through a shown ratio (directly or by way of other derived
        # cells): hiding the nearest such ratio costs less than hiding a count.
        queue = [c for c in cells if c in source and c != target]
        visited: set[int] = set()
        while queue:
            origin = source[queue.pop(0)]
            if origin in visited:
                continue
            visited.add(origin)
            if relations[origin][0] == "ratio":
                hidden.add(relations[origin][1])
                return
            queue.extend(c for c in [relations[origin][1], *relations[origin][2]] if c in source)
        candidates = [c for c in cells if c in displayed and c not in hidden]
        # The smallest non-zero count first (as suppress_small), zeros last; sorted() keeps
        # the first of equal values.
        candidates = sorted(candidates, key=lambda c: (value[c] == 0, value[c]))
        # One step of look-ahead: prefer a cell that is not itself given back once hidden
        # (hiding a kecamatan's 13 that equals its row total would only move the problem).
        for candidate in candidates:
            trial = closure(hidden | {candidate})
            if candidate not in trial and target not in trial:
                hidden.add(candidate)
                return
        for candidate in candidates:
            if target not in closure(hidden | {candidate}):
                hidden.add(candidate)
                return
        if candidates:
            hidden.add(candidates[0])
            return
        # Only derived, unshown cells are known here: break how one of them was derived.
        for cell in cells:
            if cell in source and cell != target:
                fix(cell, source)
                return
        raise RuntimeError("penekanan sel tidak dapat diselesaikan")  # not reachable for true sums

    ratio_relations = [r for r in relations if r[0] == "ratio"]
    while True:
        # A share of a hidden count is hidden too: with small numbers the fraction alone
        # gives them away (71,4 % of fewer than 10 recipients can only be 5 of 7).
        for _, ratio, numerator, denominator in ratio_relations:
            if {numerator, denominator} & (hidden | primary):
                hidden.add(ratio)
        source = closure(hidden)
        leaks = [c for c in source if c in protected(hidden)]  # in the order derived
        if leaks:
            fix(leaks[0], source)
            continue
        # Derivation one relation at a time misses combinations (two relations over the same
        # two hidden cells subtract to one); the linear system of all relations does not.
        leaked = _determined(relations, displayed - hidden, protected(hidden), value)
        if not leaked:
            break
        _hide_for(leaked[0], relations, displayed, hidden, value)

    masked = hidden | primary

    out = table.copy()
    for column in count_columns:
        shown = []
        for i, original in enumerate(table[column]):
            cell = (i, column)
            if cell in primary:
                shown.append(small_marker(threshold))
            elif cell in hidden:
                shown.append(HIDDEN)
            elif np.isnan(value[cell]):
                shown.append(original)
            else:
                shown.append(int(value[cell]) if float(value[cell]).is_integer() else value[cell])
        out[column] = pd.Series(shown, index=table.index, dtype=object)
    for column in ratio_columns:
        out[column] = pd.Series(
            [HIDDEN if (i, column) in hidden else v for i, v in enumerate(table[column])],
            index=table.index,
            dtype=object,
        )
    for column, sources in follow.items():
        out[column] = pd.Series(
            [
                HIDDEN if any((i, s) in masked for s in sources) else v
                for i, v in enumerate(out[column])
            ],
            index=table.index,
            dtype=object,
        )
    return out


def _equations(relations: list[tuple], known: set, value: dict) -> tuple[list, np.ndarray]:
    """The relations as linear equations over the cells not known (coefficients only: the
    known cells' values do not decide whether an unknown cell is determined)."""
    rows: list[dict] = []
    for relation in relations:
        if relation[0] == "sum":
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


def _determined(relations: list[tuple], known: set, protected: set, value: dict) -> list:
    """Protected cells whose value follows from the known cells through the relations."""
    cells, matrix = _equations(relations, known, value)
    if not cells:
        return []
    # A cell is determined when every solution of the homogeneous system leaves it at 0,
    # i.e. its row of the null-space basis is 0.
    _, singular, vt = np.linalg.svd(matrix)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if singular.size else 0.0) * 10
    rank = int((singular > tolerance).sum())
    null = vt[rank:].T
    fixed = np.abs(null).max(axis=1) < 1e-9 if null.size else np.ones(len(cells), dtype=bool)
    return [c for c, f in zip(cells, fixed) if f and c in protected]


def _hide_for(cell, relations: list[tuple], displayed: set, hidden: set, value: dict) -> None:
    """Hide one more shown cell of a relation of ``cell``: a share first, else the smallest
    non-zero count; the first whose hiding leaves ``cell`` undetermined, else the first."""
    ratios, counts = [], []
    for relation in relations:
        members = [relation[1], *relation[2]] if relation[0] == "sum" else list(relation[1:])
        if cell not in members:
            continue
        for member in members:
            if member in displayed and member not in hidden:
                (ratios if relation[0] == "ratio" and member == relation[1] else counts).append(member)
    counts = sorted(dict.fromkeys(counts), key=lambda c: (value[c] == 0, value[c]))
    candidates = list(dict.fromkeys(ratios)) + counts
    if not candidates:
        raise RuntimeError("penekanan sel tidak dapat diselesaikan")
    protected = {cell}
    for candidate in candidates:
        if not _determined(relations, displayed - hidden - {candidate}, protected, value):
            hidden.add(candidate)
            return
    hidden.add(candidates[0])


def with_parent_rows(frame: pd.DataFrame, columns: Sequence[str], key: str = "kode") -> pd.DataFrame:
    """``frame`` of kelurahan with the kecamatan and city rows added where missing (sums of
    ``columns``; other columns empty except ``nama`` of the city)."""
    rows = [frame]
    kel = frame[frame[key].str.count(r"\.") == 3]
    codes = set(frame[key])
    kec = kel.assign(**{key: kel[key].map(_parent)}).groupby(key, as_index=False)[list(columns)].sum()
    rows.append(kec[~kec[key].isin(codes)])
    if CITY_CODE not in codes:
        city = pd.DataFrame({key: [CITY_CODE], "nama": [CITY_NAME], **{c: [kel[c].sum()] for c in columns}})
        rows.append(city)
    out = pd.concat(rows, ignore_index=True)
    depth = out[key].str.count(r"\.")
    return out.assign(_depth=depth).sort_values(["_depth", key], kind="stable").drop(columns="_depth").reset_index(
        drop=True
    )


# ------------------------------------------------------------------ the areas' figures

#: Count columns of :func:`area_figures` that are shown somewhere (persons or families).
AREA_COUNTS = (
    "population",
    "poor",
    "eligible_families",
    "covered_eligible",
    "uncovered",
    "recipients",
    "empower_families",
    "assist_families",
    "empower_persons",
    "assist_persons",
)
_AREA_IMPLICIT = ("recipients_not_eligible",)
_AREA_SUMS = (
    Sum("eligible_families", ("covered_eligible", "uncovered")),
    Sum("recipients", ("covered_eligible", "recipients_not_eligible")),
    Sum("eligible_families", ("empower_families", "assist_families")),
    Sum("poor", ("empower_persons", "assist_persons")),
)
_AREA_RATIOS = (
    Ratio("p0", "poor", "population"),
    Ratio("coverage", "covered_eligible", "eligible_families"),
    Ratio("exclusion_error", "uncovered", "eligible_families"),
    Ratio("inclusion_error", "recipients_not_eligible", "recipients"),
)
# P1 and P2 do not give back the count, but a pimpinan reads them beside P0: hidden together.
_AREA_FOLLOW = {"p1": ("poor", "p0"), "p2": ("poor", "p0")}


def area_figures(con: duckdb.DuckDBPyConnection, year: int, line="official") -> pd.DataFrame:
    """The city, its kecamatan and kelurahan (in that order) with every count a pimpinan sees.

    Columns kode, nama, population, poor, p0, p1, p2 (``fgt_by_area``), eligible_families,
    covered_eligible, uncovered, recipients, recipients_not_eligible, coverage,
    exclusion_error, inclusion_error (``coverage``, program 'any', eligible 'poor'),
    empower_families, assist_families, empower_persons, assist_persons (``segments``).
    """
    from analytics.poverty.area import fgt_by_area
    from analytics.programs.coverage import coverage
    from analytics.segments import segments

    fgt = pd.concat(
        [
            fgt_by_area(con, year, by="kota", line=line),
            fgt_by_area(con, year, by="kecamatan", line=line),
            fgt_by_area(con, year, by="kelurahan", line=line),
        ],
        ignore_index=True,
    )[["kode", "nama", "population", "poor", "p0", "p1", "p2"]]
    cov = pd.concat(
        [
            coverage(con, year, by=by, program="any", eligible="poor", line=line)
            for by in ("kota", "kecamatan", "kelurahan")
        ],
        ignore_index=True,
    )
    cov["uncovered"] = cov["eligible_families"] - cov["covered_eligible"]
    cov = cov[
        [
            "kode",
            "eligible_families",
            "covered_eligible",
            "uncovered",
            "recipients",
            "recipients_not_eligible",
            "coverage",
            "exclusion_error",
            "inclusion_error",
        ]
    ]
    segment_columns = ["empower_families", "assist_families", "empower_persons", "assist_persons"]
    seg = segments(con, year, by="kelurahan", line=line)
    parts = seg.pivot_table(
        index="kode", columns="segment", values=["families", "persons"], aggfunc="sum", fill_value=0
    )
    parts.columns = [f"{segment}_{what}" for what, segment in parts.columns]
    parts = parts.reindex(columns=segment_columns, fill_value=0).reset_index()
    parts = with_parent_rows(parts.assign(nama=""), segment_columns).drop(columns="nama")
    out = fgt.merge(cov, on="kode", how="left").merge(parts, on="kode", how="left")
    out[segment_columns] = out[segment_columns].fillna(0).astype("int64")
    return out


def protected_area_figures(
    con: duckdb.DuckDBPyConnection, year: int, line="official", threshold: int = THRESHOLD
) -> pd.DataFrame:
    """:func:`area_figures` with small counts and their complements hidden (module doc)."""
    figures = area_figures(con, year, line)
    return suppress_linked(
        figures,
        AREA_COUNTS,
        implicit=_AREA_IMPLICIT,
        sums=_AREA_SUMS,
        ratios=_AREA_RATIOS,
        follow=_AREA_FOLLOW,
        threshold=threshold,
    )


TRANSITION_COUNTS = (
    "stayed_poor",
    "left_poverty",
    "entered_poverty",
    "stayed_out",
    "only_in_from",
    "only_in_to",
)


def protected_transitions(
    con: duckdb.DuckDBPyConnection, year_from: int, year_to: int, line="official", threshold: int = THRESHOLD
) -> pd.DataFrame:
    """``transitions`` of every area (city, kecamatan, kelurahan) with small counts hidden."""
    from analytics.poverty.transitions import transitions

    kel = transitions(con, year_from, year_to, "kelurahan", line)
    kec = transitions(con, year_from, year_to, "kecamatan", line)
    city = transitions(con, year_from, year_to, "kota", line)
    frame = pd.concat([city, kec, kel], ignore_index=True)
    return suppress_linked(frame, TRANSITION_COUNTS, threshold=threshold)


def _area_row(figures: pd.DataFrame, area: str) -> pd.Series:
    rows = figures[figures["kode"] == area]
    if rows.empty:
        raise InputError(f"wilayah tidak dikenal: {area!r}")
    return rows.iloc[0]


def protect_headline(
    headline: Headline,
    now: pd.DataFrame,
    previous: pd.DataFrame | None,
    extreme_now: pd.DataFrame | None,
    extreme_previous: pd.DataFrame | None,
    area: str = CITY_CODE,
) -> Headline:
    """``summary.headline`` with value, previous and change hidden as in the protected figures.

    ``now`` and ``previous`` are :func:`protected_area_figures` of the headline's year and
    the year before on the same line; ``extreme_*`` the same on the extreme line (None when
    the year has no extreme line). A change is hidden when either year is: with one year
    shown it gives back the other. P0, P1 and P2 are hidden where the figures hide them.
    """
    out = headline.table.copy()
    for column in ("value", "previous", "change"):
        out[column] = out[column].astype(object)
    sources = {
        "p0": (now, previous, "p0"),
        "p1": (now, previous, "p1"),
        "p2": (now, previous, "p2"),
        "poor": (now, previous, "poor"),
        "extreme_poor": (extreme_now, extreme_previous, "poor"),
    }
    for i, indicator in zip(out.index, out["indicator"]):
        if indicator not in sources:
            continue
        this, before, column = sources[indicator]
        current = _area_row(this, area)[column] if this is not None else None
        earlier = _area_row(before, area)[column] if before is not None else None
        if is_marker(current):
            out.at[i, "value"] = current
        if is_marker(earlier):
            out.at[i, "previous"] = earlier
        if is_marker(current) or is_marker(earlier):
            out.at[i, "change"] = HIDDEN
    suppressed = any(is_marker(v) for c in ("value", "previous", "change") for v in out[c])
    return headline.with_table(out, suppressed)


def protect_trend(
    trend: pd.DataFrame, figures: Mapping[int, pd.DataFrame | None], area: str = CITY_CODE
) -> pd.DataFrame:
    """``summary.fgt_trend`` with poor, p0, p1 and p2 hidden in the years ``figures`` hides them.

    ``figures`` maps a year to its :func:`protected_area_figures` on the trend's line (None
    or missing: the year has no register figures). BPS columns are official figures and stay.
    """
    out = trend.copy()
    columns = ["poor", "p0", "p1", "p2"]
    for column in columns:
        out[column] = out[column].astype(object)
    for i, year in zip(out.index, out["year"]):
        frame = figures.get(int(year))
        if frame is None:
            continue
        row = _area_row(frame, area)
        for column in columns:
            if is_marker(row[column]):
                out.at[i, column] = row[column]
    return out

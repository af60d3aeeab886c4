"""Families' transitions between two years, protected jointly over both lines and every pair of
years a pimpinan can choose.

A pair's four moves (stayed poor, left, entered, stayed out) add up to the families present in
both years, which do not depend on the line; the families only in the first or only in the
last year do not depend on the line either. The families of the last year in an area are those
in both years plus the newcomers, whichever pair is looked at, and the city's families of the
first year are those in both plus the leavers. Protected one table at a time, a cell hidden on
the extreme line but shown on the official one came back by subtraction (issue 13:
2.193 − 2.192 = 1; 61 of 277 hidden cells across the pairs).

:func:`protected_transition_tables` therefore puts every pair ending in the same year, on both
lines, side by side in one table per area and protects it with
:func:`analytics.disclosure.linked.suppress_linked` over all those relations at once: the
families in both years (``both``) and each year's families (``families``) enter as implicit
counts, never shown but never computable when small. A cell shown in one pair or on one line is
then hidden, or not computable, in every other table that shares a margin with it.

The same table carries each line's poor families of the last year as the area figures publish
them (Cakupan, Ringkasan, the map, the pack; :func:`_published_poor`): they are those that
stayed poor or entered poverty since any earlier year plus the poor newcomers, who are part of
the newcomers. Protected apart, poor families − stayed poor − entered gave hidden moves back
wherever an area had no newcomer (issue 21: 46 of 358 cells). Those cells are ``keep``: shown
or hidden as the area figures decide, never a complement here; the poor newcomers are implicit
counts, protected when small like any count of families.

Every hidden cell of these tables is shown ``x``, small ones too. With ``<10`` beside ``x`` a
reader knows that an ``x`` is 0 or at least 10, and with those bounds sums of a few hidden cells
pin them down (a row needing 1 more family between a ``<10`` and an ``x`` holding 0 gives 1 and
0): across the pairs and lines that is most of the hidden cells. With one marker a reader knows
only that a hidden count is not negative, and the complements the protection picks are not 0
where a non-zero one exists, so a hidden small count keeps a range of whole numbers
(tests/privacy/test_privacy_attack.py checks every pair, line and area). Where no non-zero
complement exists (the extreme line of a kelurahan without extremely poor families, whose
moves are the zeros the published counts give), a complement can come back; it is then 0 or
the families of both years, never a count of 1 to 9.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.disclosure.cells import HIDDEN, is_marker
from analytics.disclosure.linked import Sum, suppress_linked
from analytics.errors import DataError

#: Under a transitions table with hidden cells (shown to a pimpinan).
TRANSITIONS_NOTE = (
    "x: disembunyikan untuk melindungi data pribadi, baik jumlah kurang dari 10 keluarga maupun angka yang "
    "memungkinkan jumlah itu dihitung dari total, garis lain atau pasangan tahun lain."
)

MOVES = ("stayed_poor", "left_poverty", "entered_poverty", "stayed_out")
LINE_FREE = ("only_in_from", "only_in_to")
TRANSITION_COUNTS = (*MOVES, *LINE_FREE)
LINES = ("official", "extreme")
LEVELS = ("kota", "kecamatan", "kelurahan")


def _column(year_from: int, year_to: int, line: str | None, name: str) -> str:
    return f"{year_from}-{year_to}|{line or '*'}|{name}"


def observed_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years whose welfare is observed expenditure: the only ones with transitions."""
    from analytics.poverty.lines import available_years
    from analytics.welfare.source import welfare_source

    return [y for y in available_years(con) if welfare_source(con, y).kind == "observed"]


def _pair(con, year_from: int, year_to: int, line: str) -> pd.DataFrame | None:
    from analytics.poverty.transitions import transitions

    try:
        return pd.concat([transitions(con, year_from, year_to, by, line) for by in LEVELS], ignore_index=True)
    except DataError:
        return None  # no such line in one of the years


def _wide(con, year_to: int, starts: list[int]) -> tuple[pd.DataFrame, list[str], list[str], list[Sum]]:
    """One row per area with every pair ending in ``year_to`` and both lines; the shown count
    columns, the implicit ones and the row sums between them."""
    wide: pd.DataFrame | None = None
    shown, implicit, sums = [], [], []
    families = f"families|{year_to}"
    for year_from in starts:
        both = _column(year_from, year_to, None, "both")
        for line in LINES:
            frame = _pair(con, year_from, year_to, line)
            if frame is None:
                continue
            names = {m: _column(year_from, year_to, line, m) for m in MOVES}
            if both not in implicit:
                names |= {c: _column(year_from, year_to, None, c) for c in LINE_FREE}
                shown += [names[c] for c in LINE_FREE]
                implicit.append(both)
                frame = frame.assign(**{both: frame[list(MOVES)].sum(axis=1)})
                names[both] = both
                arrivals = names["only_in_to"]
                sums.append(Sum(families, (both, arrivals)))
                # The first year's families (exact for the city; a family that moved counts
                # in its new area, so only more conservative for the areas).
                sums.append(Sum(f"families|{year_from}", (both, names["only_in_from"])))
            shown += [names[m] for m in MOVES]
            sums.append(Sum(both, tuple(names[m] for m in MOVES)))
            part = frame.rename(columns=names)[["kode", "nama", *names.values()]]
            wide = part if wide is None else wide.merge(part.drop(columns="nama"), on="kode", how="outer")
    if wide is None:
        return pd.DataFrame(), [], [], []
    years = sorted({int(s.total.split("|")[1]) for s in sums if s.total.startswith("families|")})
    for year in years:
        column = f"families|{year}"
        source = next(s for s in sums if s.total == column)
        wide[column] = wide[list(source.parts)].sum(axis=1)
        implicit.append(column)
    return wide, shown, implicit, sums


def _published_poor(
    con, wide: pd.DataFrame, year_to: int, starts: list[int], threshold: int | None = None
) -> tuple[list, list, list, list]:
    """Add to ``wide`` each line's poor families of ``year_to`` as the area figures publish them
    (Cakupan, Ringkasan, the pack) and, per pair, the poor newcomers that tie them to the moves:
    poor families = stayed poor + entered + poor newcomers, newcomers = poor + other newcomers.
    Returns the published columns, the implicit ones, the sums and the cells the area figures
    hide (issue 21: protected apart, these relations gave 46 of 358 hidden moves back)."""
    from analytics.disclosure.areas import area_figures, protected_area_figures

    kept, implicit, sums, hidden = [], [], [], []
    for line in LINES:
        pairs = [y for y in starts if _column(y, year_to, line, "stayed_poor") in wide.columns]
        if not pairs:
            continue
        poor = f"poor|{year_to}|{line}"
        true = area_figures(con, year_to, line).set_index("kode")["eligible_families"]
        shown = protected_area_figures(con, year_to, line, threshold).set_index("kode")["eligible_families"]
        missing = sorted(set(wide["kode"]) - set(true.index))
        if missing:  # the same gazetteer on both sides; a 0 made up here would be read as shown
            raise DataError(f"wilayah tanpa angka keluarga miskin {year_to}: {', '.join(missing)}")
        wide[poor] = wide["kode"].map(true).astype("int64")
        kept.append(poor)
        hidden += [(kode, poor) for kode in wide["kode"] if is_marker(shown.get(kode))]
        for year_from in pairs:
            stayed, entered = (_column(year_from, year_to, line, m) for m in ("stayed_poor", "entered_poverty"))
            arrivals = _column(year_from, year_to, None, "only_in_to")
            poor_new, other_new = (_column(year_from, year_to, line, c) for c in ("poor_new", "other_new"))
            wide[poor_new] = wide[poor] - wide[stayed] - wide[entered]
            wide[other_new] = wide[arrivals] - wide[poor_new]
            implicit += [poor_new, other_new]
            sums += [Sum(poor, (stayed, entered, poor_new)), Sum(arrivals, (poor_new, other_new))]
    return kept, implicit, sums, hidden


def protected_transition_tables(con: duckdb.DuckDBPyConnection, threshold: int | None = None) -> dict:
    """(year_from, year_to, line) -> transitions of every area (city, kecamatan, kelurahan),
    columns kode, nama and :data:`TRANSITION_COUNTS`, protected jointly (module doc); every
    pair of observed years (first year earlier) and each line the two years have."""
    years = observed_years(con)
    out: dict = {}
    for i, year_to in enumerate(years):
        starts = years[:i]
        if not starts:
            continue
        wide, shown, implicit, sums = _wide(con, year_to, starts)
        if wide.empty:
            continue
        kept, tied, ties, hidden = _published_poor(con, wide, year_to, starts, threshold)
        protected = suppress_linked(
            wide,
            [*shown, *kept],
            implicit=[*implicit, *tied],
            sums=[*sums, *ties],
            threshold=threshold,
            force=hidden,
            keep=kept,
        )
        protected = protected.map(lambda v: HIDDEN if is_marker(v) else v)
        for year_from in starts:
            for line in LINES:
                names = {m: _column(year_from, year_to, line, m) for m in MOVES}
                names |= {c: _column(year_from, year_to, None, c) for c in LINE_FREE}
                if not set(names.values()) <= set(protected.columns):
                    continue
                table = protected[["kode", "nama", *names.values()]].rename(columns={v: k for k, v in names.items()})
                out[(year_from, year_to, line)] = table[["kode", "nama", *TRANSITION_COUNTS]]
    return out


def protected_transitions(
    con: duckdb.DuckDBPyConnection, year_from: int, year_to: int, line="official", threshold: int | None = None
) -> pd.DataFrame:
    """The transitions of one pair and line as :func:`protected_transition_tables` protects them."""
    tables = protected_transition_tables(con, threshold)
    key = (year_from, year_to, line)
    if key not in tables:
        raise DataError(f"tidak ada transisi keluarga untuk {year_from}–{year_to} dengan garis {line}")
    return tables[key].copy()

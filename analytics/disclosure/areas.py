"""The one protected model of the city, its kecamatan and kelurahan for a pimpinan.

:func:`protected_area_figures` holds every count a role without household access sees of an
area (persons, poor persons, P0 to P2, poor families with and without a program, segments),
with small counts and the cells that would give them back hidden over all their relations
(:func:`analytics.disclosure.linked.suppress_linked`). Pages, the map, the narrative and
the briefing pack read their cells from it, so a cell is hidden the same way wherever it
appears.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd

from analytics.disclosure.cells import HIDDEN, is_marker
from analytics.disclosure.linked import Ratio, Sum, suppress_linked
from analytics.errors import InputError
from analytics.reference import REGION_CODE, REGION_NAME
from analytics.summary import Headline


def with_parent_rows(frame: pd.DataFrame, columns: Sequence[str], key: str = "kode") -> pd.DataFrame:
    """``frame`` of kelurahan with the kecamatan and city rows added where missing (sums of
    ``columns``; other columns empty except ``nama`` of the city)."""
    rows = [frame]
    kel = frame[frame[key].str.count(r"\.") == 3]
    codes = set(frame[key])
    kec = kel.assign(**{key: kel[key].str.rsplit(".", n=1).str[0]}).groupby(key, as_index=False)[list(columns)].sum()
    rows.append(kec[~kec[key].isin(codes)])
    if REGION_CODE not in codes:
        city = pd.DataFrame({key: [REGION_CODE], "nama": [REGION_NAME], **{c: [kel[c].sum()] for c in columns}})
        rows.append(city)
    out = pd.concat(rows, ignore_index=True)
    depth = out[key].str.count(r"\.")
    return (
        out.assign(_depth=depth)
        .sort_values(["_depth", key], kind="stable")
        .drop(columns="_depth")
        .reset_index(drop=True)
    )


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
#: Register counts of a model year, and the figures that give them back with a prediction.
_MODEL_COUNTS = ("population", "recipients")
_MODEL_FOLLOW = {
    "p0": ("population",),
    "p1": ("population",),
    "p2": ("population",),
    "recipients_not_eligible": ("recipients",),
    "inclusion_error": ("recipients",),
}
# P1 and P2 do not give back the count, but a pimpinan reads them beside P0: hidden together.
_AREA_FOLLOW = {"p1": ("poor", "p0"), "p2": ("poor", "p0")}


def area_figures(con: duckdb.DuckDBPyConnection, year: int, line="official") -> pd.DataFrame:
    """The city, its kecamatan and kelurahan (in that order) with every count a pimpinan sees.

    Columns kode, nama, population, poor, p0, p1, p2 (``fgt_by_area``), eligible_families,
    covered_eligible, uncovered, recipients, recipients_not_eligible, coverage,
    exclusion_error, inclusion_error (``coverage``, program 'any', eligible 'poor'),
    empower_families, assist_families, empower_persons, assist_persons (``segments``).
    """
    from analytics.programs.coverage import coverage
    from analytics.segments import segments
    from analytics.welfare.estimates import area_estimates

    fgt = pd.concat(
        [
            area_estimates(con, year, by="kota", line=line),
            area_estimates(con, year, by="kecamatan", line=line),
            area_estimates(con, year, by="kelurahan", line=line),
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
    con: duckdb.DuckDBPyConnection, year: int, line="official", threshold: int | None = None
) -> pd.DataFrame:
    """:func:`area_figures` with small counts and their complements hidden (module doc).

    In a year whose figures come from a model run the poor persons and families are
    predictions (expected counts, sums of probabilities), not counts of identified households;
    the register counts are not: persons and program recipients are protected as in any year,
    with what follows from them (P0 to P2 from the persons, the recipients who are not
    eligible and the inclusion error from the recipients).
    """
    from analytics.welfare.source import welfare_source

    figures = area_figures(con, year, line)
    if welfare_source(con, year).is_model:
        return suppress_linked(figures, _MODEL_COUNTS, follow=_MODEL_FOLLOW, threshold=threshold)
    return suppress_linked(
        figures,
        AREA_COUNTS,
        implicit=_AREA_IMPLICIT,
        sums=_AREA_SUMS,
        ratios=_AREA_RATIOS,
        follow=_AREA_FOLLOW,
        threshold=threshold,
    )


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
    area: str = REGION_CODE,
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
    trend: pd.DataFrame, figures: Mapping[int, pd.DataFrame | None], area: str = REGION_CODE
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


def protect_programs(by_program: pd.DataFrame, protected: pd.DataFrame) -> pd.DataFrame:
    """The city's coverage per program with small counts hidden. Programs overlap (a family
    may receive several), so rows do not add up; within a row the poor families split into
    covered and uncovered and the recipients into poor and not poor. The 'any' row hides at
    least what the city row of the coverage table hides."""
    table = by_program.copy()
    table["uncovered"] = table["eligible_families"] - table["covered_eligible"]
    city = protected[protected["kode"] == REGION_CODE].iloc[0]
    columns = ("eligible_families", "covered_eligible", "recipients", "coverage", "inclusion_error")
    force = [("any", c) for c in columns if city[c] == HIDDEN]
    if is_marker(city["uncovered"]):
        force.append(("any", "exclusion_error"))
    return suppress_linked(
        table,
        ["eligible_families", "covered_eligible", "recipients"],
        implicit=["uncovered", "recipients_not_eligible"],
        sums=[
            Sum("eligible_families", ("covered_eligible", "uncovered")),
            Sum("recipients", ("covered_eligible", "recipients_not_eligible")),
        ],
        ratios=[
            Ratio("coverage", "covered_eligible", "eligible_families"),
            Ratio("exclusion_error", "uncovered", "eligible_families"),
            Ratio("inclusion_error", "recipients_not_eligible", "recipients"),
        ],
        key="program",
        hierarchy=False,
        force=force,
    )

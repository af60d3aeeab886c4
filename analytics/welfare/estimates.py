"""P0, P1, P2 of every area from the year's welfare source, in one shape for every page.

:func:`area_estimates` returns the columns of :func:`analytics.poverty.area.fgt_by_area`
(kode, nama, population, poor, p0, p1, p2, watts) whatever the source. From a model run it
adds, per indicator, ``cv_``, ``lower_``, ``upper_`` and ``reliability_`` (the 90 % interval
and BPS's reliability class) and ``n_sample``; ``poor`` is then the expected number of poor
persons (P0 x persons), not a count of identified people.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics.errors import DataError
from analytics.model import published
from analytics.poverty.area import FGT_COLUMNS, area_names, fgt_by_area
from analytics.poverty.lines import LINE_KINDS, check_year, resolve_line
from analytics.welfare.source import welfare_source

__all__ = ["MODEL_LEVELS", "area_estimates", "is_model_frame", "model_line"]

MODEL_LEVELS = ("kota", "kecamatan", "kelurahan")
SHOWN = ("p0", "p1", "p2", "watts")


def model_line(con: duckdb.DuckDBPyConnection, year: int, line) -> str:
    """The stored line kind a model run answers for ``line``: 'official' or 'extreme'.

    A run is estimated for the year's two lines; another amount needs a new run."""
    if isinstance(line, str) and line in LINE_KINDS:
        return line
    for kind in LINE_KINDS:
        try:
            if resolve_line(con, year, kind).amount == float(line):
                return kind
        except (DataError, TypeError, ValueError):
            continue
    raise DataError(
        "Estimasi model (SAE) dihitung untuk garis resmi dan garis ekstrem tahun itu; garis lain memerlukan "
        "model baru. Pilih garis resmi atau ekstrem."
    )


def area_estimates(con: duckdb.DuckDBPyConnection, year: int, by: str = "kota", line="official") -> pd.DataFrame:
    """Every area's figures at level ``by`` ('kota', 'kecamatan', 'kelurahan') for ``year``.

    Raises :class:`analytics.welfare.source.NoWelfareData` when the year has no money measure.
    """
    year = check_year(con, year)
    source = welfare_source(con, year).require()
    if source.kind == "observed":
        return fgt_by_area(con, year, by=by, line=line)
    if by not in MODEL_LEVELS:
        raise DataError(f"Estimasi model tersedia per kota, kecamatan dan kelurahan, bukan per {by!r}.")
    table = published.estimates(con, source.run_id, model_line(con, year, line), by)
    table = table.rename(columns={"persons": "population"})
    table["poor"] = table["p0"] * table["population"]
    names = area_names(con, by)
    table = names.merge(table, on="kode", how="left") if by != "kota" else table.assign(nama=names["nama"].iloc[0])
    extra = ["n_sample", *[f"{c}_{i}" for i in SHOWN for c in ("mse", "cv", "lower", "upper", "reliability")]]
    out = table[[*FGT_COLUMNS, *extra]].copy()
    out["population"] = out["population"].astype(float)
    return out.sort_values("kode", kind="stable").reset_index(drop=True)


def is_model_frame(frame: pd.DataFrame) -> bool:
    """Whether an area table carries model precision columns (intervals, CV)."""
    return "lower_p0" in frame.columns and bool(np.isfinite(frame["lower_p0"].astype(float)).any())

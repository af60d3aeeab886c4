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
from analytics.welfare.request import WelfareRequest, welfare_request

__all__ = ["MODEL_COLUMNS", "MODEL_LEVELS", "area_estimates", "estimates_for", "is_model_frame", "model_line"]

MODEL_LEVELS = ("kota", "kecamatan", "kelurahan")
SHOWN = ("p0", "p1", "p2", "watts")
#: The precision columns a model table carries beside the FGT columns.
MODEL_COLUMNS = ["n_sample", *[f"{c}_{i}" for i in SHOWN for c in ("mse", "cv", "lower", "upper", "reliability")]]


def model_line(con: duckdb.DuckDBPyConnection, year: int, line) -> str:
    """The stored line kind a model run answers for ``line``: 'official' or 'extreme'.

    A run is estimated for the year's two lines; another amount needs a new run."""
    return welfare_request(con, year, line).line_kind


def area_estimates(
    con: duckdb.DuckDBPyConnection, year: int, by: str = "kota", line="official", poor_if: str = "lt"
) -> pd.DataFrame:
    """Every area's figures at level ``by`` ('kota', 'kecamatan', 'kelurahan') for ``year``.

    Raises :class:`analytics.welfare.source.NoWelfareData` when the year has no money measure.
    """
    return estimates_for(con, welfare_request(con, year, line, poor_if), by)


def estimates_for(con: duckdb.DuckDBPyConnection, request: WelfareRequest, by: str = "kota") -> pd.DataFrame:
    """:func:`area_estimates` of a resolved request."""
    request.require()
    if request.kind == "observed":
        return fgt_by_area(con, request.year, by=by, line=request.line, poor_if=request.poor_if)
    if by not in MODEL_LEVELS:
        raise DataError(f"Estimasi model tersedia per kota, kecamatan dan kelurahan, bukan per {by!r}.")
    table = published.estimates(con, request.source.run_id, request.line_kind, by)
    table = table.rename(columns={"persons": "population"})
    table["poor"] = table["p0"] * table["population"]
    names = area_names(con, by)
    table = names.merge(table, on="kode", how="left") if by != "kota" else table.assign(nama=names["nama"].iloc[0])
    out = table[[*FGT_COLUMNS, *MODEL_COLUMNS]].copy()
    out["population"] = out["population"].astype(float)
    return out.sort_values("kode", kind="stable").reset_index(drop=True)


def is_model_frame(frame: pd.DataFrame) -> bool:
    """Whether an area table carries model precision columns (intervals, CV)."""
    return "lower_p0" in frame.columns and bool(np.isfinite(frame["lower_p0"].astype(float)).any())

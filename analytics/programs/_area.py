"""Area grouping, argument checks and output shaping shared by the program analytics.

The grouped queries of ``analytics/sql/programs/`` and ``analytics/sql/measures/``
take a ``{group_expr}`` placeholder that is always one of three fixed expressions
(never user text), and every value as a bound parameter.
"""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd

from analytics import sql
from analytics.errors import InputError
from analytics.poverty.area import area_names
from analytics.reference import REGION_CODE

AREA_LEVELS = ("kota", "kecamatan", "kelurahan")

# Fixed SQL expressions for the family alias ``f``; keyed by level, never built from input.
_GROUP_EXPRESSIONS = {
    "kota": "$city_code",
    "kecamatan": "f.kode_kecamatan",
    "kelurahan": "f.kode_kelurahan",
}

SEGMENTS = ("empower", "assist")

_DESIL_RULE = re.compile(r"^\s*desil\s*<=\s*(\d{1,2})\s*$", re.IGNORECASE)


def check_by(by) -> str:
    """Return ``by`` if it is 'kota', 'kecamatan' or 'kelurahan', else raise."""
    if by not in AREA_LEVELS:
        raise InputError(f"pengelompokan wilayah harus 'kota', 'kecamatan' atau 'kelurahan', bukan {by!r}")
    return by


def grouped_sql(name: str, by: str) -> tuple[str, dict]:
    """SQL text of ``analytics/sql/<name>.sql`` grouped by ``by``, and its extra parameters."""
    by = check_by(by)
    params = {"city_code": REGION_CODE} if by == "kota" else {}
    return sql.text(name, group_expr=_GROUP_EXPRESSIONS[by]), params


def run_grouped(
    con: duckdb.DuckDBPyConnection, name: str, by: str, params: dict, inputs: dict[str, str] | None = None
) -> pd.DataFrame:
    """The grouped query ``name`` with ``inputs`` (relation name -> SQL) as its common table expressions."""
    statement, extra = grouped_sql(name, by)
    if inputs:
        statement = sql.with_ctes(statement, **inputs)
    return sql.frame_of(con, statement, {**params, **extra})


def parse_desil_rule(text) -> int | None:
    """N of a 'desil<=N' rule (1-10), or None when ``text`` is not such a rule."""
    if not isinstance(text, str):
        return None
    match = _DESIL_RULE.match(text)
    if match is None:
        return None
    n = int(match.group(1))
    if not 1 <= n <= 10:
        raise InputError(f"desil harus antara 1 dan 10, bukan {n}")
    return n


def check_segment(segment) -> str | None:
    if segment is None:
        return None
    if segment not in SEGMENTS:
        raise InputError(f"segmen harus 'empower' (diberdayakan) atau 'assist' (dibantu), bukan {segment!r}")
    return segment


def with_area_names(con, by: str, grouped: pd.DataFrame, keys: list[str] | None = None) -> pd.DataFrame:
    """Rename ``grp`` to ``kode``, add ``nama`` and list every gazetteer area of the level.

    ``keys`` are extra key columns (e.g. 'program'): every area gets a row for every key
    value seen in ``grouped`` (areas without families get empty counts).
    """
    grouped = grouped.rename(columns={"grp": "kode"})
    names = area_names(con, by)
    keys = keys or []
    if keys:
        key_values = grouped[keys].drop_duplicates()
        frame = names.merge(key_values, how="cross")
    else:
        frame = names
    merged = frame.merge(grouped, on=["kode", *keys], how="left")
    # Codes present in the families but missing from the gazetteer still show up.
    extra = grouped[~grouped["kode"].isin(names["kode"])]
    if not extra.empty:
        extra = extra.assign(nama=None)
        merged = pd.concat([merged, extra[merged.columns]], ignore_index=True)
    return merged


def as_int(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Counts as int64 (missing counts are 0: an area without families has none); expected
    counts of a model (sums of probabilities) stay fractional."""
    for column in columns:
        values = frame[column].fillna(0).astype(float)
        whole = np.all(values.to_numpy() == np.round(values.to_numpy()))
        frame[column] = values.astype("int64") if whole else values
    return frame


def ratio(numerator, denominator) -> np.ndarray:
    """Elementwise numerator / denominator, NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out

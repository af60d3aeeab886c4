"""Reading a stored model run: its settings, its estimates and its family probabilities."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import DataError
from analytics.sae.indicators import INDICATORS

__all__ = ["PRECISION", "estimates", "run_row", "runs", "stored_run", "widen"]

#: The precision columns stored per indicator, widened as ``<column>_<indicator>``.
PRECISION = ("mse", "cv", "lower", "upper", "reliability", "mc_se", "mse_mc_se")


def run_row(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """The run as a dict (parameters, diagnostics and versions decoded; ``model`` stays the
    JSON text :meth:`analytics.sae.stored.StoredModel.from_json` reads)."""
    frame = sql.frame(con, "model/run_row", {"run_id": run_id})
    if frame.empty:
        raise DataError(f"Model {run_id!r} tidak ditemukan.")
    row = frame.iloc[0].to_dict()
    for column in ("parameters", "diagnostics", "versions"):
        row[column] = json.loads(row[column]) if isinstance(row[column], str) else row[column]
    return row


def runs(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """The runs of a year (every year when None), newest first."""
    if not sql.table_columns(con, "sae_run"):
        return pd.DataFrame(columns=["run_id", "year", "published"])
    return sql.frame(con, "model/runs_of_year", {"year": year})


def estimates(con: duckdb.DuckDBPyConnection, run_id: str, line: str, level: str) -> pd.DataFrame:
    """One row per area: kode, n_sample, families, persons, the indicators (p0, p1, p2, watts,
    mean) and their ``mse_``, ``cv_``, ``lower_``, ``upper_``, ``reliability_``, ``mc_se_`` and
    ``mse_mc_se_`` columns (the last two NaN for a run stored before they were recorded)."""
    long = sql.frame(con, "model/run_estimates", {"run_id": run_id, "line": line, "level": level})
    if long.empty:
        raise DataError(f"Model {run_id!r} tidak memuat estimasi garis {line!r} tingkat {level}.")
    return widen(long)


def widen(long: pd.DataFrame) -> pd.DataFrame:
    """Stored estimate rows (one per area and indicator) as one row per area."""
    keys = ["kode", "n_sample", "families", "persons"]
    wide = long[keys].drop_duplicates("kode").set_index("kode")
    for column in ("estimate", *PRECISION):
        # A run stored before the Monte Carlo errors were recorded has no such column: NaN.
        table = long.pivot(index="kode", columns="indicator", values=column) if column in long else pd.DataFrame()
        for indicator in INDICATORS:
            name = indicator if column == "estimate" else f"{column}_{indicator}"
            wide[name] = table[indicator] if indicator in table else None
    return wide.reset_index()


def stored_run(con: duckdb.DuckDBPyConnection, run_id: str):
    """A stored run as a :class:`analytics.model.run.ModelRun` (without family rows)."""
    from analytics.model.run import ModelRun

    row = run_row(con, run_id)
    long = sql.frame(con, "model/run_all_estimates", {"run_id": run_id})
    return ModelRun(row, long, pd.DataFrame(), row["diagnostics"])

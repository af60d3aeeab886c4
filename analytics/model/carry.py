"""Published model runs survive a re-import of the registers.

An import rebuilds the database from the raw exports, and model runs are not in the exports:
the importer reads the runs of the database it replaces and writes them into the new one. A
run predicted the frame it was run on; when the re-imported frame of its year differs (new
families, changed characteristics), its area estimates stay as published, with
``frame_fingerprint`` telling the pages to say so, and each family's probability is
recomputed from the stored model on the new frame, so no family is left without one.

The Dinas Sosial's extreme-poverty recaps are not in the register exports either: a year's
recap in the import's own ``dinsos`` folder replaces it, and every other year's is carried.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql

__all__ = ["TABLES", "previous_recaps", "previous_runs", "restore_recaps", "restore_runs"]

TABLES = ("sae_run", "sae_estimate", "sae_family")


def previous_runs(db_path: Path) -> dict[str, pd.DataFrame]:
    """The model tables of the database about to be replaced (empty when it has none)."""
    if not Path(db_path).exists():
        return {}
    with duckdb.connect(str(db_path), read_only=True) as old:
        if not sql.table_columns(old, "sae_run"):
            return {}
        return {table: sql.frame(old, "model/all_rows", table=table) for table in TABLES}


def restore_runs(con: duckdb.DuckDBPyConnection, previous: dict[str, pd.DataFrame], append) -> int:
    """Write the previous runs into the new database; families' probabilities of a year whose
    frame changed are recomputed from the stored model. Returns the number of runs carried."""
    if not previous or previous["sae_run"].empty:
        return 0
    from analytics.model.covariates import frame_fingerprint
    from analytics.model.probabilities import family_probabilities

    runs = previous["sae_run"]
    append(con, "sae_run", runs)
    append(con, "sae_estimate", previous["sae_estimate"])
    families = previous["sae_family"]
    kept = []
    for run in runs.itertuples():
        own = families[families["run_id"] == run.run_id]
        if run.frame_fingerprint == frame_fingerprint(con, int(run.year)):
            kept.append(own)
        else:
            kept.append(family_probabilities(con, run.run_id, int(run.year), run.model, run.parameters))
    if kept:
        append(con, "sae_family", pd.concat(kept, ignore_index=True))
    return len(runs)


def previous_recaps(db_path: Path) -> pd.DataFrame:
    """The extreme-poverty recaps of the database about to be replaced (empty when none)."""
    if not Path(db_path).exists():
        return pd.DataFrame()
    with duckdb.connect(str(db_path), read_only=True) as old:
        if not sql.table_columns(old, "extreme_list"):
            return pd.DataFrame()
        return sql.frame(old, "model/all_rows", table="extreme_list")


def restore_recaps(con: duckdb.DuckDBPyConnection, previous: pd.DataFrame, loaded: set[int], append) -> list[str]:
    """Write the previous recaps of the years this import did not load, each checked again against
    its year's new frame; returns a warning per year dropped because it no longer fits."""
    if previous.empty:
        return []
    from analytics.model.extreme_store import check_carried  # it writes through the importer's database module

    kept, warnings = check_carried(con, previous[~previous["year"].isin(loaded)])
    append(con, "extreme_list", kept)
    return warnings

"""Publishing a run: written into the database, which is swapped in whole.

The pages read the database read-only; a publication writes a copy beside it, checks it
and moves it over the original with ``os.replace``, as an import does, so a failure leaves
the previous database and its published run exactly as they were, and a reader never sees
half a run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from analytics import sql
from analytics.errors import DataError
from analytics.ingest.database import append_frame
from analytics.model.run import ModelRun

__all__ = ["publish_run", "publish_runs"]


def publish_run(db_path: Path, run: ModelRun) -> str:
    """Store ``run`` as the published run of its year; returns its id."""
    publish_runs(db_path, [run])
    return run.run_id


def publish_runs(db_path: Path, runs: list[ModelRun]) -> None:
    """Store every run as the published run of its year, in one swap of the database."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DataError(f"Basis data {db_path} tidak ada.")
    tmp = db_path.with_name(f"{db_path.name}.publish-{os.getpid()}")
    shutil.copy2(db_path, tmp)
    try:
        with duckdb.connect(str(tmp)) as con:
            sql.execute_folder(con, "model/schema")  # a database imported before model runs existed
            for run in runs:
                sql.execute(con, "model/unpublish_year", {"year": int(run.run["year"])})
                append_frame(con, "sae_run", pd.DataFrame([{**run.run, "published": True}]))
                append_frame(con, "sae_estimate", run.estimates)
                append_frame(con, "sae_family", run.families)
            sql.execute(con, "meta/checkpoint")
        os.chmod(tmp, 0o600)
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

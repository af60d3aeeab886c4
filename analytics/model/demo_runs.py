"""The demo database's published model runs: every survey year, two years at a time.

A real database gets its runs from an analyst (the SAE page or ``sae run --publish``); the
demo gets the product's recommended model for every year that has a survey, so the pages
show the model path from the first start.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics import sql
from analytics.model.publish import publish_runs
from analytics.model.run import ModelRun, RunSettings, run_model
from analytics.workers import worker_pool

__all__ = ["DEMO_RUN_BY", "publish_demo_runs"]

DEMO_RUN_BY = "demo"


def _run_year(db: str, year: int, settings: RunSettings) -> ModelRun:
    with duckdb.connect(db, read_only=True) as con:
        return run_model(con, year, settings, DEMO_RUN_BY)


def survey_years(db: Path) -> list[int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [int(y) for (y,) in sql.rows(con, "model/survey_years")]


def publish_demo_runs(db: Path, settings: RunSettings | None = None, workers: int = 2, echo=None) -> list[str]:
    """Run the model of every survey year and publish all runs in one swap; returns their ids.

    ``settings`` default to the product's recommended model (:class:`RunSettings`).
    ``echo(text, done)``, if given, hears each year as its run finishes (``done`` from 0 to 1).
    """
    settings = RunSettings() if settings is None else settings
    years = survey_years(db)
    if echo and years:
        echo(f"Menjalankan model SAE untuk {len(years)} tahun survei…", 0.0)
    runs = []
    with worker_pool(max(1, min(workers, len(years)))) as pool:
        for year, run in zip(
            years, pool.map(_run_year, [str(db)] * len(years), years, [settings] * len(years)), strict=True
        ):
            runs.append(run)
            if echo:
                echo(f"Model SAE tahun {year} selesai ({len(runs)} dari {len(years)} tahun)…", len(runs) / len(years))
    publish_runs(db, runs)
    return [run.run_id for run in runs]

"""Fixtures of the verval tests: a database of one year, then the same path re-imported with
the next year added (the store beside it must survive the swap)."""

import shutil

import pandas as pd
import pytest

YEAR = 2024
NEXT = 2025


@pytest.fixture
def first_year(small_raw, tmp_path):
    """``small_raw``'s first import year only, imported to a fresh path; returns the db path."""
    from analytics.ingest import run_import

    raw = tmp_path / "raw"
    shutil.copytree(small_raw / str(YEAR), raw / str(YEAR))
    db = tmp_path / "kota.duckdb"
    run_import(raw, db)
    return db


def add_next_year(small_raw, db, changes: dict[str, dict[str, str]]):
    """Re-import ``db`` with the next year added; ``changes`` maps an ``id_keluarga`` of the
    next year's Regsosek file to column values written over it (a new No KK, a new id)."""
    from analytics.ingest import run_import

    raw = db.parent / "raw"
    shutil.copytree(small_raw / str(NEXT), raw / str(NEXT))
    path = raw / str(NEXT) / "regsosek.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for family_id, values in changes.items():
        row = frame["id_keluarga"] == family_id
        assert row.sum() == 1, family_id
        for column, value in values.items():
            frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    run_import(raw, db)

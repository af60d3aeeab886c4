"""Real exports, messy as they come (issue 12): every figure right, or a clear refusal.

Each case of ``tests/ingest/messy/make_messy.py`` rewrites 2024 of a clean two-year demo
(observed path, 3 % of the city) and is imported over a copy of the clean database:
``same`` must give the clean figures exactly (city and kelurahan P0, P1, P2; rows loaded per
source), ``refused`` must stop with its message and leave the database byte-identical, and
``warning`` must import and say why its figures differ.
"""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.ingest import ImportFailed, run_import
from analytics.poverty.area import fgt_by_area
from tests.ingest.messy.make_messy import CASES, base_raw, build_case

YEAR = 2024


@pytest.fixture(scope="session")
def clean(small_raw, tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    raw = base_raw(small_raw, root / "clean_raw")
    db = root / "clean.duckdb"
    result = run_import(raw, db)
    return raw, db, figures(db), result


def figures(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        city = fgt_by_area(con, YEAR, "kota", "official")[["p0", "p1", "p2", "population"]]
        kel = fgt_by_area(con, YEAR, "kelurahan", "official")
        kel = kel.sort_values(kel.columns[0]).reset_index(drop=True)[["p0", "p1", "p2", "population"]]
        loaded = con.execute(
            "select source, sum(loaded)::int from import_log where year = ? group by source order by source", [YEAR]
        ).fetchall()
        families = con.execute("select count(*) from family where year = ?", [YEAR]).fetchone()[0]
    return {"city": city, "kelurahan": kel, "loaded": dict(loaded), "families": families}


def same_figures(a: dict, b: dict) -> None:
    pd.testing.assert_frame_equal(a["city"], b["city"], rtol=1e-12, atol=0)
    pd.testing.assert_frame_equal(a["kelurahan"], b["kelurahan"], rtol=1e-12, atol=0)
    assert a["loaded"] == b["loaded"]
    assert a["families"] == b["families"]


def seen(result, db, expect: str) -> bool:
    """The import said it: a quarantine reason, a reading warning, or a file left out."""
    with duckdb.connect(str(db), read_only=True) as con:
        reasons = {
            r[0] for r in con.execute("select distinct reason_code from quarantine where year = ?", [YEAR]).fetchall()
        }
    texts = [*result.warnings, *result.parts["warnings"].dropna()]
    return expect in reasons or any(expect in t for t in texts)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_messy_export(case, clean, tmp_path):
    clean_raw, clean_db, clean_figures, _ = clean
    raw = build_case(case, clean_raw, tmp_path / "raw")
    db = tmp_path / "live.duckdb"
    shutil.copy2(clean_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns
    if case.outcome == "refused":
        with pytest.raises(ImportFailed) as refused:
            run_import(raw, db)
        assert case.expect in refused.value.message
        assert "Traceback" not in refused.value.message
        assert (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns) == before
        assert not list(tmp_path.glob("live.duckdb.tmp*"))
        return
    result = run_import(raw, db)
    if case.outcome == "same":
        same_figures(figures(db), clean_figures)
    else:
        assert seen(result, db, case.expect), (case.expect, result.warnings, result.parts["warnings"].tolist())


def test_the_clean_base_has_no_coordinates_read_as_thousands(clean):
    _, db, _, _ = clean
    with duckdb.connect(str(db), read_only=True) as con:
        outside = con.execute(
            "select count(*) from data_issue where issue_code = 'coordinates_outside' and message like '%000.0%'"
        ).fetchone()[0]
        worst = con.execute("select max(abs(lon)) from family").fetchone()[0]
    assert outside == 0
    assert worst < 180


def test_every_row_is_counted_as_read_before_any_merge(clean):
    _, db, _, result = clean
    parts = result.parts
    assert (parts["rows_read"] == parts["loaded"] + parts["duplicates_merged"] + parts["quarantined"]).all()
    assert set(parts.columns) >= {"format", "encoding", "delimiter", "header_row", "warnings"}

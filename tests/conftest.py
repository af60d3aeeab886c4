"""Fixtures shared by the test folders: the full demo dataset, generated and imported once."""

import os
from pathlib import Path

import pytest

from analytics.paths import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
DEMO_SEED = 1
TEST_KEYS = {"KEMISKINAN_NIK_KEY": "5e" * 32, "KEMISKINAN_SESSION_KEY": "a7" * 32, "KEMISKINAN_AUDIT_KEY": "c3" * 32}


@pytest.fixture(scope="session", autouse=True)
def test_keys(tmp_path_factory):
    """Fixed keys (NIK pseudonyms, session tokens) for the whole session: the suite writes no
    key file into the checkout, and every process of a run (the browser tests' server gets
    this environment too) uses the same keys. Set for the session, undone at its end. The audit
    chain's heads, written beside the audit key file, go to a folder of the session."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in TEST_KEYS.items():
            if not os.environ.get(name):
                patch.setenv(name, value)
        if not os.environ.get("KEMISKINAN_AUDIT_KEY_FILE"):
            patch.setenv("KEMISKINAN_AUDIT_KEY_FILE", str(tmp_path_factory.mktemp("kunci") / "audit.key"))
        yield


@pytest.fixture(scope="session")
def demo_raw(tmp_path_factory) -> Path:
    """Five years of demo exports at full scale (about 30 s), with their truth folder, on the
    observed path (expenditure in the Regsosek frame, as a Pemda with its own census has it)."""
    from analytics.generate.build import generate

    out = tmp_path_factory.mktemp("demo_raw")
    generate(out, seed=DEMO_SEED, observed=True)
    return out


@pytest.fixture(scope="session")
def model_raw(tmp_path_factory) -> Path:
    """The demo exports as the dashboard's demo has them (about 30 s): Regsosek without
    expenditure, desil from a proxy-means test, and a Susenas-style survey sample per year."""
    from analytics.generate.build import generate

    out = tmp_path_factory.mktemp("model_raw")
    generate(out, seed=DEMO_SEED)
    return out


#: Years of ``model_db`` with a published model run; 2023 is left without one (the *none* view).
MODEL_YEARS = (2021, 2022, 2024, 2025)
#: Smaller Monte Carlo and bootstrap than the product's (100, 200): the plumbing, not the accuracy.
TEST_RUN = {"L": 30, "B": 20}


@pytest.fixture(scope="session")
def model_db(model_raw, tmp_path_factory) -> Path:
    """``model_raw`` imported, with a published model run for :data:`MODEL_YEARS` (2023: none)."""
    import duckdb

    from analytics.ingest import run_import
    from analytics.model.publish import publish_runs
    from analytics.model.run import RunSettings, run_model

    db = tmp_path_factory.mktemp("model_db") / "model.duckdb"
    run_import(model_raw, db)
    with duckdb.connect(str(db), read_only=True) as con:
        runs = [run_model(con, year, RunSettings(**TEST_RUN), "test") for year in MODEL_YEARS]
    publish_runs(db, runs)
    return db


@pytest.fixture(scope="session")
def model_con(model_db):
    import duckdb

    con = duckdb.connect(str(model_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_db(demo_raw, tmp_path_factory) -> Path:
    from analytics.ingest import run_import

    db = tmp_path_factory.mktemp("demo_db") / "demo.duckdb"
    run_import(demo_raw, db)
    return db


@pytest.fixture(scope="session")
def demo_con(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory) -> Path:
    """A small demo dataset (about 3 % of the city, a few seconds) for fast tests."""
    from analytics.generate.build import generate

    out = tmp_path_factory.mktemp("small_raw")
    generate(out, seed=3, scale=0.03, observed=True)
    return out


@pytest.fixture(scope="session")
def small_db(small_raw, tmp_path_factory) -> Path:
    from analytics.ingest import run_import

    db = tmp_path_factory.mktemp("small_db") / "small.duckdb"
    run_import(small_raw, db)
    return db

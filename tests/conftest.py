"""Fixtures shared by the test folders: the full demo dataset, generated and imported once."""

import os
from pathlib import Path

import pytest

from analytics.paths import PROJECT_ROOT
from tests.shared_builds import private_copy, shared_build

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


#: The generated exports the fixtures use, by name: ``generate(out, **options)``.
RAW = {
    "demo_raw": {"seed": DEMO_SEED, "observed": True},
    "model_raw": {"seed": DEMO_SEED},
    "small_raw": {"seed": 3, "scale": 0.03, "observed": True},
    "small_model_raw": {"seed": 3, "scale": 0.03},
}


def _raw(factory, name: str) -> Path:
    """The shared build of the exports ``name`` of :data:`RAW` (see :mod:`tests.shared_builds`)."""
    from analytics.generate.build import generate

    options = RAW[name]
    return shared_build(factory, name, options, lambda out: generate(out, **options))


def _database(factory, name: str, raw: Path, built_raw: Path, build) -> Path:
    """This process's copy of the shared database ``name``/``name``.duckdb that ``build(raw, db)``
    makes from the shared ``built_raw``; its ``import_meta.raw_dir`` names ``raw``, this process's
    copy of the raw folder, as when each process imported its own."""
    import duckdb

    built = shared_build(factory, name, {"raw": built_raw.name}, lambda out: build(built_raw, out / f"{name}.duckdb"))
    db = private_copy(factory, built, name) / f"{name}.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("update import_meta set value = ? where key = 'raw_dir'", [str(raw.resolve())])
    return db


@pytest.fixture(scope="session")
def demo_raw(tmp_path_factory) -> Path:
    """Five years of demo exports at full scale (about 30 s), with their truth folder, on the
    observed path (expenditure in the Regsosek frame, as a Pemda with its own census has it)."""
    built = _raw(tmp_path_factory, "demo_raw")
    return private_copy(tmp_path_factory, built, "demo_raw")


@pytest.fixture(scope="session")
def model_raw(tmp_path_factory) -> Path:
    """The demo exports as the dashboard's demo has them (about 30 s): Regsosek without
    expenditure, desil from a proxy-means test, and a Susenas-style survey sample per year."""
    built = _raw(tmp_path_factory, "model_raw")
    return private_copy(tmp_path_factory, built, "model_raw")


#: Years of ``model_db`` with a published model run; 2023 is left without one (the *none* view).
MODEL_YEARS = (2021, 2022, 2024, 2025)
#: Smaller Monte Carlo and bootstrap than the product's (100, 200): the plumbing, not the accuracy.
TEST_RUN = {"L": 30, "B": 20}


def _import_and_model(raw: Path, db: Path) -> None:
    """``raw`` imported into ``db``, with a published model run for :data:`MODEL_YEARS`."""
    import duckdb

    from analytics.ingest import run_import
    from analytics.model.publish import publish_runs
    from analytics.model.run import RunSettings, run_model

    run_import(raw, db)
    with duckdb.connect(str(db), read_only=True) as con:
        runs = [run_model(con, year, RunSettings(**TEST_RUN), "test") for year in MODEL_YEARS]
    publish_runs(db, runs)


def _import(raw: Path, db: Path) -> None:
    from analytics.ingest import run_import

    run_import(raw, db)


@pytest.fixture(scope="session")
def model_db(model_raw, tmp_path_factory) -> Path:
    """``model_raw`` imported, with a published model run for :data:`MODEL_YEARS` (2023: none)."""
    built_raw = _raw(tmp_path_factory, "model_raw")
    return _database(tmp_path_factory, "model", model_raw, built_raw, _import_and_model)


@pytest.fixture(scope="session")
def model_con(model_db):
    import duckdb

    con = duckdb.connect(str(model_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_db(demo_raw, tmp_path_factory) -> Path:
    built_raw = _raw(tmp_path_factory, "demo_raw")
    return _database(tmp_path_factory, "demo", demo_raw, built_raw, _import)


@pytest.fixture(scope="session")
def demo_con(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory) -> Path:
    """A small demo dataset (about 3 % of the city, a few seconds) for fast tests."""
    built = _raw(tmp_path_factory, "small_raw")
    return private_copy(tmp_path_factory, built, "small_raw")


@pytest.fixture(scope="session")
def small_db(small_raw, tmp_path_factory) -> Path:
    built_raw = _raw(tmp_path_factory, "small_raw")
    return _database(tmp_path_factory, "small", small_raw, built_raw, _import)


@pytest.fixture(scope="session")
def small_model_raw(tmp_path_factory) -> Path:
    """The small demo (about 3 % of the city) on the model path, as ``model_raw`` at full scale."""
    built = _raw(tmp_path_factory, "small_model_raw")
    return private_copy(tmp_path_factory, built, "small_model_raw")


@pytest.fixture(scope="session")
def small_model_db(small_model_raw, tmp_path_factory) -> Path:
    """``small_model_raw`` imported with published runs for :data:`MODEL_YEARS` (a few seconds):
    for tests of the runs' plumbing (publication, re-imports) rather than of the city's figures."""
    built_raw = _raw(tmp_path_factory, "small_model_raw")
    return _database(tmp_path_factory, "small_model", small_model_raw, built_raw, _import_and_model)


@pytest.fixture(scope="session")
def region_demo(tmp_path_factory):
    """``region_demo(code)``: this process's copy of another region's small demo (``raw/`` and
    ``region.duckdb``, modelled), built once per run (:mod:`tests.regions`)."""
    from tests.regions import region_demo as build

    made: dict[str, Path] = {}

    def get(region: str) -> Path:
        if region not in made:
            made[region] = build(tmp_path_factory, region)
        return made[region]

    return get

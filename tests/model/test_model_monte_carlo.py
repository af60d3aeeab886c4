"""A run's Monte Carlo errors: stored with its estimates, read back, and told on Model SAE."""

import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.model import published
from analytics.model.publish import publish_run
from analytics.model.run import RunSettings, run_model
from analytics.views.sae_mc_error import NOT_RECORDED, monte_carlo_note
from analytics.views.sae_page import run_view
from analytics.views.selection import kelurahan_names

QUICK = {"L": 20, "B": 12, "seed": 5}


@pytest.fixture(scope="module")
def run(model_con):
    return run_model(model_con, 2024, RunSettings(**QUICK), "test")


def _official(run) -> pd.DataFrame:
    estimates = run.estimates
    return published.widen(estimates[(estimates["line"] == "official") & (estimates["level"] == "kelurahan")])


def test_every_stored_estimate_has_its_monte_carlo_errors(run):
    estimates = run.estimates
    assert estimates["mc_se"].notna().all() and (estimates["mc_se"] >= 0).all()
    poverty = estimates[estimates["indicator"].isin(["p0", "p1", "p2"])]
    assert poverty["mse_mc_se"].notna().all() and (poverty["mse_mc_se"] >= 0).all()
    # Not for Watts and the mean: their heavy-tailed squared errors make it unreliable.
    assert estimates[~estimates["indicator"].isin(["p0", "p1", "p2"])]["mse_mc_se"].isna().all()
    # A city figure pools the kelurahan's draws: its error is below the largest kelurahan's.
    part = estimates[(estimates["indicator"] == "p0") & (estimates["line"] == "official")]
    city = part[part["level"] == "kota"]["mc_se"].iloc[0]
    assert 0 < city < part[part["level"] == "kelurahan"]["mc_se"].max()


def test_the_classes_marked_near_a_border_are_those_two_errors_reach(run):
    kel = _official(run)
    names = kel["kode"].map(kelurahan_names())
    view = run_view(run)
    marked = set(view.estimates.loc[view.estimates["Keandalan P0"].str.endswith("dekat batas"), "Kelurahan"])
    # The delta method written out again, from the stored columns.
    p0, mse, se, mse_se = (kel[c].astype(float) for c in ("p0", "mse_p0", "mc_se_p0", "mse_mc_se_p0"))
    cv_se = np.sqrt((mse_se / (2 * np.sqrt(mse) * p0)) ** 2 + (np.sqrt(mse) * se / p0**2) ** 2)
    cv = np.sqrt(mse) / p0
    expected = set(names[(np.abs(cv - 0.25) <= 2 * cv_se) | (np.abs(cv - 0.50) <= 2 * cv_se)])
    assert expected  # with L = 20 and B = 12 some class is always near a border
    assert marked == expected
    assert f"L = {QUICK['L']}, B = {QUICK['B']}" in view.monte_carlo_note
    for name in expected:
        assert name in view.monte_carlo_note


def test_with_few_draws_the_rule_fails_and_the_page_names_the_kelurahan(run):
    # L = 20 leaves the estimates' error near sqrt(1/20) = 22 % of the root MSE: above 10 %.
    view = run_view(run)
    warnings = [w for w in view.warnings if w.startswith("Galat Monte Carlo P0")]
    assert len(warnings) == 1
    kel = _official(run)
    share = kel["mc_se_p0"].astype(float) / np.sqrt(kel["mse_p0"].astype(float))
    mse_share = kel["mse_mc_se_p0"].astype(float) / kel["mse_p0"].astype(float)
    failing = kel["kode"].map(kelurahan_names())[(share > 0.10) | (mse_share > 0.20)]
    assert len(failing) > 0
    if len(failing) == len(kel):
        assert "di semua kelurahan" in warnings[0]
    else:
        assert f"di {len(failing)} dari {len(kel)} kelurahan" in warnings[0]
        assert all(name in warnings[0] for name in failing)


def test_a_published_run_reads_back_its_errors(run, model_db, tmp_path):
    db = tmp_path / "model.duckdb"
    shutil.copy2(model_db, db)
    publish_run(db, run)
    with duckdb.connect(str(db), read_only=True) as con:
        stored = published.estimates(con, run.run_id, "official", "kelurahan")
    mine = _official(run).set_index("kode")
    stored = stored.set_index("kode").loc[mine.index]
    for column in ("mc_se_p0", "mse_mc_se_p0", "mc_se_p2", "mse_mc_se_p2"):
        np.testing.assert_allclose(stored[column].astype(float), mine[column].astype(float), rtol=1e-12)


def test_a_database_stored_before_the_errors_reads_and_gains_them_on_publication(run, model_db, tmp_path):
    db = tmp_path / "old.duckdb"
    shutil.copy2(model_db, db)
    with duckdb.connect(str(db)) as con:
        for column in ("mc_se", "mse_mc_se"):
            con.execute(f"alter table sae_estimate drop column {column}")
        old_id = published.runs(con).iloc[0]["run_id"]
    with duckdb.connect(str(db), read_only=True) as con:
        old = published.estimates(con, old_id, "official", "kelurahan")
        assert old["mc_se_p0"].isna().all()
        old_run = published.stored_run(con, old_id)
    assert run_view(old_run).monte_carlo_note == NOT_RECORDED
    publish_run(db, run)
    with duckdb.connect(str(db), read_only=True) as con:
        assert published.estimates(con, old_id, "official", "kelurahan")["mc_se_p0"].isna().all()
        assert published.estimates(con, run.run_id, "official", "kelurahan")["mc_se_p0"].notna().all()


def test_a_run_without_bootstrap_says_the_mse_has_no_error():
    kel = pd.DataFrame(
        {
            "p0": [0.05, 0.10],
            "mc_se_p0": [0.001, 0.002],
            "mse_p0": [np.nan, np.nan],
            "mse_mc_se_p0": [np.nan, np.nan],
        }
    )
    note = monte_carlo_note(kel, pd.Series(["A", "B"]), 100, 0)
    assert "terbesar P0: 0,20 poin (tanpa MSE: B = 0)" in note.note and note.warnings == []


def test_one_replicate_or_one_draw_says_why_there_is_no_error():
    kel = pd.DataFrame(
        {"p0": [0.05], "mc_se_p0": [0.001], "mse_p0": [0.0001], "mse_mc_se_p0": [np.nan], "cv_p0": [0.2]}
    )
    assert "tidak dapat dihitung dengan B = 1" in monte_carlo_note(kel, pd.Series(["A"]), 100, 1).note
    single = monte_carlo_note(kel.assign(mc_se_p0=np.nan), pd.Series(["A"]), 1, 200)
    assert single.note.startswith("Galat Monte Carlo tidak dapat dihitung dengan L = 1")


def test_runs_carried_over_a_reimport_from_a_database_without_the_errors_keep_null(run, model_db, tmp_path):
    from analytics.ingest.database import append_frame
    from analytics.model.carry import previous_runs, restore_runs

    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    shutil.copy2(model_db, old)
    shutil.copy2(model_db, new)
    with duckdb.connect(str(old)) as con:
        for column in ("mc_se", "mse_mc_se"):
            con.execute(f"alter table sae_estimate drop column {column}")
    previous = previous_runs(old)
    assert "mc_se" not in previous["sae_estimate"]
    with duckdb.connect(str(new)) as con:
        for table in ("sae_family", "sae_estimate", "sae_run"):
            con.execute(f"delete from {table}")
        assert restore_runs(con, previous, append_frame) == len(previous["sae_run"])
        carried = con.execute("select count(*), count(mc_se), count(mse_mc_se) from sae_estimate").fetchone()
    assert carried[0] == len(previous["sae_estimate"]) and carried[1:] == (0, 0)

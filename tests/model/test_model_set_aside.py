"""The run option that leaves out influential survey households, on a copy of the modelled demo."""

import json
import shutil

import duckdb
import pandas as pd
import pytest

from analytics.cli.sae_database import _say_influence
from analytics.model.run import RunSettings, run_model
from analytics.views.sae_page import run_view

# Without the Dinas Sosial's recap: the planted household falls below the extreme line, and with
# the recap on (the default) it is counted, not modelled (the last test).
QUICK = {"L": 3, "B": 0, "seed": 5, "counted": False}
YEAR = 2024


@pytest.fixture(scope="module")
def planted(model_db, tmp_path_factory):
    """The demo with one surveyed household's expenditure typed a hundred times too small."""
    path = tmp_path_factory.mktemp("set_aside") / "demo.duckdb"
    shutil.copy(model_db, path)
    con = duckdb.connect(str(path))
    row = con.execute(
        "select file, row_number from survey_household where year = ? order by file, row_number limit 1 offset 7",
        [YEAR],
    ).fetchone()
    con.execute(
        "update survey_household set expenditure_pc = expenditure_pc / 100 where year = ? and file = ? and "
        "row_number = ?",
        [YEAR, *row],
    )
    yield con, f"{row[0]}:{row[1]}"
    con.close()


def test_the_check_names_the_household_and_the_option_leaves_it_out(planted, capsys):
    con, unit = planted
    plain = run_model(con, YEAR, RunSettings(**QUICK), "test")
    _say_influence(plain)  # what `sae run` prints beside its table
    assert unit in capsys.readouterr().err
    influence = pd.DataFrame(plain.diagnostics["influence"])
    flagged = influence[influence["influential"]]
    assert flagged["unit_id"].tolist() == [unit]
    view = run_view(plain)
    assert any(unit in w and "bergeser dari" in w for w in view.warnings)
    assert view.verdict.level == "caveat" and any("1 rumah tangga survei yang" in r for r in view.verdict.reasons)
    assert view.influence["Berpengaruh"].tolist().count("ya") == 1

    aside = run_model(con, YEAR, RunSettings(**QUICK, set_aside=True), "test")
    assert [row["unit_id"] for row in aside.diagnostics["set_aside"]] == [unit]
    assert aside.run["n_survey"] == plain.run["n_survey"] - 1
    assert json.loads(aside.run["parameters"])["set_aside_requested"] is True
    # the direct estimates keep every surveyed household: they do not rest on the model
    direct = [pd.DataFrame(run.diagnostics["direct"])[["area", "direct", "cv_direct"]] for run in (aside, plain)]
    pd.testing.assert_frame_equal(*direct)
    aside_view = run_view(aside)
    assert any("disisihkan dari model atas pilihan analis" in w and unit in w for w in aside_view.warnings)
    assert aside_view.verdict.level != "publish"
    # the run left out exactly what the check said: its total is the check's "without" figure
    kota = aside.estimates[(aside.estimates["level"] == "kota") & (aside.estimates["line"] == "official")]
    p0 = kota.loc[kota["indicator"] == "p0", "estimate"].iloc[0]
    assert p0 == pytest.approx(flagged["official_p0_without"].iloc[0], rel=0.05)


def test_with_the_recap_on_the_household_below_the_extreme_line_is_counted_not_modelled(planted):
    con, unit = planted
    run = run_model(con, YEAR, RunSettings(L=3, B=0, seed=5), "test")
    assert [row["unit_id"] for row in run.diagnostics["counted_survey"]] == [unit]
    influence = pd.DataFrame(run.diagnostics["influence"])
    assert unit not in influence["unit_id"].tolist() and not influence["influential"].any()
    view = run_view(run)
    assert any(unit in w and "di bawah garis kemiskinan ekstrem" in w for w in view.warnings)

"""Published model runs as the pages use them: identities, truth, and the program figures.

``model_db`` publishes runs with L = 30, B = 20 (plumbing, not accuracy); the accuracy of the
default model is measured by benchmarks/sae_demo_simulation.py.
"""

import json

import numpy as np
import pandas as pd
import pytest

from analytics.access.scope import User
from analytics.errors import NoWelfareData
from analytics.model import published
from analytics.model.covariates import frame_households
from analytics.programs.coverage import coverage, uncovered_eligible
from analytics.sae.stored import StoredModel
from analytics.segments import segments
from analytics.simulation import simulate_transfer
from analytics.welfare.estimates import area_estimates
from analytics.welfare.source import welfare_source
from tests.conftest import MODEL_YEARS

ANALIS = User("analis", "analis")


def _run_id(con, year):
    return welfare_source(con, year).run_id


def test_each_year_says_where_its_figures_come_from(model_con):
    for year in (2021, 2022, 2023, 2024, 2025):
        source = welfare_source(model_con, year)
        assert source.kind == ("model" if year in MODEL_YEARS else "none")
        assert source.survey_households > 500
    with pytest.raises(NoWelfareData, match="proxy-means test"):
        area_estimates(model_con, 2023, "kelurahan")


def test_fgt_ordering_holds_for_every_stored_estimate(model_con):
    e = model_con.execute("select run_id, line, level, kode, indicator, estimate from sae_estimate").df()
    wide = e.pivot_table(index=["run_id", "line", "level", "kode"], columns="indicator", values="estimate")
    assert len(wide) == len(MODEL_YEARS) * 2 * (15 + 3 + 1)
    assert (wide["p2"] <= wide["p1"] + 1e-15).all() and (wide["p1"] <= wide["p0"] + 1e-15).all()
    assert (wide[["p0", "p1", "p2"]] >= 0).all().all()


def test_kecamatan_and_city_are_the_persons_weighted_means_of_their_kelurahan(model_con):
    for year in MODEL_YEARS:
        kel = area_estimates(model_con, year, "kelurahan")
        kel["kec"] = kel["kode"].str[:8]
        for level, key in (("kecamatan", "kec"), ("kota", None)):
            groups = area_estimates(model_con, year, level).set_index("kode")
            grouped = kel.groupby(key) if key else [("64.74", kel)]
            for code, part in grouped:
                w = part["population"] / part["population"].sum()
                for m in ("p0", "p1", "p2"):
                    assert groups.loc[code, m] == pytest.approx(float((w * part[m]).sum()), rel=1e-9)
                assert groups.loc[code, "population"] == part["population"].sum()


def test_family_probabilities_are_the_stored_models_and_add_up_to_the_estimates(model_con):
    year = 2024
    run = published.run_row(model_con, _run_id(model_con, year))
    stored = StoredModel.from_json(run["model"])
    fill = pd.Series(run["parameters"]["fill"], dtype=float)
    frame = frame_households(model_con, year, fill).data
    fam = (
        model_con.execute(
            "select family_id, probability, expected_gap from sae_family where run_id = ? and line = 'official'",
            [run["run_id"]],
        )
        .df()
        .set_index("family_id")
    )
    line = float(run["parameters"]["lines"]["official"])
    exact = stored.unit_expectations(frame, line)
    np.testing.assert_allclose(fam.loc[frame["unit_id"], "probability"], exact["p0"], rtol=1e-12)
    # The Monte Carlo estimate (L = 30) of each kelurahan is near the exact EB of its families,
    # blended with the Dinas Sosial recap's persons counted at the extreme line (the demo's 2024 has one):
    # the families' probabilities are the model's part, the recap names no family.
    frame["poor"], frame["gap"] = exact["p0"] * frame["size"], exact["p1"] * frame["size"]
    sums = frame.groupby("kode_kelurahan")[["poor", "gap", "size"]].sum()
    counted = run["parameters"]["counted"]
    share = pd.Series(counted["areas"], dtype=float).reindex(sums.index, fill_value=0.0) / sums["size"]
    gap = 1 - counted["below"] / line
    assert share.sum() > 0
    kel = area_estimates(model_con, year, "kelurahan").set_index("kode")
    assert np.abs(share + (1 - share) * sums["poor"] / sums["size"] - kel["p0"]).max() < 0.006
    assert np.abs(share * gap + (1 - share) * sums["gap"] / sums["size"] - kel["p1"]).max() < 0.002


def test_model_intervals_cover_the_true_kelurahan_head_count_mostly(model_raw, model_con):
    from analytics.generate.truth import truth_families
    from analytics.generate.welfare import targets

    truth = truth_families(model_raw)
    inside, total = 0, 0
    for year in MODEL_YEARS:
        t = truth[truth["year"] == year]
        poor = (t["expenditure_pc"] < targets(year)["z"]) * t["size"]
        true_p0 = poor.groupby(t["kode_kel"]).sum() / t["size"].groupby(t["kode_kel"]).sum()
        kel = area_estimates(model_con, year, "kelurahan").set_index("kode")
        covered = (kel["lower_p0"] <= true_p0) & (true_p0 <= kel["upper_p0"])
        inside, total = inside + int(covered.sum()), total + len(covered)
    # Nominal 90 %; with B = 20 the MSE itself is rough, so the bar is lower than nominal.
    assert inside / total >= 0.7


def test_coverage_under_a_model_counts_expected_families(model_con):
    year = 2024
    fam = model_con.execute(
        "select f.kode_kelurahan, s.probability, f.receives_pkh or f.receives_sembako or f.receives_pbi or "
        "f.receives_bst or f.receives_bpum or f.receives_prakerja or f.receives_kur as covered "
        "from sae_family s join family f on f.year = s.year and f.family_id = s.family_id "
        "where s.run_id = ? and s.line = 'official'",
        [_run_id(model_con, year)],
    ).df()
    got = coverage(model_con, year, "kelurahan", "any", "poor").set_index("kode")
    expected = fam.groupby("kode_kelurahan")["probability"].sum()
    covered = fam[fam["covered"]].groupby("kode_kelurahan")["probability"].sum()
    np.testing.assert_allclose(got.loc[expected.index, "eligible_families"], expected, rtol=1e-9)
    np.testing.assert_allclose(got.loc[covered.index, "covered_eligible"], covered, rtol=1e-9)
    assert got["eligible_families"].dtype == float  # expected counts are not rounded to families


def test_segments_under_a_model_add_up_to_the_families_expected_gap(model_con):
    year = 2025
    seg = segments(model_con, year, "kota")
    fam = model_con.execute(
        "select s.expected_gap, f.size from sae_family s join family f on f.year = s.year and "
        "f.family_id = s.family_id where s.run_id = ? and s.line = 'official'",
        [_run_id(model_con, year)],
    ).df()
    exact_p1 = (fam["expected_gap"] * fam["size"]).sum() / fam["size"].sum()
    assert seg["gap_contribution"].sum() == pytest.approx(exact_p1, rel=1e-9)
    assert seg["p1_share"].sum() == pytest.approx(1.0)


def test_the_uncovered_list_under_a_model_is_the_likely_poor_most_likely_first(model_con):
    listed = uncovered_eligible(model_con, 2024, "poor", user=ANALIS)
    assert len(listed) > 0 and (listed["probability"] >= 0.5).all()
    assert listed["probability"].is_monotonic_decreasing
    assert listed["expenditure_pc"].isna().all()
    fewer = uncovered_eligible(model_con, 2024, "poor", user=ANALIS, min_probability=0.7)
    assert set(fewer["family_id"]) <= set(listed["family_id"]) and len(fewer) < len(listed)


def test_the_transfer_simulation_runs_on_the_models_draws(model_con):
    nothing = simulate_transfer(model_con, 2024, 0.0, n_families=500)
    assert nothing.method == "model"
    assert (nothing.table["change"] == 0).all() and (nothing.table["change_upper"] == 0).all()
    large = simulate_transfer(model_con, 2024, 50_000_000.0, n_families=60_000)
    assert large.families_reached > 50_000
    # only the extreme-poverty recap's persons stay, at the extreme line: the recap names no family to reach
    run = published.run_row(model_con, _run_id(model_con, 2024))
    counted = run["parameters"]["counted"]
    assert large.counted_persons == counted["persons"] > 0
    share = counted["persons"] / model_con.execute("select sum(size) from family where year = 2024").fetchone()[0]
    gap = 1 - counted["below"] / run["parameters"]["lines"]["official"]
    after = large.table.set_index("measure")["after"]
    np.testing.assert_allclose(after.to_numpy(), [share, share * gap, share * gap**2], rtol=1e-12)
    # before the transfer the simulator's city figures are the published ones (the recap's persons in)
    city = area_estimates(model_con, 2024, "kota").iloc[0]
    before = large.table.set_index("measure")["before"]
    for measure in ("p0", "p1", "p2"):
        assert before[measure] == pytest.approx(city[measure], rel=0.05), measure
    some = simulate_transfer(model_con, 2024, 400_000.0, n_families=1_000)
    row = some.table.set_index("measure").loc["p0"]
    assert row["change_lower"] <= row["change"] <= row["change_upper"] <= 0
    assert row["before_lower"] <= row["before"] <= row["before_upper"]


def test_runs_keep_what_reproduces_them(model_con):
    run = published.run_row(model_con, _run_id(model_con, 2024))
    assert run["seed"] > 0 and run["mc_draws"] == 30 and run["bootstrap"] == 20
    assert {"numpy", "scipy", "pandas", "formulaic", "duckdb", "python"} <= set(run["versions"])
    assert set(run["diagnostics"]) >= {"summary", "coefficients", "residuals", "qq_unit", "qq_area", "cooks", "direct"}
    assert json.loads(run["model"])["format"].startswith("analytics.sae.StoredModel")

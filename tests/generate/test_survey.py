"""The synthetic Susenas sample: two-stage design, weights, harmonised covariates, damage."""

import numpy as np
import pandas as pd
import pytest

from analytics.generate import survey
from analytics.generate.population import YEARS
from analytics.generate.truth import damage_log, survey_design, truth_families, truth_rows
from analytics.reference import load_kelurahan

REGSOSEK_OF = {"jumlah_art": "jumlah_anggota_keluarga", **{c: c for c in survey.COVARIATES}}


def read_survey(raw, year) -> pd.DataFrame:
    return pd.read_csv(raw / str(year) / "susenas.csv", dtype={"KODE_WILAYAH": str, "kode_wilayah": str})


def damaged_uids(raw, year, file, column=None) -> set:
    log = damage_log(raw)
    log = log[(log["year"] == year) & (log["file"] == file)]
    if column is not None:
        log = log[log["column"] == column]
    return set(log["uid"])


def test_headers_follow_the_layout_in_each_years_spelling(model_raw):
    for year in YEARS:
        header = list(read_survey(model_raw, year).columns)
        expected = [c.upper() for c in survey.COLUMNS] if year == 2025 else survey.COLUMNS
        assert header == expected, year


def test_full_scale_sample_is_57_blocks_of_10_minus_nonresponse(model_raw):
    design = survey_design(model_raw)
    missing = 0
    for year in YEARS:
        d = design[design["year"] == year]
        rows = len(read_survey(model_raw, year))
        assert d["drawn"].sum() == 57
        assert (d.loc[d["drawn"], "sampled"] == 10).all()
        assert rows == d["interviewed"].sum()
        assert 540 <= rows < 570, year
        missing += 570 - rows
    assert 0.01 < missing / (5 * 570) < 0.035, "about 2 % unit nonresponse"


def test_census_blocks_hold_80_to_150_families_and_persist(model_raw):
    fam = truth_families(model_raw)
    sizes = fam.groupby(["year", "census_block"]).size()
    assert sizes.between(80, 150).all(), sizes.describe()
    assert (fam.groupby(["year", "census_block"])["kode_kel"].nunique() == 1).all()
    design = survey_design(model_raw).set_index(["year", "nks"])["families"]
    assert design.sort_index().equals(sizes.rename_axis(["year", "nks"]).rename("families").sort_index())
    a = fam[fam["year"] == 2023].set_index("family_id")["census_block"]
    b = fam[fam["year"] == 2024].set_index("family_id")["census_block"]
    both = a.index.intersection(b.index)
    assert (a[both] == b[both]).mean() > 0.97


def test_weights_add_up_to_the_families_of_the_year(model_raw):
    fam = truth_families(model_raw)
    design = survey_design(model_raw)
    rows = truth_rows(model_raw, "susenas")
    for year in YEARS:
        families = (fam["year"] == year).sum()
        d = design[(design["year"] == year) & design["drawn"]]
        # Horvitz-Thompson identity of systematic PPS: sum over drawn blocks of size / pi = total.
        assert (d["families"] / d["pi_block"]).sum() == pytest.approx(families, rel=1e-9)
        assert rows.loc[rows["year"] == year, "fwt"].sum() == pytest.approx(families, rel=1e-4)
        exported = pd.to_numeric(read_survey(model_raw, year).iloc[:, 3])
        assert exported[exported > 0].sum() == pytest.approx(families, rel=0.03)


def test_weight_is_inverse_inclusion_probability_adjusted_for_nonresponse(model_raw):
    year = 2024
    rows = truth_rows(model_raw, "susenas").query("year == @year")
    sample = read_survey(model_raw, year)
    d = survey_design(model_raw).query("year == @year and drawn").set_index("nks")
    block = d.loc[sample["nks"]]
    pi = block["pi_block"].to_numpy() * block["sampled"].to_numpy() / block["families"].to_numpy()
    assert rows["pi"].to_numpy() == pytest.approx(pi)
    adjusted = block["sampled"].to_numpy() / block["interviewed"].to_numpy() / pi
    assert rows["fwt"].to_numpy() == pytest.approx(adjusted, rel=1e-5)


def test_pps_draw_is_unbiased_over_repeated_samples():
    rng = np.random.default_rng(0)
    sizes = pd.Series(rng.integers(80, 151, 30), index=[f"B{i:02d}" for i in range(30)])
    fam = pd.DataFrame({"census_block": np.repeat(sizes.index, sizes.to_numpy())})
    fam["family_id"] = np.arange(len(fam))
    # A variable that differs between blocks and within them, like expenditure.
    y = rng.lognormal(0, 0.5, len(sizes))[np.repeat(np.arange(len(sizes)), sizes.to_numpy())]
    y = y * rng.lognormal(0, 0.5, len(fam))
    fam["size"] = 1 + (y > np.median(y)).astype(int)
    estimates, drawn = [], np.zeros(len(sizes))
    for seed in range(400):
        sample, frame = survey.draw_sample(fam, np.random.default_rng(seed))
        estimates.append((sample["fwt"] * fam["size"].to_numpy()[sample["family_id"]]).sum())
        drawn += frame["drawn"].to_numpy()
    assert len(sample) <= 10 * survey.blocks_to_draw(len(sizes))
    estimates = np.array(estimates)
    se = estimates.std() / np.sqrt(len(estimates))
    assert abs(estimates.mean() - fam["size"].sum()) < 3.5 * se
    pi = frame["pi_block"].to_numpy()
    assert np.abs(drawn / 400 - pi).max() < 4 * np.sqrt(pi * (1 - pi) / 400).max()


def test_survey_households_are_true_families_with_their_regsosek_covariates(model_raw):
    fam = truth_families(model_raw)
    for year in YEARS:
        sample = read_survey(model_raw, year)
        sample.columns = sample.columns.str.lower()
        rows = truth_rows(model_raw, "susenas").query("year == @year").reset_index(drop=True)
        truth = fam[fam["year"] == year].set_index("family_id").loc[rows["family_id"]]
        assert (sample["nks"].to_numpy() == truth["census_block"].to_numpy()).all()
        assert sample["urut_ruta"].between(1, 10).all()
        assert not sample.duplicated(["nks", "urut_ruta"]).any()
        clean = ~rows["uid"].isin(damaged_uids(model_raw, year, "susenas.csv")).to_numpy()
        assert (pd.to_numeric(sample["kapita"][clean]) == truth["expenditure_pc"][clean].to_numpy()).all()
        codes = truth["kode_kel"].str.replace(".", "", regex=False).to_numpy()
        assert (sample["kode_wilayah"][clean].to_numpy() == codes[clean]).all()
        if not (model_raw / str(year) / "regsosek.csv").exists():
            continue  # a DTSEN year: tests/model/test_model_import compares its covariates with the frame's
        reg = pd.read_csv(model_raw / str(year) / "regsosek.csv", dtype=str)
        reg_rows = truth_rows(model_raw, "regsosek").query("year == @year").reset_index(drop=True)
        reg["_family_id"] = reg_rows["family_id"]
        zeroed = reg_rows["uid"].isin(damaged_uids(model_raw, year, "regsosek.csv", "jumlah_anggota_keluarga"))
        zeroed = set(reg_rows.loc[zeroed, "family_id"])
        reg = reg.drop_duplicates("_family_id").set_index("_family_id").loc[rows["family_id"]]
        for column, source in REGSOSEK_OF.items():
            same = sample[column].astype(str).to_numpy() == reg[source].to_numpy()
            if column == "jumlah_art":  # a household size damaged to 0 in Regsosek only
                same |= rows["family_id"].isin(zeroed).to_numpy()
            assert same.all(), (year, column)


def test_survey_damage_is_logged_and_visible(model_raw):
    kelurahan = set(load_kelurahan()["kode"].str.replace(".", "", regex=False))
    for year in YEARS:
        sample = read_survey(model_raw, year)
        sample.columns = sample.columns.str.lower()
        rows = truth_rows(model_raw, "susenas").query("year == @year").reset_index(drop=True)
        log = damage_log(model_raw).query("year == @year and file == 'susenas.csv'")
        kinds = log["kind"].value_counts()
        assert kinds["weight_not_positive"] == 2 and kinds["region_code_invalid"] == 1
        assert kinds["expenditure_missing"] == round(0.005 * len(sample))
        hit = {kind: rows["uid"].isin(set(g["uid"])).to_numpy() for kind, g in log.groupby("kind")}
        assert (sample["kapita"].isna().to_numpy() == hit["expenditure_missing"]).all()
        assert ((sample["fwt"] <= 0).to_numpy() == hit["weight_not_positive"]).all()
        assert (~sample["kode_wilayah"].isin(kelurahan).to_numpy() == hit["region_code_invalid"]).all()


def test_small_scale_draws_a_third_of_the_blocks(small_raw):
    design = survey_design(small_raw)
    for year, d in design.groupby("year"):
        assert d["drawn"].sum() == round(len(d) / 3), year
        assert len(read_survey(small_raw, year)) <= 10 * d["drawn"].sum()
        assert d.loc[d["drawn"], "families"].sum() < d["families"].sum() / 2

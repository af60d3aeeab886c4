"""The model path's data: a Regsosek without expenditure, a survey file, harmonised covariates."""

import numpy as np
import pandas as pd
import pytest

from analytics import sql
from analytics.generate.population import YEARS
from analytics.generate.truth import damaged_rows, truth_rows
from analytics.ingest.survey import survey_areas
from analytics.model.covariates import COVARIATES, UNAVAILABLE, frame_households, survey_households, weighted_means


def test_a_regsosek_export_without_expenditure_imports(model_raw, model_con):
    assert "pengeluaran_per_kapita" not in pd.read_csv(model_raw / "2024" / "regsosek.csv", nrows=0).columns
    query = "select year, count(*), count(expenditure_pc) from family group by 1 order by 1"
    counts = model_con.execute(query).fetchall()
    assert [year for year, _, _ in counts] == list(YEARS)
    assert all(families > 50_000 and with_expenditure == 0 for _, families, with_expenditure in counts)


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("expenditure_missing", "expenditure_missing"),
        ("weight_not_positive", "weight_invalid"),
        ("region_code_invalid", "region_unknown"),
    ],
)
def test_damaged_survey_rows_are_quarantined_with_their_reason(model_raw, model_con, kind, reason):
    damaged = damaged_rows(model_raw, kind)
    damaged = damaged[damaged["source"] == "susenas"]
    assert len(damaged) >= len(YEARS), "the generator damages every year's survey"
    q = model_con.execute("select year, row_number as row, reason_code from quarantine where source = 'susenas'").df()
    got = damaged.merge(q, on=["year", "row"], how="left")
    assert (got["reason_code"] == reason).all()


def test_every_survey_row_is_loaded_or_quarantined(model_raw, model_con):
    log = model_con.execute("select year, rows_read, loaded, quarantined from import_log where source = 'susenas'").df()
    for row in log.itertuples():
        assert row.rows_read == len(pd.read_csv(model_raw / str(row.year) / "susenas.csv"))
        assert row.loaded + row.quarantined == row.rows_read
        stored = model_con.execute("select count(*) from survey_household where year = ?", [row.year]).fetchone()[0]
        assert stored == row.loaded > 500


def test_the_2025_upper_case_headers_map_like_the_others(model_con):
    rows = dict(model_con.execute("select year, count(*) from survey_household group by 1").fetchall())
    assert rows[2025] > 500 and abs(rows[2025] - rows[2024]) < 30


@pytest.mark.parametrize("year", [2022, 2025])
def test_survey_covariates_equal_the_frame_covariates_of_the_same_family(model_raw, model_con, year):
    # Harmonisation: a surveyed household is a family of the frame (the generator draws it from
    # the same truth), so every covariate computed from its survey row must equal the one
    # computed from its frame row (Regsosek; DTSEN keluarga and anggota in 2025), by the one query
    # both sides go through.
    survey = survey_households(model_con, year).data
    frame = frame_households(model_con, year, weighted_means(survey)).data.set_index("unit_id")
    rows = truth_rows(model_raw, "susenas").query("year == @year")
    rows["unit_id"] = f"{year}/susenas.csv:" + rows["row"].astype(str)
    survey = survey.merge(rows[["unit_id", "family_id"]], on="unit_id", how="inner")
    survey = survey[survey["family_id"].isin(frame.index)]
    assert len(survey) > 500
    # A DTSEN frame (2025) cannot give contributory insurance; the model refuses that covariate.
    names = [n for n in COVARIATES if n not in UNAVAILABLE["dtsen"] or year < 2025]
    theirs = frame.loc[survey["family_id"], names].reset_index(drop=True)
    ours = survey[names].reset_index(drop=True)
    # Regsosek rows damaged by the generator (a cleaned size, say) may differ: nearly all agree.
    same = np.isclose(ours.to_numpy(float), theirs.to_numpy(float)).all(axis=1)
    assert same.mean() > 0.97
    for name in names:
        assert np.isclose(ours[name], theirs[name])[same].all(), name


def test_the_covariate_query_gives_exactly_the_documented_covariates(model_con):
    frame = sql.frame(
        model_con, "model/household_covariates", {"year": 2024}, households=sql.text("model/frame_households")
    )
    from analytics.model.contextual import CONTEXTUAL

    keys = ["unit_id", "cluster", "kode_kelurahan", "kode_kecamatan", "size", "weight", "expenditure_pc"]
    # The query gives the household covariates and the desil shares; the other contextual
    # shares are added from its frame rows (analytics.model.contextual).
    assert [c for c in frame.columns if c not in keys] == [c for c in COVARIATES if c not in CONTEXTUAL]
    binary = [c for c in COVARIATES if not c.endswith(("_share", "_size", "_1_4")) and c not in CONTEXTUAL]
    assert frame[binary].isin([0.0, 1.0]).all().all()


def test_contextual_shares_are_the_frames_own_and_the_same_on_both_sides(model_con):
    # Written out again on the family table's raw fields: the share of families without a
    # worker and with an earth or wooden floor, per kelurahan and per kecamatan.
    raw = model_con.execute(
        """
        select kode_kelurahan, kode_kecamatan,
               (n_working = 0)::double as no_worker,
               (upper(trim(floor)) in ('TANAH', 'KAYU/PAPAN', 'BAMBU'))::double as floor_earth_or_wood
        from family where year = 2024
        """
    ).df()
    survey = survey_households(model_con, 2024).data
    frame = frame_households(model_con, 2024, weighted_means(survey)).data
    for prefix, column in (("kel", "kode_kelurahan"), ("kec", "kode_kecamatan")):
        expected = raw.groupby(column)[["no_worker", "floor_earth_or_wood"]].mean()
        for side in (survey, frame):
            for source in ("no_worker", "floor_earth_or_wood"):
                got = side.groupby(column)[f"{prefix}_{source}"].agg(["min", "max"])
                np.testing.assert_allclose(got["min"], got["max"])  # one value per area
                np.testing.assert_allclose(got["min"], expected.loc[got.index, source], rtol=1e-12)
    assert survey["kec_no_worker"].nunique() == frame["kode_kecamatan"].nunique()


def test_survey_area_codes_keep_kelurahan_or_fall_back_to_kecamatan():
    kel, kec = survey_areas(pd.Series(["6474021003", "64.74.02.1003", "647403", 6474011001.0, "647499", None]))
    assert kel.tolist() == ["64.74.02.1003", "64.74.02.1003", None, "64.74.01.1001", None, None]
    assert kec.tolist() == ["64.74.02", "64.74.02", "64.74.03", "64.74.01", None, None]


def test_the_readme_documents_every_covariate_as_the_code_defines_it():
    from analytics.model.covariates import DEFAULT_COVARIATES
    from analytics.paths import PROJECT_ROOT

    # The covariate table is in the method document the README links (docs/method.md).
    text = (PROJECT_ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0].strip("`") in COVARIATES:
            rows[cells[0].strip("`")] = cells
    assert list(rows) == list(COVARIATES)
    for name, (_, label, how, default) in rows.items():
        assert (label, how) == COVARIATES[name]
        assert (default == "ya") == (name in DEFAULT_COVARIATES)


def test_a_dtsen_year_refuses_a_covariate_dtsen_cannot_give(model_con):
    from analytics.errors import DataError
    from analytics.model.covariates import check_frame

    with pytest.raises(DataError, match="tidak tersedia pada kerangka DTSEN tahun 2025"):
        check_frame(model_con, 2025, ["log_size", "insurance_contributory"])
    check_frame(model_con, 2024, ["log_size", "insurance_contributory"])
    check_frame(model_con, 2025, ["log_size", "insurance_pbi"])


def test_a_frame_without_desil_refuses_the_desil_share_rather_than_reading_zero(model_db, tmp_path):
    import shutil

    import duckdb

    from analytics.errors import DataError
    from analytics.model.covariates import (
        DEFAULT_COVARIATES,
        HOUSEHOLD_DEFAULT,
        check_frame,
        default_covariates,
        frame_households,
        weighted_means,
    )
    from analytics.model.run import RunSettings, run_model

    db = tmp_path / "no_desil.duckdb"
    shutil.copy2(model_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("update family set desil = null where year = 2024")
        with pytest.raises(DataError, match="tidak memuat desil"):
            check_frame(con, 2024, ["log_size", "area_desil_1_4"])
        check_frame(con, 2024, ["log_size"])
        check_frame(con, 2023, ["log_size", "area_desil_1_4"])
        # The share itself is missing, not 0: a family of the frame reads null there.
        fill = weighted_means(survey_households(con, 2023).data)
        frame = frame_households(con, 2024, fill.drop("area_desil_1_4"))
        assert frame.data["area_desil_1_4"].isna().all()
        # The recommended model of that year leaves the share out, so its default run still runs.
        assert default_covariates(con, 2024) == HOUSEHOLD_DEFAULT
        assert default_covariates(con, 2023) == DEFAULT_COVARIATES
        run = run_model(con, 2024, RunSettings(L=3, B=0), "test")
        assert run.run["covariates"] == ",".join(HOUSEHOLD_DEFAULT)

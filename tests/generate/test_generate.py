"""The demo register generator: layouts, determinism, panel dynamics and calibration."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from scipy.stats import spearmanr

from analytics.generate.build import DTSEN_FROM
from analytics.generate.damage import RATES
from analytics.generate.population import YEARS
from analytics.generate.truth import damage_log, truth_families
from analytics.paths import PROJECT_ROOT
from analytics.reference import load_extreme_line
from tests.conftest import SHARED

SOURCES_DOC = SHARED / "docs" / "sources.md"


@pytest.fixture(scope="module")
def observed_raw(tmp_path_factory):
    """A small dataset on the observed path (a Pemda with its own expenditure census)."""
    from analytics.generate.build import generate

    out = tmp_path_factory.mktemp("observed_raw")
    generate(out, seed=3, scale=0.03, observed=True)
    return out


def documented_columns() -> dict[str, list[str]]:
    """Column lists as sources.md gives them (backticked, comma-separated)."""
    if not SOURCES_DOC.exists():
        pytest.skip("../shared/docs/sources.md is not beside the project")
    text = SOURCES_DOC.read_text(encoding="utf-8")

    def after(marker):
        chunk = text[text.index(marker) :]
        block = re.search(r"`([^`]+)`", chunk, re.S).group(1)
        return [c.strip() for c in block.replace("\n", " ").split(",") if c.strip()]

    individu = after("Individual file columns:")
    family_extra = after("Family file columns: the region and desil columns above plus")
    # "the region and desil columns above": update year, region names and code, desil, address
    region_desil = individu[1 : individu.index("Alamat") + 1]
    return {
        "p3ke_individu.xlsx": individu,
        "p3ke_keluarga.xlsx": [*region_desil, *family_extra],
        "dtks.csv": after("## DTKS"),
        "regsosek.csv": after("## Regsosek"),
    }


def headers(path) -> list[str]:
    if path.suffix == ".csv":
        return list(pd.read_csv(path, nrows=0).columns)
    return [str(h) for h in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(nrows=1)[0]]


def test_exports_use_the_documented_layouts(model_raw):
    expected = documented_columns()
    assert "pengeluaran_per_kapita" not in expected["regsosek.csv"]
    for year in YEARS:
        for name, columns in expected.items():
            if year >= DTSEN_FROM and name in ("regsosek.csv", "dtks.csv"):
                assert not (model_raw / str(year) / name).exists(), (year, name)
                continue
            assert sorted(headers(model_raw / str(year) / name)) == sorted(columns), (year, name)
    assert json.loads((model_raw / "truth" / "meta.json").read_text())["welfare"] == "model"


def test_dtsen_years_carry_the_documented_keluarga_columns(model_raw):
    """The demo's DTSEN keluarga holds documented columns only, besides its key, the
    coordinates and the version stamp."""
    if not SOURCES_DOC.exists():
        pytest.skip("../shared/docs/sources.md is not beside the project")
    text = SOURCES_DOC.read_text(encoding="utf-8")
    block = re.search(r"- keluarga: `([^`]+)`", text, re.S).group(1)
    documented = {c.strip() for c in block.replace("\n", " ").split(",")}
    extra = {"nomor_kartu_keluarga", "latitude", "longitude", "versi", "tanggal_data"}
    path = model_raw / str(DTSEN_FROM) / "keluarga_dtsen_v3.csv"
    columns = list(pd.read_csv(path, sep="|", nrows=0, encoding="latin-1").columns)
    assert set(columns) - extra <= documented
    assert {"desil_nasional", "kode_kelurahan_desa", "jumlah_anggota_keluarga", "pbi_nas"} <= set(columns)


def test_observed_regsosek_adds_only_the_expenditure_column(model_raw, observed_raw):
    for year in [y for y in YEARS if y < DTSEN_FROM]:
        default = headers(model_raw / str(year) / "regsosek.csv")
        observed = headers(observed_raw / str(year) / "regsosek.csv")
        assert sorted(observed) == sorted([*default, "pengeluaran_per_kapita"]), year
    assert json.loads((observed_raw / "truth" / "meta.json").read_text())["welfare"] == "observed"


def test_observed_expenditure_is_the_truth_apart_from_logged_damage(observed_raw):
    year = 2023
    reg = pd.read_csv(observed_raw / str(year) / "regsosek.csv", dtype=str)
    rows = pd.read_csv(observed_raw / "truth" / str(year) / "rows_regsosek.csv", dtype={"family_id": str})
    fam = truth_families(observed_raw).query("year == @year").set_index("family_id")
    log = damage_log(observed_raw)
    hit = set(log.loc[(log["year"] == year) & (log["column"] == "pengeluaran_per_kapita"), "uid"])
    assert hit, "expenditure damage is injected on the observed path"
    clean = ~rows["uid"].isin(hit).to_numpy()
    got = pd.to_numeric(reg["pengeluaran_per_kapita"][clean])
    want = fam.loc[rows["family_id"][clean], "expenditure_pc"].to_numpy()
    assert (got.to_numpy() == want).all()


def test_same_seed_gives_identical_files(tmp_path):
    from analytics.generate.build import generate

    generate(tmp_path / "a", seed=5, scale=0.02)
    generate(tmp_path / "b", seed=5, scale=0.02)
    generate(tmp_path / "c", seed=6, scale=0.02)
    for path in sorted((tmp_path / "a").rglob("*.*")):
        if path.name == "meta.json":
            continue
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path
    assert (tmp_path / "a/2023/dtks.csv").read_bytes() != (tmp_path / "c/2023/dtks.csv").read_bytes()
    assert (tmp_path / "a/2023/susenas.csv").read_bytes() != (tmp_path / "c/2023/susenas.csv").read_bytes()


def test_family_panel_persists_splits_moves_dies_out_and_forms(model_raw):
    fam = truth_families(model_raw)
    for a, b in zip(YEARS, YEARS[1:], strict=False):
        ya = fam[fam["year"] == a].set_index("family_id")
        yb = fam[fam["year"] == b].set_index("family_id")
        stayed = ya.index.intersection(yb.index)
        assert 0.9 < len(stayed) / len(ya) < 0.99, "most families persist, some die out or leave"
        assert len(yb.index.difference(ya.index)) > 500, "new families are formed (splits, in-migration)"
        moved = (ya.loc[stayed, "kode_kel"] != yb.loc[stayed, "kode_kel"]).mean()
        assert 0.005 < moved < 0.05
        kk_same = (ya.loc[stayed, "kk"] == yb.loc[stayed, "kk"]).mean()
        assert kk_same > 0.99


def test_families_move_in_and_out_of_poverty(model_raw):
    from analytics.generate.welfare import targets

    fam = truth_families(model_raw)
    lines = {y: targets(y)["z"] for y in YEARS}
    fam["poor"] = fam["expenditure_pc"] < fam["year"].map(lines)
    wide = fam.pivot_table(index="family_id", columns="year", values="poor")
    both = wide[[2023, 2024]].dropna().astype(bool)
    stayed, left, entered = (
        (both[2023] & both[2024]).sum(),
        (both[2023] & ~both[2024]).sum(),
        (~both[2023] & both[2024]).sum(),
    )
    assert stayed > 300 and left > 200 and entered > 100


def test_extreme_poverty_follows_the_dinas_sosial_lists(model_raw):
    summary = pd.read_csv(model_raw / "truth" / "summary.csv").set_index("year")
    # December 2024: 149 persons; April 2025: 21 persons (facts.md)
    assert 100 <= summary.loc[2024, "extreme_persons"] <= 220
    assert summary.loc[2025, "extreme_persons"] <= 60
    assert summary.loc[2025, "extreme_persons"] < summary.loc[2024, "extreme_persons"]
    lines = load_extreme_line().set_index("year")["extreme_line"]
    fam = truth_families(model_raw)
    fam = fam[fam["year"] == 2024]
    extreme = fam[fam["expenditure_pc"] < lines[2024]]
    # concentrated where the Dinas Sosial list is longest (Berbas Tengah, Api-Api, Lok Tuan)
    top = extreme.groupby("kode_kel")["size"].sum().sort_values(ascending=False).index[:5]
    assert {"64.74.02.1002", "64.74.01.1006", "64.74.01.1003"} & set(top)


def test_p3ke_holds_national_deciles_one_to_four(model_raw):
    for year in YEARS:
        sheet = CalamineWorkbook.from_path(str(model_raw / str(year) / "p3ke_keluarga.xlsx")).get_sheet_by_index(0)
        rows = sheet.to_python()
        col = rows[0].index("Desil Kesejahteraan")
        desil = pd.Series([r[col] for r in rows[1:]], dtype=float)
        assert desil.between(1, 4).all()
    fam = truth_families(model_raw)
    share = fam.groupby("year")["in_p3ke"].mean()
    assert share.between(0.07, 0.15).all()


def test_targeting_errors_are_in_the_reported_range(model_raw):
    fam = truth_families(model_raw)
    for program, max_desil in (("pkh", 4), ("sembako", 5)):
        # Reported errors are measured against the register's (PMT) desil, as programs are.
        eligible = fam["pmt_desil"] <= max_desil
        got = fam[f"receives_{program}"]
        coverage = (got & eligible).sum() / eligible.sum()
        inclusion = (got & ~eligible).sum() / got.sum()
        assert 0.40 < coverage < 0.65, program
        assert 0.35 < inclusion < 0.55, program
        # Against true expenditure the PMT's own errors come on top.
        truly = fam["true_desil"] <= max_desil
        assert (got & ~truly).sum() / got.sum() > inclusion + 0.05, program
    dtks_and_p3ke = (fam["in_dtks"] & fam["in_p3ke"]).sum()
    assert 0.2 < dtks_and_p3ke / fam["in_dtks"].sum() < 0.9, "DTKS and P3KE overlap only partly"


def test_register_desil_comes_from_a_noisy_proxy_means_test(model_raw):
    fam = truth_families(model_raw)
    for year, f in fam.groupby("year"):
        rho = spearmanr(f["pmt_percentile"], f["expenditure_pc"]).statistic
        assert 0.6 <= rho <= 0.75, (year, rho)
        differs = (f["pmt_desil"] != f["true_desil"]).mean()
        assert 0.45 < differs < 0.8, (year, differs)
        # The PMT orders families; the city's share per national desil stays that of the truth.
        shares = f["pmt_desil"].value_counts().sort_index()
        assert shares.equals(f["true_desil"].value_counts().sort_index()), year
        poorest = f.nsmallest(int(0.07 * len(f)), "pmt_prediction")
        assert poorest["pmt_desil"].max() <= 4, year


def test_regsosek_carries_the_pmt_rank_not_the_true_one(model_raw):
    year = 2024
    reg = pd.read_csv(model_raw / str(year) / "regsosek.csv", usecols=["desil_nasional", "peringkat_kesejahteraan"])
    rows = pd.read_csv(model_raw / "truth" / str(year) / "rows_regsosek.csv", dtype={"family_id": str})
    fam = truth_families(model_raw).query("year == @year").set_index("family_id").loc[rows["family_id"]]
    assert (reg["desil_nasional"].to_numpy() == fam["pmt_desil"].to_numpy()).all()
    assert (reg["peringkat_kesejahteraan"].to_numpy() == fam["pmt_percentile"].to_numpy()).all()
    assert (reg["desil_nasional"].to_numpy() != fam["true_desil"].to_numpy()).mean() > 0.45


@pytest.mark.parametrize(
    "kind, file",
    [
        ("nik_excel_float", "dtks.csv"),
        ("nik_apostrophe", "dtks.csv"),
        ("kelurahan_variant", "dtks.csv"),
        ("exact_duplicate", "dtks.csv"),
        ("coord_missing", "regsosek.csv"),
        ("size_zero", "regsosek.csv"),
    ],
)
def test_damage_is_injected_at_the_stated_rates(model_raw, kind, file):
    log = damage_log(model_raw)
    rows = {
        y: len(pd.read_csv(model_raw / str(y) / file, usecols=[0]))
        for y in YEARS
        if (model_raw / str(y) / file).exists()
    }
    n = log[(log["kind"] == kind) & (log["file"] == file)].drop_duplicates(["year", "uid", "column"])
    if kind.startswith("coord"):
        n = n[n["column"] == "latitude"]
    rate = len(n) / sum(rows.values())
    assert rate == pytest.approx(RATES[kind], rel=0.25)


def test_truth_folder_is_kept_apart_from_the_exports(model_raw):
    years = sorted(p.name for p in model_raw.iterdir() if p.is_dir() and p.name.isdigit())
    assert years == [str(y) for y in YEARS]
    registers = ["dtks.csv", "regsosek.csv"]
    dtsen = [
        "anggota_keluarga_dtsen_v3.csv",
        "keluarga_dtsen_v3.csv",
        "penerima_bpnt.csv",
        "penerima_pbi.csv",
        "penerima_pkh.csv",
        "siksng_desil.csv",
    ]
    for year in years:
        wanted = dtsen if int(year) >= DTSEN_FROM else registers
        assert sorted(p.name for p in (model_raw / year).iterdir()) == sorted(
            [*wanted, "p3ke_individu.xlsx", "p3ke_keluarga.xlsx", "susenas.csv"]
        )
    assert np.isfinite(pd.read_csv(model_raw / "truth" / "summary.csv")["p0"]).all()


def test_demo_regenerates_registers_written_by_another_generator(model_raw, tmp_path):
    """A demo folder left by an older generator is not reused: its figures would be the old
    truth's (the raw registers are kept across rebuilds of the database)."""
    from analytics.demo import _raw_is_current
    from analytics.generate import GENERATOR_VERSION

    assert json.loads((model_raw / "truth" / "meta.json").read_text())["generator"] == GENERATOR_VERSION
    assert _raw_is_current(model_raw)
    old = tmp_path / "truth"
    old.mkdir()
    (old / "meta.json").write_text(json.dumps({"seed": 1, "welfare": "model"}))
    assert not _raw_is_current(tmp_path)
    (old / "meta.json").write_text("{not json")
    assert not _raw_is_current(tmp_path)
    assert not _raw_is_current(tmp_path / "absent")


def test_the_dinsos_recap_counts_the_truths_families_below_the_extreme_line(model_raw):
    """The demo's Dinas Sosial recap is a perfect list: every family of the truth below the year's
    extreme line (reference file, read here on its own), counted per kelurahan, and only for the
    years Bontang had a list."""
    lines = pd.read_csv(PROJECT_ROOT / "data" / "reference" / "extreme_line.csv").set_index("year")["extreme_line"]
    written = sorted(p.name for p in (model_raw / "dinsos").iterdir())
    assert written == ["rekap_miskin_ekstrem_2024.csv", "rekap_miskin_ekstrem_2025.csv"]
    for year in (2024, 2025):
        truth = pd.read_csv(model_raw / "truth" / str(year) / "families.csv", dtype={"kode_kel": str})
        below = truth[truth["expenditure_pc"] < lines[year]]
        expected = below.groupby("kode_kel")["size"].agg(["count", "sum"])
        recap = pd.read_csv(model_raw / "dinsos" / f"rekap_miskin_ekstrem_{year}.csv", dtype={"Kode Kelurahan": str})
        recap = recap.set_index("Kode Kelurahan")
        assert recap["Jumlah Keluarga"].to_dict() == expected["count"].to_dict()
        assert recap["Jumlah Jiwa"].to_dict() == expected["sum"].to_dict()
        assert recap["Jumlah Jiwa"].sum() > 0

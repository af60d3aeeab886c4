"""DTSEN (since 2025) and SIKS-NG lists import to the same families as the old registers.

The same demo families are written twice — the old way (Regsosek, DTKS, P3KE) and as a Pemda
receives them since 2025 (DTSEN keluarga and anggota, the SIKS-NG desil export, recipient
lists) — in each DTSEN form met in the field: v3 pipe-delimited Latin-1 with numeric codes, v2
xlsx with Regsosek labels, and P3KE's coarser labels. File names are not the sources' names:
the importer must recognise each file by its header.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.generate import dtsen, exports
from analytics.generate.build import clean_first_year
from analytics.generate.writers import write_csv, write_xlsx
from analytics.ingest import ImportFailed, run_import

KEY = bytes.fromhex("5e" * 32)
COMPOSITION = ["n_toddlers", "n_school_age", "n_out_of_school", "n_working_age", "n_working", "n_elderly"]
DWELLING = ["floor", "wall", "roof", "water_source", "sanitation", "lighting", "cooking_fuel"]


@pytest.fixture(scope="module")
def families():
    fam, per, year = clean_first_year(seed=5, scale=0.03)
    return fam, per, year


def _old_way(folder, fam, per, year) -> None:
    folder.mkdir(parents=True)
    write_csv(exports.regsosek(fam, year), folder / "regsosek.csv")
    write_csv(exports.dtks(fam, per, year, np.random.default_rng(0)), folder / "dtks.csv")
    write_xlsx(exports.p3ke_keluarga(fam, year), folder / "p3ke_keluarga.xlsx", "p3ke")
    write_xlsx(exports.p3ke_individu(fam, per, year), folder / "p3ke_individu.xlsx", "p3ke")


def _dtsen_way(folder, fam, per, year, form: str) -> None:
    folder.mkdir(parents=True)
    keluarga, anggota = dtsen.keluarga(fam, year, form), dtsen.anggota(fam, per, year, form)
    if form == "kode":
        dtsen.write_v3(keluarga, folder / "keluarga_dtsen_v3_2026_6474.csv")
        dtsen.write_v3(anggota, folder / "anggota_keluarga_dtsen_v3_2026_647403.csv")
    elif form == "label":
        write_xlsx(keluarga, folder / "DTSEN KELUARGA v2.xlsx", "keluarga")
        write_xlsx(anggota, folder / "DTSEN ANGGOTA v2.xlsx", "anggota")
    else:
        write_csv(keluarga, folder / "ekspor (1).csv")
        write_csv(anggota, folder / "ekspor (2).csv")
    write_csv(dtsen.siksng_desil(fam, per), folder / "desil.csv")
    write_csv(dtsen.recipients(fam, per, "PKH", "receives_pkh"), folder / "daftar_1.csv")
    write_csv(dtsen.recipients(fam, per, "BPNT", "receives_sembako"), folder / "daftar_2.csv")
    write_csv(dtsen.recipients(fam, per, "PBI-JK", "receives_pbi"), folder / "daftar_3.csv")
    write_xlsx(exports.p3ke_keluarga(fam, year), folder / "p3ke_keluarga.xlsx", "p3ke")
    write_xlsx(exports.p3ke_individu(fam, per, year), folder / "p3ke_individu.xlsx", "p3ke")


@pytest.fixture(scope="module")
def old_db(families, tmp_path_factory):
    fam, per, year = families
    raw = tmp_path_factory.mktemp("old")
    _old_way(raw / str(year), fam, per, year)
    db = raw / "old.duckdb"
    run_import(raw, db, nik_key=KEY)
    return db


def _import_dtsen(families, tmp_path_factory, form):
    fam, per, year = families
    raw = tmp_path_factory.mktemp(f"dtsen_{form}")
    _dtsen_way(raw / str(year), fam, per, year, form)
    db = raw / "dtsen.duckdb"
    result = run_import(raw, db, nik_key=KEY)
    return db, result


def _frame(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select f.*, k.no_kk_hash from family as f join frame_family as k using (year, family_id)").df()


@pytest.mark.parametrize("form", dtsen.FORMS)
def test_dtsen_gives_the_same_families_desil_and_programs_per_kelurahan(families, old_db, tmp_path_factory, form):
    db, result = _import_dtsen(families, tmp_path_factory, form)
    sources = set(result.log["source"])
    assert {"dtsen_keluarga", "dtsen_anggota", "siksng_desil", "penerima_bansos"} <= sources
    assert "regsosek" not in sources and "dtks" not in sources
    old, new = _frame(old_db), _frame(db)
    assert set(new["frame_source"]) == {"dtsen"}
    by = ["kode_kelurahan", "desil"]
    pd.testing.assert_series_equal(new.groupby(by).size(), old.groupby(by).size())
    for program in ("receives_pkh", "receives_sembako", "receives_pbi"):
        assert new.groupby("kode_kelurahan")[program].sum().equals(old.groupby("kode_kelurahan")[program].sum())
    assert new["in_p3ke"].sum() == old["in_p3ke"].sum()


@pytest.mark.parametrize("form", dtsen.FORMS)
def test_dtsen_members_and_dwelling_give_the_frame_covariates_of_the_old_way(families, old_db, tmp_path_factory, form):
    db, _ = _import_dtsen(families, tmp_path_factory, form)
    both = _frame(old_db).merge(_frame(db), on="no_kk_hash", suffixes=("_old", "_new"))
    assert len(both) == len(_frame(old_db))
    for column in [*COMPOSITION, *DWELLING, "size"]:
        differ = both[f"{column}_old"].astype(str) != both[f"{column}_new"].astype(str)
        assert not differ.any(), (column, both.loc[differ, [f"{column}_old", f"{column}_new"]].head())
    # The head's schooling: a head still at school has no diploma class of his own.
    school = both["head_education_old"].str.startswith("MASIH")
    assert (both.loc[~school, "head_education_old"] == both.loc[~school, "head_education_new"]).all()


def test_dtsen_persons_are_the_members_of_the_frame_families(families, tmp_path_factory):
    _, per, year = families
    db, _ = _import_dtsen(families, tmp_path_factory, "kode")
    with duckdb.connect(str(db), read_only=True) as con:
        persons = con.execute("select count(*), count(family_id) from person where source = 'dtsen'").fetchone()
        version = con.execute("select source, version, data_date from dtsen_version order by source").fetchall()
        forms = con.execute("select distinct form from dtsen_value_form").fetchall()
        full = con.execute(
            "select count(*) from person where length(nik_masked) = 16 and nik_masked not like '%*%'"
        ).fetchone()
    assert persons == (len(per), len(per))
    assert version[1] == ("dtsen_keluarga", dtsen.VERSION, f"{year}-03-01")
    assert forms == [("kode",)]
    assert full[0] == 0


def test_coarse_labels_are_counted_as_such(families, tmp_path_factory):
    """'Keramik/granit/...' and 'Semen' are P3KE's classes; 'Tanah' and 'Kayu/papan' are also
    Regsosek's own labels."""
    fam, _, _ = families
    db, _ = _import_dtsen(families, tmp_path_factory, "kasar")
    with duckdb.connect(str(db), read_only=True) as con:
        forms = dict(con.execute("select form, rows from dtsen_value_form where column_name = 'floor'").fetchall())
    coarse = int(fam["floor"].isin(["KERAMIK/GRANIT/MARMER/UBIN/TEGEL/TERASO", "SEMEN"]).sum())
    assert forms == {"label kasar (P3KE)": coarse, "label Regsosek": len(fam) - coarse}


def test_a_truncated_dtsen_after_a_regsosek_year_is_refused(families, tmp_path_factory):
    """The frame is compared across the switch: a DTSEN extract with half the families of the
    Regsosek year before is refused, and the previous database stays."""
    fam, per, year = families
    raw = tmp_path_factory.mktemp("truncated")
    _old_way(raw / str(year), fam, per, year)
    half = fam.iloc[: len(fam) // 2]
    _dtsen_way(raw / str(year + 1), half, per[per["family_id"].isin(half["family_id"])], year + 1, "kode")
    for name in ("p3ke_keluarga.xlsx", "p3ke_individu.xlsx"):
        (raw / str(year + 1) / name).unlink()
    db = raw / "x.duckdb"
    duckdb.connect(str(db)).close()
    before = db.read_bytes()
    with pytest.raises(ImportFailed, match="kerangka keluarga tahun"):
        run_import(raw, db, nik_key=KEY)
    assert db.read_bytes() == before


def _import_edited_keluarga(families, tmp_path_factory, name: str, edit):
    """A DTSEN year whose keluarga file ``edit`` changed before writing; the database path."""
    fam, per, year = families
    raw = tmp_path_factory.mktemp(name)
    _dtsen_way(raw / str(year), fam, per, year, "kode")
    keluarga = dtsen.keluarga(fam, year, "kode")
    edit(keluarga)
    dtsen.write_v3(keluarga, raw / str(year) / "keluarga_dtsen_v3_2026_6474.csv")
    run_import(raw, raw / f"{name}.duckdb", nik_key=KEY)
    return raw / f"{name}.duckdb"


def test_unknown_codes_are_flagged_and_bps_codes_placed_by_name(families, tmp_path_factory):
    fam, _, _ = families

    def edit(keluarga):
        keluarga.loc[0, "jenis_lantai_terluas"] = 77
        # A BPS code in a city kecamatan that no crosswalk row has, and a name of no kelurahan.
        keluarga.loc[1, "kode_kelurahan_desa"] = str(keluarga.loc[1, "kode_kelurahan_desa"])[:7] + "099"
        keluarga.loc[1, "kelurahan_desa"] = "BUKAN KELURAHAN"
        # A BPS code no crosswalk row has, beside its kelurahan's own name: placed by the name.
        keluarga.loc[2, "kode_kelurahan_desa"] = str(keluarga.loc[2, "kode_kelurahan_desa"])[:7] + "098"

    db = _import_edited_keluarga(families, tmp_path_factory, "odd", edit)
    with duckdb.connect(str(db), read_only=True) as con:
        flagged = con.execute("select count(*) from data_issue where issue_code = 'value_unknown'").fetchone()[0]
        quarantined = con.execute(
            "select reason_code from quarantine where source = 'dtsen_keluarga' and row_number = 3"
        ).fetchall()
        placed = con.execute("select count(*) from family").fetchone()[0]
    assert flagged == 1
    assert quarantined == [("region_bps_code",)]
    assert placed == len(fam) - 1


def test_a_year_with_both_takes_dtsen_as_frame_and_keeps_the_regsosek_ids(families, old_db, tmp_path_factory):
    """DTSEN and the older registers in one year: DTSEN is the frame, its families keep the
    Regsosek ids of their No KK, and DTKS and P3KE still link to them."""
    fam, per, year = families
    raw = tmp_path_factory.mktemp("both")
    _old_way(raw / str(year), fam, per, year)
    for path in (raw / str(year)).iterdir():
        path.rename(raw / str(year) / f"lama_{path.name}")
    keluarga = dtsen.keluarga(fam, year, "kode")
    dtsen.write_v3(keluarga, raw / str(year) / "keluarga.csv")
    dtsen.write_v3(dtsen.anggota(fam, per, year, "kode"), raw / str(year) / "anggota.csv")
    db = raw / "both.duckdb"
    run_import(raw, db, nik_key=KEY)
    new, old = _frame(db), _frame(old_db)
    assert set(new["frame_source"]) == {"dtsen"}
    assert sorted(new["family_id"]) == sorted(old["family_id"])
    assert new["in_dtks"].sum() == old["in_dtks"].sum()
    assert new["in_p3ke"].sum() == old["in_p3ke"].sum()


def test_siksng_desil_fills_a_keluarga_file_without_desil(families, tmp_path_factory):
    fam, _, _ = families

    def without_desil(keluarga):
        keluarga["desil_nasional"] = None

    db = _import_edited_keluarga(families, tmp_path_factory, "no_desil", without_desil)
    frame = _frame(db)
    low = frame["desil"].notna()
    assert low.sum() == (fam["pmt_desil"] <= 5).sum()
    assert frame.loc[low, "desil"].max() == 5


def test_codes_in_number_cells_of_a_workbook_are_read_as_codes(families, tmp_path_factory):
    """A v2 workbook with numeric codes: its cells come as numbers (3.0), still codes."""
    fam, per, year = families
    raw = tmp_path_factory.mktemp("xlsx_codes")
    folder = raw / str(year)
    _dtsen_way(folder, fam, per, year, "label")
    write_xlsx(dtsen.keluarga(fam, year, "kode"), folder / "DTSEN KELUARGA v2.xlsx", "keluarga")
    run_import(raw, raw / "x.duckdb", nik_key=KEY)
    with duckdb.connect(str(raw / "x.duckdb"), read_only=True) as con:
        forms = con.execute("select distinct form from dtsen_value_form").fetchall()
        unknown = con.execute("select count(*) from data_issue where issue_code = 'value_unknown'").fetchone()[0]
    assert forms == [("kode",)] and unknown == 0

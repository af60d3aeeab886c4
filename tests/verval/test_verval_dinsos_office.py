"""The Dinas Sosial's verval export as it really is (issue 20): numeric codes, slugs, blanks
for children, rows of a family that disagree, ages that are no age, the missing-head marker
and serial numbers for ``no_keluarga``. A synthetic file of that layout imports whole, and its
per-kelurahan families, persons and fakir miskin equal the office's own dashboard's (its
counting, ``app.py`` of ``arifatus76-dev/dashboard-verval-kemiskinan-bontang``, redone here);
a failure of any kind leaves the store unchanged."""

import io

import numpy as np
import pandas as pd
import pytest

from analytics.__main__ import main
from analytics.access import users
from analytics.errors import DataError
from analytics.verval import dinsos, store
from analytics.verval.dinsos_codes import code_lists, codebook, decode
from analytics.verval.dinsos_file import ASSISTANCE, COLUMNS
from tests.verval.conftest import YEAR
from tests.verval.test_verval_dinsos import ANALIS, _import

IND = [f"ind_{i}" for i in range(1, 9)]
#: Slugs as the office writes them -> the office's label (its LABEL_KELURAHAN).
SLUGS = {
    "berbas_tengah": ("bontang_selatan", "BERBAS TENGAH"),
    "lok tuan": ("bontang_utara", "LOK TUAN"),
    "lok_tuan": ("bontang_utara", "LOK TUAN"),
    "Tanjung_laut": ("bontang_selatan", "TANJUNG LAUT"),
    "tanjung_laut": ("bontang_selatan", "TANJUNG LAUT"),
    "kanaan": ("bontang_barat", "KANAAN"),
    "api_api": ("bontang_utara", "API-API"),
}
NAMES = {"BERBAS TENGAH": "Berbas Tengah", "LOK TUAN": "Lok Tuan", "TANJUNG LAUT": "Tanjung Laut"}
NAMES |= {"KANAAN": "Kanaan", "API-API": "Api-Api"}
BAD_AGES = ["3187160574", "1.56379E+11", "-4", ""]


def _code(rng, column: str, zero: bool = False) -> str:
    code = str(rng.choice(list(code_lists()[column]["codes"])))
    return code.zfill(2) if zero and rng.random() < 0.3 else code


def _person(rng, family: dict, child: bool) -> dict:
    met = int(rng.integers(0, 9)) if rng.random() < 0.8 else family["met"]
    flags = ["Memenuhi Kriteria"] * met + ["Tidak"] * (8 - met)
    rng.shuffle(flags)
    age = str(rng.integers(7, 15) if child else rng.integers(18, 80))
    return {
        **family["values"],
        **dict(zip(IND, flags, strict=True)),
        "jumlah_indikator": str(met),
        "jenis_kelamin": str(rng.integers(1, 3)),
        "status_kawin": "1" if child else _code(rng, "status_kawin"),
        "umur": str(rng.choice(BAD_AGES)) if rng.random() < 0.5 else age,
        "ijazah_tertinggi": "" if child else _code(rng, "ijazah_tertinggi"),
        "status_pekerjaan": "" if child or rng.random() < 0.4 else _code(rng, "status_pekerjaan"),
        "jenis_disabilitas": "0" if rng.random() < 0.9 else _code(rng, "jenis_disabilitas"),
        "butuh_kesehatan": str(rng.choice(["0", "1", "00,01", "10"])),
        "butuh_pendidikan": str(rng.choice(["0", "1,4", "5"])),
        "butuh_dokumen": str(rng.choice(["0", "6", "1,2"])),
    }


def office_file(seed: int = 20, families: int = 60) -> pd.DataFrame:
    """A synthetic export in the office's layout (codes, slugs, damage as the real file's)."""
    rng = np.random.default_rng(seed)
    rows = []
    for serial in range(1, families + 1):
        slug = str(rng.choice(list(SLUGS)))
        dwelling = ("jenis_lantai", "jenis_dinding", "jenis_atap", "sumber_penerangan", "fasilitas_bab")
        values = {
            "no_keluarga": str(serial),
            "kecamatan": SLUGS[slug][0],
            "kelurahan": slug,
            **{c: _code(rng, c) for c in dwelling},
            "daya_listrik": _code(rng, "daya_listrik"),
            "sumber_air": _code(rng, "sumber_air", zero=True),
            "bahan_bakar": _code(rng, "bahan_bakar", zero=True),
            **{c: str(rng.integers(1, 3)) for c in (*ASSISTANCE, "butuh_pangan", "butuh_sandang")},
            "status_keluarga": str(rng.integers(1, 6)),
        }
        family = {"values": values, "met": int(rng.integers(5, 9))}
        members = [_person(rng, family, child=i > 1) for i in range(int(rng.integers(1, 6)))]
        if rng.random() < 0.3:
            members[0]["ind_1"] = "Tidak ada nama Kepala Keluarga"
            members[0]["jumlah_indikator"] = str(sum(members[0][c] == "Memenuhi Kriteria" for c in IND))
        rows += members
    frame = pd.DataFrame(rows)
    lost = frame.iloc[[0]].assign(no_keluarga=str(families + 1), kelurahan="atlantis")
    return pd.concat([frame, lost], ignore_index=True)[list(COLUMNS)]


def office_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The office dashboard's own counting (load_data, get_keluarga_data, the Wilayah tab)."""
    df = frame.copy()
    df["kategori_fm"] = pd.to_numeric(df["jumlah_indikator"], errors="coerce") >= 6
    kel = df.drop_duplicates("no_keluarga").copy()
    kel["fm"] = kel["no_keluarga"].map(df.groupby("no_keluarga")["kategori_fm"].any())
    label = {slug: name for slug, (_, name) in SLUGS.items()}
    kel["nama"], df["nama"] = kel["kelurahan"].map(label), df["kelurahan"].map(label)
    return pd.DataFrame(
        {
            "families": kel.groupby("nama").size(),
            "persons": df.groupby("nama").size(),
            "fakir_miskin": kel[kel["fm"]].groupby("nama").size(),
        }
    ).fillna(0)


def test_every_code_has_a_label_and_the_real_differences_are_written_down():
    book = codebook()
    assert book["label"].str.len().min() > 0 and not book.duplicated(["kolom", "kode"]).any()
    assert decode("sumber_air", "02") == decode("sumber_air", "2") and decode("bahan_bakar", "00").label
    regsosek = book.dropna(subset=["regsosek_2022"]).set_index(["kolom", "kode"])["regsosek_2022"]
    assert regsosek[("fasilitas_bab", "4")] == "MCK UMUM" and regsosek[("status_kawin", "5")] == "-"
    assert decode("fasilitas_bab", "4").label == "TIDAK ADA" and decode("ijazah_tertinggi", "1").label.endswith(
        "SD/SEDERAJAT"
    )


def test_the_offices_file_imports_whole_and_counts_as_the_office_does(first_year, tmp_path, capsys):
    frame = office_file()
    path = tmp_path / "verval.csv"
    frame.to_csv(path, index=False)
    users.add_user(users.users_path_for(first_year), "ani", "rahasia-ani", "analis")
    argv = ["verval", "dinsos", str(path), "--db", str(first_year), "--year", str(YEAR), "--as", "ani"]
    code = main([*argv, "--format", "csv"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    ours = pd.read_csv(io.StringIO(printed.out), dtype={"kode": str})
    unknown = ours[ours["kode"].isna()]
    assert unknown["rejected_families"].tolist() == [1]  # atlantis: the only row that cannot be placed
    ours = ours.dropna(subset=["kode"]).set_index("kelurahan")
    office = office_counts(frame.iloc[:-1]).rename(index=NAMES)
    pd.testing.assert_frame_equal(
        ours.loc[office.index, ["families", "persons", "fakir_miskin"]], office.astype(int), check_names=False
    )
    damaged = frame.iloc[:-1]
    ages = pd.to_numeric(damaged["umur"], errors="coerce")
    assert f"{(~ages.between(0, 120)).sum()} baris: umur bukan umur" in printed.err
    marker = (damaged["ind_1"] == "Tidak ada nama Kepala Keluarga").sum()
    assert f"{marker} baris: ind_1 berisi 'Tidak ada nama Kepala Keluarga'" in printed.err
    differs = damaged.groupby("no_keluarga")[["jumlah_indikator", *IND]].nunique().gt(1).any(axis=1)
    rows = damaged["no_keluarga"].map(differs).sum()
    assert differs.sum() > 0
    assert f"{differs.sum()} keluarga, {rows} baris: baris satu keluarga berbeda pada nilai tingkat" in printed.err
    assert ours["flagged_families"].sum() > 0


def test_a_failure_of_any_kind_says_so_in_indonesian_and_stores_nothing(first_year, tmp_path, monkeypatch):
    path = tmp_path / "verval.csv"
    office_file(families=5).to_csv(path, index=False)
    monkeypatch.setattr(dinsos, "family_table", lambda *a: {}["status_pekerjaan"])
    with pytest.raises(DataError, match="tidak dapat dibaca sebagai berkas verval Dinas Sosial.*tidak diubah"):
        _import(first_year, path)
    assert not store.verval_path_for(first_year).exists()
    monkeypatch.undo()
    office_file(families=5).assign(kelurahan="atlantis").to_csv(path, index=False)
    with pytest.raises(DataError, match="tidak ada baris yang dapat ditempatkan"):
        _import(first_year, path, ANALIS)
    assert not store.verval_path_for(first_year).exists()

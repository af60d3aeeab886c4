"""The national gazetteer shipped in data/reference/wilayah (issue 24, item 2).

The counts are those of Kepmendagri 300.2.2-2138/2025 as the issue quotes them; the
kabupaten/kota checked by hand are the demo (Bontang) and the issue's two test regions.
"""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from analytics import gazetteer
from analytics.errors import InputError
from analytics.paths import REFERENCE_DIR
from analytics.reference import load_kecamatan, load_kelurahan, normalize_name


def test_the_decree_counts():
    levels = gazetteer.national()["level"].value_counts()
    assert levels.to_dict() == {"desa_kelurahan": 83_762, "kecamatan": 7_285, "kabkota": 514, "provinsi": 38}


def test_codes_are_unique_and_every_area_has_its_parents():
    table = gazetteer.national()
    assert table["kode"].is_unique
    codes = set(table["kode"])
    parents = table["kode"].str.rsplit(".", n=1).str[0][table["level"] != "provinsi"]
    assert set(parents) <= codes


def test_every_kabkota_is_a_kabupaten_or_a_kota_and_the_code_agrees():
    # Kemendagri numbers kota 71-79 within a province, kabupaten 01-69.
    kabkota = gazetteer.national().query("level == 'kabkota'")
    kinds = [gazetteer.region(k).jenis for k in kabkota["kode"]]
    by_code = ["kota" if int(k.split(".")[1]) >= 71 else "kabupaten" for k in kabkota["kode"]]
    assert kinds == by_code
    assert kinds.count("kota") == 98 and kinds.count("kabupaten") == 416


@pytest.mark.parametrize(
    ("kode", "nama", "kecamatan", "desa", "kelurahan", "unit"),
    [
        ("64.74", "Kota Bontang", 3, 0, 15, "kelurahan"),
        ("64.08", "Kabupaten Kutai Timur", 18, 139, 2, "desa/kelurahan"),
        ("64.72", "Kota Samarinda", 10, 0, 59, "kelurahan"),
    ],
)
def test_the_issues_regions(kode, nama, kecamatan, desa, kelurahan, unit):
    region = gazetteer.region(kode)
    assert (region.nama, region.nama_provinsi, region.kode_provinsi) == (nama, "Kalimantan Timur", "64")
    assert (len(gazetteer.kecamatan(kode)), region.n_desa, region.n_kelurahan, region.unit) == (
        kecamatan,
        desa,
        kelurahan,
        unit,
    )
    areas = gazetteer.areas(kode)
    assert len(areas) == desa + kelurahan and areas["kecamatan"].notna().all()
    assert set(areas["kode_kecamatan"]) == set(gazetteer.kecamatan(kode)["kode"])


def test_a_desa_adat_is_a_desa():
    table = gazetteer.national()
    adat = table[table["kode"].str.match(r"^\d\d\.\d\d\.\d\d\.3")]
    assert len(adat) == 14 and set(adat["jenis"]) == {"desa"}
    assert adat["nama"].str.startswith("Desa Adat").all()


def test_names_keep_their_apostrophes():
    # The SQL dump doubles an apostrophe; the shipped file has one.
    names = gazetteer.national()["nama"]
    assert not names.str.contains("''").any()
    assert gazetteer.name("11.01.02.2018") == "Pasi Kuala Ba'u"


def test_the_shipped_region_agrees_with_the_gazetteer():
    # data/reference/kelurahan.csv (the region's own file, with centroids and spellings) holds
    # exactly the gazetteer's areas of its region, under the same names.
    ours = load_kelurahan().set_index("kode")
    theirs = gazetteer.areas("64.74").set_index("kode")
    assert ours.index.tolist() == theirs.index.tolist()
    assert ours["nama"].map(normalize_name).tolist() == theirs["nama"].map(normalize_name).tolist()
    assert ours["kode_kecamatan"].tolist() == theirs["kode_kecamatan"].tolist()
    kecamatan = load_kecamatan().set_index("kode")["nama"]
    assert kecamatan.to_dict() == gazetteer.kecamatan("64.74").set_index("kode")["nama"].to_dict()


def test_an_unknown_region_is_refused_in_indonesian():
    for bad in ("64.99", "64", "64.74.01", "x"):
        with pytest.raises(InputError, match="tidak ada dalam daftar wilayah Kemendagri"):
            gazetteer.region(bad)


def test_region_of_takes_the_majority_and_ignores_unknown_codes():
    codes = pd.Series(["64.08.01.2001", "64.08.01.2002", "64.74.01.1001", "99.99.99.9999", None, "64.08"])
    assert gazetteer.region_of(codes) == "64.08"
    assert gazetteer.region_of(pd.Series(["99.99.99.9999", None])) is None


def test_the_file_is_what_its_readme_says():
    with gzip.open(REFERENCE_DIR / "wilayah" / "wilayah.csv.gz", "rt", encoding="utf-8") as f:
        assert f.readline().strip() == "kode,nama"
    readme = (REFERENCE_DIR / "wilayah" / "README.md").read_text(encoding="utf-8")
    assert "300.2.2-2138" in readme and "MIT" in readme
    assert (REFERENCE_DIR / "wilayah" / "LICENSE-cahyadsn-wilayah.txt").read_text().startswith("MIT License")

"""KEMISKINAN_REGION: one setting chooses the kabupaten/kota, and files or databases of another
region are refused with a message that names both (issue 24, item 1).

The region is read once per process, so each other region runs in its own interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from analytics.errors import ImportFailed
from analytics.ingest import plausibility
from analytics.paths import PROJECT_ROOT
from analytics.poverty.testing import build_database, demo_families
from analytics.reference import REGION_CODE, check_database_region, database_region

PROBE = """
import json
from analytics import reference
from geo.boundaries import kelurahan_map

areas, kecamatan, shown = reference.load_kelurahan(), reference.load_kecamatan(), kelurahan_map()
print(json.dumps({
    "region": [reference.REGION_CODE, reference.REGION_NAME, reference.REGION.unit, reference.REGION_SLUG],
    "areas": len(areas),
    "kinds": areas["jenis"].value_counts().to_dict(),
    "kecamatan": len(kecamatan),
    "without_point": int(areas[["centroid_lon", "centroid_lat", "area_km2"]].isna().any(axis=1).sum()),
    "map": [len(shown.frame), shown.schematic, len(shown.match_report.missing)],
    "example": [reference.EXAMPLE_KECAMATAN, reference.EXAMPLE_KELURAHAN],
}))
"""


def run(code: str, region: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KEMISKINAN_REGION"}
    if region is not None:
        env["KEMISKINAN_REGION"] = region
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "analytics", *args]
    return subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("setting", "region", "areas", "kinds", "kecamatan"),
    [
        (None, ["64.74", "Kota Bontang", "kelurahan", "bontang"], 15, {"kelurahan": 15}, 3),
        ("64.72", ["64.72", "Kota Samarinda", "kelurahan", "samarinda"], 59, {"kelurahan": 59}, 10),
        ("6408", ["64.08", "Kabupaten Kutai Timur", "desa/kelurahan", "kutai-timur"], 141, {"desa": 139}, 18),
    ],
)
def test_the_setting_chooses_the_areas_and_the_map(setting, region, areas, kinds, kecamatan):
    done = run(PROBE, setting)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["region"] == region
    assert found["areas"] == areas and found["kecamatan"] == kecamatan
    assert {k: found["kinds"][k] for k in kinds} == kinds
    # Every area has a label point and a size (the province's boundary file ships), and the
    # map is the official polygons of exactly the region's areas, none missing.
    assert found["without_point"] == 0
    assert found["map"] == [areas, False, 0]
    assert found["example"][1].startswith(found["example"][0][:5])


def test_a_wrong_setting_stops_a_command_with_one_line():
    done = run("", "99.99", "users", "list", "--db", "x.duckdb")
    assert done.returncode == 2
    assert done.stderr.strip() == "galat: KEMISKINAN_REGION: '99.99' bukan kode kabupaten/kota Kemendagri (mis. 64.72)."


def test_a_database_of_another_region_is_refused(tmp_path):
    path = tmp_path / "bontang.duckdb"
    build_database(demo_families(), path).close()
    done = run("", "64.72", "fgt", "--db", str(path), "--year", "2023")
    assert done.returncode == 2, done.stderr
    assert "berisi data Kota Bontang (64.74), sedangkan dasbor disetel untuk Kota Samarinda (64.72)" in done.stderr
    assert "KEMISKINAN_REGION=64.74" in done.stderr


def test_the_database_records_its_region(tmp_path):
    con = build_database(demo_families(), tmp_path / "db.duckdb")
    try:
        assert database_region(con) == REGION_CODE
        check_database_region(con, "db.duckdb")  # the same region: no error
    finally:
        con.close()


def test_a_file_of_another_region_is_refused_before_its_rows_are_checked():
    raw = pd.DataFrame({"region_code": ["6472011001"] * 8 + ["6474011001"] * 2})
    with pytest.raises(ImportFailed) as caught:
        plausibility.refuse_other_region_file(raw, "regsosek_2024.csv", "kode_kelurahan")
    message = caught.value.message
    assert message.startswith("regsosek_2024.csv: berkas ini berisi kelurahan Kota Samarinda (64.72; kolom")
    assert "8 dari 10 baris" in message and "KEMISKINAN_REGION=64.72" in message


def test_a_few_rows_of_another_region_are_rows_not_a_file():
    # Two stray codes among eight of the region: the rows are quarantined one by one later.
    raw = pd.DataFrame({"region_code": ["6472011001"] * 2 + ["6474011001"] * 8})
    plausibility.refuse_other_region_file(raw, "regsosek_2024.csv", "kode_kelurahan")
    plausibility.refuse_other_region_file(raw.rename(columns={"region_code": "x"}), "f.csv", "x")


OWN_BPS_CODES = """
import pandas as pd
from analytics import gazetteer
from analytics.errors import ImportFailed
from analytics.ingest import plausibility
from analytics.ingest.regions import bps_kecamatan_map

def refused(codes):
    try:
        plausibility.refuse_other_region_file(pd.DataFrame({"region_code": codes}), "dtsen.csv", "kode")
    except ImportFailed:
        return True
    return False

own = [f"11010220{i:02d}" for i in range(1, 11)]
assert all(gazetteer.region_of(pd.Series([f"11.01.02.20{i:02d}"])) == "11.01" for i in range(1, 11))
aceh_selatan = [k.replace(".", "") for k in gazetteer.areas("11.01")["kode"]]
aceh_selatan = [k for k in aceh_selatan if k[:7] not in bps_kecamatan_map()][:10]
print(refused(own), refused(aceh_selatan))
"""


def test_a_bps_coded_file_of_the_region_is_not_taken_for_another_regions():
    """DTSEN writes BPS codes; in Kabupaten Simeulue (Kemendagri 11.09, BPS 1101) they read as
    Kemendagri desa of Aceh Selatan (11.01). Its own BPS codes are not refused; a file in Aceh
    Selatan's Kemendagri codes is."""
    env = {**os.environ, "KEMISKINAN_REGION": "11.09"}
    done = subprocess.run(
        [sys.executable, "-c", OWN_BPS_CODES], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]

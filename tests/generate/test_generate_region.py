"""A demo for any kabupaten/kota (issue 24, item 5): generate, import and model a kabupaten of
desa and a kota of kelurahan, each in a process of its own (the region is read once per
process), at a small scale so the test stays quick.

Kabupaten Kutai Timur (64.08: 18 kecamatan, 139 desa, 2 kelurahan) and Kota Samarinda (64.72:
10 kecamatan, 59 kelurahan), the issue's two test regions.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from analytics.generate.profile import BONTANG_BLOCKS, BONTANG_EFFECT, BONTANG_POPULATION, profile
from analytics.paths import PROJECT_ROOT
from tests.regions import REGIONS, in_region

CHECK = """
import json, sys
import duckdb
import pandas as pd
from analytics import gazetteer
from analytics.generate.profile import profile
from analytics.reference import REGION_CODE, load_kelurahan

raw, db = sys.argv[1], sys.argv[2]
truth = pd.read_csv(f"{raw}/truth/summary.csv").set_index("year")
targets = profile().poverty
con = duckdb.connect(db, read_only=True)
family = con.sql("select kode_kelurahan, count(*) n from family where year = 2024 group by 1").df()
survey = con.sql("select distinct kode_kelurahan from survey_household where year = 2024").df()
kinds = gazetteer.areas(REGION_CODE).set_index("kode")["jenis"]
rows = con.execute("select count(*) from family").fetchall()[0][0]
reasons = con.sql("select reason_code, count(*) n from quarantine group by 1").df().set_index("reason_code")["n"]
print(json.dumps({
    "p0_gap": float((truth["p0"] * 100 - targets.loc[truth.index, "p0_pct"]).abs().max()),
    "areas": len(load_kelurahan()),
    "areas_with_families": int(family["kode_kelurahan"].isin(load_kelurahan()["kode"]).sum()),
    "outside_region": int((~family["kode_kelurahan"].str.startswith(REGION_CODE + ".")).sum()),
    "surveyed_areas": len(survey),
    "desa_with_families": int(family["kode_kelurahan"].map(kinds).eq("desa").sum()),
    "region_unknown_share": float(reasons.get("region_unknown", 0) / rows),
}))
"""


@pytest.mark.parametrize("region", list(REGIONS))
def test_generate_import_and_model_another_region(region_demo, region):
    areas, desa = REGIONS[region]
    folder = region_demo(region)
    raw, db = folder / "raw", folder / "region.duckdb"
    meta = json.loads((raw / "truth" / "meta.json").read_text())
    assert meta["boundaries"].endswith("wilayah_boundaries/64.geojson.gz")

    done = in_region(region, ["-c", CHECK, str(raw), str(db)])
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    # The truth reaches the province's P0 (no BPS series of the region ships) to the person.
    assert found["p0_gap"] < 0.05
    assert found["areas"] == areas and found["outside_region"] == 0
    assert found["areas_with_families"] >= 0.9 * areas
    assert (found["desa_with_families"] > 0) == (desa > 0)
    # The survey reaches only part of the areas, as Susenas does in a kabupaten.
    assert 0 < found["surveyed_areas"] < found["areas_with_families"]
    # Only the injected faults are rows of unknown areas: the region's own codes are known.
    assert found["region_unknown_share"] < 0.01

    model = ["-m", "analytics", "sae", "run", "--db", str(db), "--year", "2024", "--L", "5", "--B", "5"]
    done = in_region(region, model)
    assert done.returncode == 0, done.stderr[-3000:]
    estimates = pd.read_csv(io.StringIO(done.stdout), dtype={"kode": str})
    assert estimates["kode"].str.startswith(region + ".").all()
    assert (estimates["n_sample"] == 0).any() and estimates["p0"].between(0, 1).all()


@pytest.mark.parametrize("region", list(REGIONS))
def test_the_packs_of_another_region(region_demo, tmp_path, region):
    """The briefing packs and the Word review from the region's published model: titled by the
    region's name, their tables by its unit ("Desa/Kelurahan" in a kabupaten with desa)."""
    db = region_demo(region) / "region.duckdb"
    name = in_region(region, ["-c", "from analytics.reference import REGION_NAME; print(REGION_NAME)"])
    assert name.returncode == 0, name.stderr[-2000:]
    for fmt in ("pdf", "pptx", "xlsx", "docx"):
        out = tmp_path / f"paket.{fmt}"
        report = ["-m", "analytics", "report", "--db", str(db), "--year", "2024", "--format", fmt, "--out", str(out)]
        done = in_region(region, report)
        assert done.returncode == 0, f"{fmt}: {done.stderr[-3000:]}"
        assert out.stat().st_size > 0 and name.stdout.strip() in done.stderr


def test_a_model_is_published_by_a_named_account_of_another_region(region_demo, tmp_path):
    """The command-line publication of a kabupaten's run, by an analis of its own user store."""
    region = "64.08"
    db = tmp_path / "kabupaten.duckdb"
    shutil.copy(region_demo(region) / "region.duckdb", db)
    add = ["-m", "analytics", "users", "add", "analis", "--role", "analis", "--db", str(db), "--password-stdin"]
    done = in_region(region, add, input="sandi-analis-1\n")
    assert done.returncode == 0, done.stderr[-2000:]
    model = ["-m", "analytics", "sae", "run", "--db", str(db), "--year", "2023", "--L", "5", "--B", "5"]
    done = in_region(region, [*model, "--publish", "--as", "analis"])
    assert done.returncode == 0, done.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        years = {row[0] for row in con.sql("select distinct year from sae_run where published").fetchall()}
    assert years >= {2023, 2024, 2025}


def test_bontang_keeps_the_demo_figures():
    # The demo region's profile is the demo's own (its generated files are unchanged).
    bontang = profile()
    assert bontang.shipped and bontang.blocks_drawn == BONTANG_BLOCKS == 57
    assert bontang.population == BONTANG_POPULATION
    assert bontang.effect.to_dict() == BONTANG_EFFECT
    assert round(bontang.persons_2024.sum()) == 191_811  # the kecamatan totals, shared by kelurahan
    assert bontang.nik_prefixes[0] == "647401"


def test_a_wrong_region_is_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "generate", "--region", "99.01", "--out", "x"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "galat: --region: '99.01' bukan kode kabupaten/kota Kemendagri (mis. 64.72)."

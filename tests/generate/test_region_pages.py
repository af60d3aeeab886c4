"""Every page and a verval round on the demos of a kabupaten and a kota other than the demo's
(issue 24): the pages run without exception, name the region and its unit, never the demo
city; the verval round goes from worklist to export on the region's own areas."""

from __future__ import annotations

import json
import re

import pytest

from tests.regions import MODEL_YEARS, REGIONS, in_region

#: Words that would only be there if the demo city were written into a page.
DEMO_CITY = re.compile(r"Bontang|Api-Api|64\.74|6474")


@pytest.fixture(scope="module", params=list(REGIONS))
def walked(request, region_demo):
    region = request.param
    db = region_demo(region) / "region.duckdb"
    done = in_region(region, ["-m", "tests.region_walk", str(db), str(MODEL_YEARS[0])])
    assert done.returncode == 0, done.stderr[-3000:]
    named = in_region(region, ["-c", "from analytics.reference import REGION; print(REGION.nama, REGION.unit)"])
    name, unit = named.stdout.strip().rsplit(" ", 1)
    return region, name, unit, json.loads(done.stdout.strip().splitlines()[-1])


def test_every_page_runs_and_names_the_region(walked):
    region, name, unit, found = walked
    problems = {}
    for page, shown in found["pages"].items():
        everything = "\n".join(shown["texts"] + shown["columns"])
        if shown["exceptions"]:
            problems[page] = shown["exceptions"]
        elif not shown["titles"]:
            problems[page] = "no title"
        elif DEMO_CITY.search(everything):
            problems[page] = sorted({m.group(0) for m in DEMO_CITY.finditer(everything)})
    assert problems == {}, problems
    ringkasan = "\n".join(found["pages"]["ringkasan"]["texts"])
    assert name in ringkasan


def test_tables_of_areas_are_titled_by_the_regions_unit(walked):
    region, name, unit, found = walked
    title = "Desa/Kelurahan" if unit == "desa/kelurahan" else "Kelurahan"
    columns = {c for shown in found["pages"].values() for c in shown["columns"]}
    assert title in columns
    if title != "Kelurahan":
        assert "Kelurahan" not in columns


def test_a_verval_round_on_the_regions_own_areas(walked):
    region, name, unit, found = walked
    verval = found["verval"]
    assert verval["worklist"] > 0 and all(code.startswith(region + ".") for code in verval["areas"])
    assert verval["import"][0] == 0 and verval["import"][1].startswith("1 catatan")
    assert verval["review"] == 0, verval["review_err"]
    assert verval["export"] == 0, verval["export_err"]
    assert verval["exported"] == 1

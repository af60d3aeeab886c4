"""Demos of other regions for the tests (issue 24): Kabupaten Kutai Timur (64.08: 18 kecamatan,
139 desa, 2 kelurahan) and Kota Samarinda (64.72: 10 kecamatan, 59 kelurahan), the issue's two
test regions, at a small scale so the tests stay quick.

The region is read once per process (``KEMISKINAN_REGION``), so everything of another region
runs in a process of its own. A region's demo is generated, imported and modelled once per run
(:func:`tests.shared_builds.shared_build`); each test process takes its own copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analytics.paths import PROJECT_ROOT
from tests.shared_builds import private_copy, shared_build

SCALE = "0.02"
#: The two regions of the issue: code -> (areas, desa).
REGIONS = {"64.08": (141, 139), "64.72": (59, 0)}
#: Years with a published model run (small Monte Carlo: the plumbing, not the accuracy).
MODEL_YEARS = (2024, 2025)
#: Import and model in-process (the command's import would write a user store for its audit).
BUILD = """
import sys
import duckdb
from analytics.ingest import run_import
from analytics.model.publish import publish_runs
from analytics.model.run import RunSettings, run_model

raw, db = sys.argv[1], sys.argv[2]
run_import(raw, db)
with duckdb.connect(db, read_only=True) as con:
    runs = [run_model(con, int(y), RunSettings(L=5, B=5), "test") for y in sys.argv[3:]]
publish_runs(db, runs)
"""


def region_env(region: str) -> dict[str, str]:
    """This process's environment with the region set (the session's test keys included)."""
    return {**os.environ, "KEMISKINAN_REGION": region}


def in_region(region: str, argv: list[str], **options) -> subprocess.CompletedProcess:
    """``python argv`` in a process of ``region``."""
    return subprocess.run(
        [sys.executable, *argv],
        env=region_env(region),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        **options,
    )


def _checked(done: subprocess.CompletedProcess, step: str) -> None:
    if done.returncode != 0:
        raise AssertionError(f"{step}: {done.stderr[-3000:]}")


def _build(region: str, out: Path) -> None:
    raw, db = out / "raw", out / "region.duckdb"
    # Asked from the demo's process: --region runs the generator in a process of that region.
    generate = ["-m", "analytics", "generate", "--region", region, "--out", str(raw), "--scale", SCALE]
    _checked(subprocess.run([sys.executable, *generate], cwd=PROJECT_ROOT, capture_output=True, text=True), "generate")
    _checked(in_region(region, ["-c", BUILD, str(raw), str(db), *map(str, MODEL_YEARS)]), "import and model")


def region_demo(factory, region: str) -> Path:
    """This process's copy of ``region``'s demo: ``raw/`` (the generated exports and their
    truth) and ``region.duckdb`` (imported, with a published model run for :data:`MODEL_YEARS`)."""
    built = shared_build(factory, f"region-{region}", {"scale": SCALE}, lambda out: _build(region, out))
    return private_copy(factory, built, f"region-{region.replace('.', '')}")

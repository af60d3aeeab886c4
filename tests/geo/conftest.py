"""Shared fixtures for the geo tests: the official boundary file and a clean cache."""

from pathlib import Path

import geopandas as gpd
import pytest

from analytics.paths import PROJECT_ROOT
from geo.boundaries import clear_boundary_cache

OFFICIAL_FILE = PROJECT_ROOT.parent / "shared" / "geo" / "bontang_kelurahan.geojson"


@pytest.fixture
def official_path() -> Path:
    if not OFFICIAL_FILE.exists():
        pytest.skip(f"official boundary file not present: {OFFICIAL_FILE}")
    return OFFICIAL_FILE


@pytest.fixture
def official_raw(official_path) -> gpd.GeoDataFrame:
    """The official file as read, with its own attribute names (kode, nama, lat, lng)."""
    return gpd.read_file(official_path, engine="pyogrio")


@pytest.fixture(autouse=True)
def _fresh_boundary_cache():
    clear_boundary_cache()
    yield
    clear_boundary_cache()

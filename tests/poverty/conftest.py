"""Shared fixtures for the poverty tests: published data and small databases."""

import sys
from pathlib import Path

import pytest

# .venv/bin/pytest does not put the project on sys.path (see tests/geo/conftest.py).
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(_PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(_PROJECT_ROOT))
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from poverty_fixtures import build_db_file, load_eusilc  # noqa: E402


@pytest.fixture(scope="session")
def eusilc():
    """laeken's synthetic EU-SILC persons (see tests/poverty/data/SOURCES.md)."""
    return load_eusilc()


@pytest.fixture(scope="session")
def eusilc_csv(tmp_path_factory):
    """The eusilc data as a plain CSV file, for the CLI."""
    path = tmp_path_factory.mktemp("eusilc") / "eusilc.csv"
    load_eusilc().to_csv(path, index=False)
    return path


@pytest.fixture
def db_file(tmp_path):
    """Factory: families DataFrame -> path of a DuckDB file following schema.sql."""

    def make(families, lines=None, name="poverty.duckdb"):
        return build_db_file(families, tmp_path / name, lines=lines)

    return make

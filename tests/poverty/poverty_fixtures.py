"""Helpers for the poverty tests: published data, small databases, random families."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analytics.poverty.testing import build_database, reference_lines
from analytics.reference import load_kelurahan

DATA_DIR = Path(__file__).resolve().parent / "data"
KELURAHAN_CODES = list(load_kelurahan()["kode"])


def load_eusilc() -> pd.DataFrame:
    """laeken's eusilc: db030, db040, hsize, rb050 (weight), eqIncome."""
    return pd.read_csv(DATA_DIR / "eusilc.csv.gz")


def build_db_file(families: pd.DataFrame, path: Path, lines: pd.DataFrame | None = None) -> Path:
    """Create a closed DuckDB file from ``families`` (schema.sql + reference tables)."""
    con = build_database(families, path, lines=lines)
    con.close()
    return path


def official_line(year: int) -> float:
    """The reference official line of ``year`` as loaded into test databases."""
    return float(reference_lines().set_index("year").loc[year, "official_line"])


def random_families(
    rng: np.random.Generator,
    n: int,
    year: int = 2023,
    codes: list[str] | None = None,
    scale: float | None = None,
) -> pd.DataFrame:
    """``n`` random families of one year spread over kelurahan (log-normal welfare)."""
    codes = KELURAHAN_CODES if codes is None else codes
    centre = official_line(year) * 1.3 if scale is None else scale
    return pd.DataFrame(
        {
            "year": year,
            "family_id": [f"{year}-{i:06d}" for i in range(n)],
            "kode_kelurahan": rng.choice(codes, size=n),
            "size": rng.integers(1, 9, size=n),
            "expenditure_pc": np.round(np.exp(rng.normal(np.log(centre), 0.5, size=n)), 2),
        }
    )

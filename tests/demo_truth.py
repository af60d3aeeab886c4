"""Readers for the truth folder the demo generator writes beside the exports."""

from pathlib import Path

import pandas as pd

YEARS = (2021, 2022, 2023, 2024, 2025)


def truth_rows(raw: Path, source: str) -> pd.DataFrame:
    """Row-level truth of one source over all years: year, row, uid, family_id[, person_id]."""
    frames = []
    for year in YEARS:
        t = pd.read_csv(raw / "truth" / str(year) / f"rows_{source}.csv", dtype={"family_id": str})
        t.insert(0, "year", year)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def truth_families(raw: Path) -> pd.DataFrame:
    frames = []
    for year in YEARS:
        t = pd.read_csv(
            raw / "truth" / str(year) / "families.csv", dtype={"family_id": str, "kk": str, "head_nik": str}
        )
        t.insert(0, "year", year)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def damage_log(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "truth" / "damage.csv", dtype={"before": str, "after": str})

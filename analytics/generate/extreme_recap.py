"""The Dinas Sosial's recap of its verified extreme-poverty list, as the demo's city would hold it.

Bontang's Dinas Sosial published its list by kelurahan (December 2024: 149 persons in 42
families; April 2025: 21 persons). The demo writes, for the years such a list exists
(:data:`~analytics.generate.profile.DINSOS_LIST_YEARS`), ``<out>/dinsos/rekap_miskin_ekstrem_<year>.csv``:
per kelurahan with anyone on it, the families and persons of the year's truth below the
extreme line. The list is perfect here (every such family, nobody else): a verval done well.
The product reads it with :func:`analytics.model.extreme_list.read_recap`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.generate.profile import DINSOS_LIST_YEARS
from analytics.generate.welfare import targets
from analytics.poverty.rule import is_poor
from analytics.reference import load_kelurahan

__all__ = ["FOLDER", "recap", "recap_path", "write_recap"]

FOLDER = "dinsos"


def recap_path(out: Path, year: int) -> Path:
    return Path(out) / FOLDER / f"rekap_miskin_ekstrem_{year}.csv"


def recap(fam: pd.DataFrame, year: int) -> pd.DataFrame:
    """Kode Kelurahan, Kelurahan, Jumlah Keluarga, Jumlah Jiwa of the families below the extreme line."""
    below = fam[is_poor(fam["expenditure_pc"].to_numpy(dtype=float), targets(year)["z_ext"])]
    counts = below.groupby("kode_kel").agg(keluarga=("size", "size"), jiwa=("size", "sum")).reset_index()
    names = load_kelurahan().set_index("kode")["nama"]
    return pd.DataFrame(
        {
            "Kode Kelurahan": counts["kode_kel"],
            "Kelurahan": counts["kode_kel"].map(names),
            "Jumlah Keluarga": counts["keluarga"],
            "Jumlah Jiwa": counts["jiwa"],
        }
    )


def write_recap(out: Path, fam: pd.DataFrame, year: int) -> Path | None:
    """Write the year's recap when the city had a list that year; its path, or None."""
    table = recap(fam, year) if year in DINSOS_LIST_YEARS else None
    if table is None or table.empty:  # no list that year, or nobody on it (a small demo)
        return None
    path = recap_path(out, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False)
    return path

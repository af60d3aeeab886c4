"""Turning analytics DataFrames into tables a user reads: Indonesian headers and formats."""

import pandas as pd

from ui.format import bps_scale, number, percent, rupiah


def fgt_table(frame: pd.DataFrame, rank: bool = False) -> pd.DataFrame:
    """kode, nama, population, poor, p0, p1, p2 -> Indonesian columns, BPS scale for P1/P2."""
    shown = pd.DataFrame(
        {
            "Wilayah": frame["nama"],
            "Penduduk": frame["population"].map(number),
            "Penduduk miskin": frame["poor"].map(number),
            "P0 (%)": frame["p0"].map(lambda v: percent(v)),
            "P1 (×100)": frame["p1"].map(lambda v: bps_scale(v)),
            "P2 (×100)": frame["p2"].map(lambda v: bps_scale(v, 3)),
        }
    )
    if rank:
        shown.insert(0, "Peringkat", frame["rank"].map(number))
    return shown


def money(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "–" if pd.isna(v) else rupiah(v))


def counts(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "–" if pd.isna(v) else number(v))


def percents(series: pd.Series, decimals: int = 1) -> pd.Series:
    return series.map(lambda v: "–" if pd.isna(v) else percent(v, decimals))

"""Random and hand-made families with every field the program analytics read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.poverty.testing import reference_lines
from analytics.reference import load_kelurahan

KELURAHAN_CODES = list(load_kelurahan()["kode"])
PROGRAM_COLUMNS = {
    "PKH": "receives_pkh",
    "SEMBAKO": "receives_sembako",
    "PBI": "receives_pbi",
    "BST": "receives_bst",
    "BPUM": "receives_bpum",
    "PRAKERJA": "receives_prakerja",
    "KUR": "receives_kur",
}

# Value lists of the registers (sources.md), used to draw random housing and services.
VALUES = {
    "floor": ["KERAMIK/GRANIT/MARMER/UBIN/TEGEL/TERASO", "SEMEN", "KAYU/PAPAN", "BAMBU", "TANAH", "LAINNYA"],
    "wall": ["TEMBOK", "KAYU/PAPAN", "SENG", "BAMBU", "LAINNYA"],
    "roof": ["BETON", "GENTENG", "ASBES/SENG", "KAYU/SIRAP", "BAMBU", "JERAMI/IJUK/RUMBIA/ DAUN-DAUNAN", "LAINNYA"],
    "water_source": [
        "LEDENG/PAM",
        "AIR KEMASAN/ISI ULANG",
        "SUMUR BOR",
        "SUMUR TERLINDUNG",
        "SUMUR TIDAK TERLINDUNG",
        "AIR HUJAN",
        "AIR PERMUKAAN (SUNGAI, DANAU, DLL)",
        "LAINNYA",
    ],
    "sanitation": ["MILIK SENDIRI", "UMUM/BERSAMA", "LAINNYA", "KOSONG"],
    "lighting": ["LISTRIK PLN METERAN", "LISTRIK PLN NON METERAN", "LISTRIK NON-PLN", "BUKAN LISTRIK"],
    "cooking_fuel": ["LISTRIK/GAS", "MINYAK TANAH", "ARANG/KAYU", "LAINNYA"],
    "health_insurance": ["PBI JKN", "JKN MANDIRI", "JKN PEKERJA/PENERIMA UPAH", "TIDAK MEMILIKI"],
}


def line_of(year: int, kind: str = "official") -> float:
    return float(reference_lines().set_index("year").loc[year, f"{kind}_line"])


def random_families(
    rng: np.random.Generator,
    n: int,
    year: int = 2023,
    codes: list[str] | None = None,
    id_prefix: str | None = None,
    with_nulls: bool = True,
) -> pd.DataFrame:
    """``n`` families of one year with welfare around the line, programs, desil, counts
    and housing/service fields (some fields missing when ``with_nulls``)."""
    codes = KELURAHAN_CODES if codes is None else codes
    z = line_of(year)
    prefix = f"{year}-" if id_prefix is None else id_prefix
    fam = pd.DataFrame(
        {
            "year": year,
            "family_id": [f"{prefix}{i:06d}" for i in range(n)],
            "kode_kelurahan": rng.choice(codes, size=n),
            "size": rng.integers(1, 8, size=n),
            "expenditure_pc": np.round(np.exp(rng.normal(np.log(z * 1.2), 0.45, size=n)), 2),
            "desil": rng.integers(1, 11, size=n).astype(float),
            "n_working_age": rng.integers(0, 4, size=n).astype(float),
            "n_disabled": rng.integers(0, 2, size=n).astype(float),
            "n_out_of_school": (rng.random(n) < 0.15).astype(float),
            "lat": rng.uniform(0.05, 0.19, size=n),
            "lon": rng.uniform(117.44, 117.51, size=n),
            "coord_status": "ok",
            "in_dtks": rng.random(n) < 0.4,
            "in_p3ke": rng.random(n) < 0.3,
        }
    )
    for column in PROGRAM_COLUMNS.values():
        fam[column] = rng.random(n) < 0.25
    for column, values in VALUES.items():
        fam[column] = rng.choice(values, size=n)
    if with_nulls:
        for column in ("desil", "n_working_age", "n_disabled", "n_out_of_school", "floor", "water_source"):
            fam.loc[rng.random(n) < 0.05, column] = np.nan
    fam["desil"] = fam["desil"].astype("Int64")
    for column in ("n_working_age", "n_disabled", "n_out_of_school"):
        fam[column] = fam[column].astype("Int64")
    return fam

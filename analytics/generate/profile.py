"""Who the synthetic population is: the demo's Kota Bontang, or any kabupaten/kota by a stated rule.

The generator draws the region that ``KEMISKINAN_REGION`` sets (:data:`analytics.reference.REGION`).
Bontang keeps the demo's own figures (BPS populations, assumed kelurahan shares and welfare
levels, the Dinas Sosial extreme-poverty shares); its demo is unchanged. Any other region is
built from public reference data by these rules:

* **Persons:** the region's 2024 population (``data/reference/wilayah/penduduk.csv``,
  Kemendagri's figures with the gazetteer), moved to the other years by Bontang's growth;
  shared among its desa and kelurahan in proportion to the square root of their areas (from
  the province's boundary file), so that a large rural desa holds more people than a small one,
  but far fewer per km².
* **Welfare level of an area:** normal with sd 0,12 (log points), 0,10 lower in a desa than in
  a kelurahan, drawn from the region's code, so the same region gets the same levels.
* **Poverty to reach:** the region's BPS P0, P1 and P2 where ``bps_poverty.csv`` has them,
  else the province's (``poverty_comparison.csv``); its line as the product reads it
  (:func:`analytics.reference.load_bps_poverty`); Bontang's shares of the extremely poor.
* **Survey:** 57 census blocks (Bontang's 570 households) times the square root of the
  population ratio to Bontang, between 40 and 150 blocks, 10 households each.
* **NIK of first registration:** the region's kecamatan (80 %, by persons) and four other
  regions of Indonesia (20 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from analytics.paths import REFERENCE_DIR
from analytics.reference import REGION, load_bps_poverty, load_kecamatan, load_kelurahan, shipped_region_code

YEARS = (2021, 2022, 2023, 2024, 2025)
# Bontang's population by year: 2023 and 2024 are BPS figures; the others are interpolated
# between the 2020 census (178.917) and 2024, and extrapolated at the same pace for 2025.
BONTANG_POPULATION = {2021: 183_300, 2022: 186_600, 2023: 189_968, 2024: 191_811, 2025: 193_700}
# Per-kelurahan population is not published: a kecamatan's 2024 total is split among its
# kelurahan by these assumed shares (larger for the dense central kelurahan, small for the
# industrial Bontang Lestari and the island/stilt settlement of Bontang Kuala).
BONTANG_SHARE = {
    "64.74.01.1001": 0.09,
    "64.74.01.1002": 0.16,
    "64.74.01.1003": 0.22,
    "64.74.01.1004": 0.13,
    "64.74.01.1005": 0.20,
    "64.74.01.1006": 0.20,
    "64.74.02.1001": 0.20,
    "64.74.02.1002": 0.17,
    "64.74.02.1003": 0.12,
    "64.74.02.1004": 0.13,
    "64.74.02.1005": 0.14,
    "64.74.02.1006": 0.24,
    "64.74.03.1001": 0.42,
    "64.74.03.1002": 0.33,
    "64.74.03.1003": 0.25,
}
# Persistent welfare level of each kelurahan (log points): poorer coastal and dense areas
# where the Dinas Sosial extreme-poverty lists concentrate (Berbas Tengah, Api-Api, Lok Tuan).
BONTANG_EFFECT = {
    "64.74.01.1001": -0.10,
    "64.74.01.1002": 0.05,
    "64.74.01.1003": -0.18,
    "64.74.01.1004": 0.10,
    "64.74.01.1005": 0.00,
    "64.74.01.1006": -0.22,
    "64.74.02.1001": -0.12,
    "64.74.02.1002": -0.30,
    "64.74.02.1003": -0.15,
    "64.74.02.1004": 0.05,
    "64.74.02.1005": 0.02,
    "64.74.02.1006": -0.10,
    "64.74.03.1001": 0.15,
    "64.74.03.1002": 0.12,
    "64.74.03.1003": 0.08,
}
# Region prefixes of first registration: mostly Bontang, some migrants from elsewhere.
BONTANG_NIK = (("647401", "647402", "647403", "647201", "737101", "357801", "730801"),)
BONTANG_NIK_P = (0.30, 0.27, 0.15, 0.10, 0.08, 0.05, 0.05)
# Share of persons below the extreme line. 2024 and 2025 follow Bontang's Dinas Sosial lists
# (149 persons in December 2024, 21 persons in April 2025); earlier years keep a small
# declining series (welfare.py says why).
EXTREME_SHARE = {2021: 0.0002, 2022: 0.00015, 2023: 0.0001, 2024: 0.00078, 2025: 0.00011}
# The years the Dinas Sosial had a verified list by kelurahan: the demo writes its recap
# (generate/extreme_recap.py), which the model counts instead of modelling.
DINSOS_LIST_YEARS = (2024, 2025)
BONTANG_BLOCKS = 57
# The truth's Box-Cox exponent (welfare.py): Bontang's, and that of any other region, whose
# targets (often its province's) are deeper than Bontang's shallow poverty.
BONTANG_LAMBDA, OTHER_LAMBDA = -0.5, -0.25
# Migrants' regions of first registration outside the region (Bontang, Makassar, Surabaya, Bone).
OTHER_NIK = ("647401", "737101", "357801", "730801")
AREA_EFFECT_SD, DESA_EFFECT = 0.12, -0.10


@dataclass(frozen=True)
class Profile:
    """What the generator needs of a region (module docstring)."""

    code: str  # '64.74'
    digits: str  # '6474'
    population: dict[int, float]  # persons by year
    persons_2024: pd.Series  # kode -> persons in 2024
    effect: pd.Series  # kode -> persistent welfare level, log points
    nik_prefixes: np.ndarray
    nik_p: np.ndarray
    blocks_drawn: int
    poverty: pd.DataFrame  # by year: poverty_line, p0_pct, p1_bps, p2_bps
    boxcox_lambda: float = BONTANG_LAMBDA

    @property
    def shipped(self) -> bool:
        """True for the demo's own region, whose figures are the demo's."""
        return self.code == shipped_region_code()


def _bontang() -> Profile:
    kel = load_kelurahan().set_index("kode")
    kec = load_kecamatan().set_index("kode")["population_2024"]
    share = pd.Series(BONTANG_SHARE)
    return Profile(
        code=REGION.kode,
        digits=REGION.kode.replace(".", ""),
        population=dict(BONTANG_POPULATION),
        persons_2024=share * kel.loc[share.index, "kode_kecamatan"].map(kec).to_numpy(),
        effect=pd.Series(BONTANG_EFFECT),
        nik_prefixes=np.array(BONTANG_NIK[0]),
        nik_p=np.array(BONTANG_NIK_P),
        blocks_drawn=BONTANG_BLOCKS,
        poverty=load_bps_poverty().set_index("year"),
    )


def region_population(code: str) -> int:
    """The 2024 population of a kabupaten/kota (data/reference/wilayah/penduduk.csv)."""
    table = pd.read_csv(REFERENCE_DIR / "wilayah" / "penduduk.csv", dtype={"kode": str})
    return int(table.set_index("kode").loc[code, "total"])


def _by_rule() -> Profile:
    areas = load_kelurahan().set_index("kode")
    total = region_population(REGION.kode)
    weight = np.sqrt(areas["area_km2"].astype(float))
    rng = np.random.default_rng([int(REGION.kode.replace(".", "")), 24])
    effect = rng.normal(0.0, AREA_EFFECT_SD, len(areas)) + np.where(areas["jenis"] == "desa", DESA_EFFECT, 0.0)
    persons = total * weight / weight.sum()
    kecamatan = persons.groupby(areas["kode_kecamatan"]).sum()
    prefixes = [k.replace(".", "") for k in kecamatan.index] + list(OTHER_NIK)
    p = np.concatenate([0.8 * kecamatan.to_numpy() / total, np.full(len(OTHER_NIK), 0.2 / len(OTHER_NIK))])
    blocks = int(np.clip(round(BONTANG_BLOCKS * np.sqrt(total / BONTANG_POPULATION[2024])), 40, 150))
    return Profile(
        code=REGION.kode,
        digits=REGION.kode.replace(".", ""),
        population={y: total * BONTANG_POPULATION[y] / BONTANG_POPULATION[2024] for y in YEARS},
        persons_2024=persons,
        effect=pd.Series(effect, index=areas.index),
        nik_prefixes=np.array(prefixes),
        nik_p=p / p.sum(),
        blocks_drawn=blocks,
        poverty=_poverty_to_reach(),
        boxcox_lambda=OTHER_LAMBDA,
    )


def _poverty_to_reach() -> pd.DataFrame:
    """The region's lines with its BPS P0, P1, P2, or its province's where it has none."""
    own = load_bps_poverty().set_index("year")
    if own["p0_pct"].notna().any():
        return own
    table = pd.read_csv(REFERENCE_DIR / "poverty_comparison.csv", dtype={"region": str})
    province = table[table["region"] == REGION.kode_provinsi].pivot(index="year", columns="measure", values="value")
    out = own[["poverty_line"]].copy()
    for measure in ("p0_pct", "p1_bps", "p2_bps"):
        out[measure] = province[measure].reindex(out.index) if measure in province else np.nan
    return out


@cache
def profile() -> Profile:
    """The profile of the region set (module docstring)."""
    return _bontang() if REGION.kode == shipped_region_code() else _by_rule()

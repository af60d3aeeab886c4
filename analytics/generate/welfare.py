"""Welfare (monthly expenditure per capita): Box-Cox normal given the register's covariates.

Every family has a latent welfare score (snapshot.py), the sum of

* the effect of the product's default model covariates (analytics.model.covariates:
  household size and composition shares, no worker, a disabled member, the head's
  education, housing and services), each computed from the family's register fields exactly
  as the product's query model/household_covariates computes it (``covariates``), times a
  fixed coefficient (``COEFFICIENTS``);
* the kelurahan's effect (population.KELURAHAN_EFFECT);
* the family's persistent welfare ``perm`` (normal, sd 0.26) and a yearly shock ``trans``
  (normal, AR(1), stationary sd 0.22), drawn independently of everything the registers
  record (population.py), so families still enter and leave poverty.

The covariates are causes, not consequences: schooling, work and housing are drawn first
from the family's own persistent factors (its status, its housing factor, the kelurahan;
snapshot.py), never from its welfare. Standardised over persons each year (s, mean 0 and
standard deviation 1), the score gives expenditure per capita through a Box-Cox
transformation in units of the year's official line z (so the shape does not drift with
prices):

    T_lambda(y / z) = mu_year + SIGMA * s,    T_lambda(x) = (x^lambda - 1) / lambda,

so T_lambda(y), in rupiah too, is an affine function of the covariates plus a kelurahan
effect plus normal errors of constant variance: the nested-error model with a Box-Cox
transformation that the product's EBP fits (area: kelurahan). Two departures remain, as in
any real city: the 15 kelurahan effects are fixed values, not draws, and housing follows
the kelurahan a little, so covariates and area effect are correlated. The covariate effect
has a standard deviation of 0.43 in a latent score of 0.55; least squares of T_lambda(y) on
the covariates gives an R^2 of about 0.60 (0.65 with kelurahan indicators). LAMBDA and
SIGMA are the same every year; mu_year places the line so that the persons below it are
exactly BPS's P0 (``targets``).

The two constants trade BPS's depth and severity against the spread above the line. P1/P0
and P2/P0 (how far the poor fall below the line) need a narrow distribution at the line
(about 0.24 log points per standard unit), the city's inequality a wide one above it (a
Gini of 0.30 needs about 0.55 log points in a lognormal). No Box-Cox normal distribution
has both: a positive lambda narrows the upper tail even more than the lower one; a negative
lambda widens the upper tail relative to the lower one, but its upper tail rises towards a
pole (y infinite where 1 + lambda T = 0): below about -0.3 the richest family spends more
than 100 times the line. LAMBDA = -0.25 with SIGMA = 0.42 gives a Gini of about 0.30, a
mean of 2.6 to 2.9 times the line, and P1/P0 and P2/P0 about 1.6 and 2.8 times BPS's mean
ratios of 2021-2023 (1.58-1.68 and 2.56-2.87 over the years; a lognormal with the same
Gini: 2.1 and 4.4 times). The top is heavy: the richest family of a year spends 38 to 84
times the line per person.

Extreme poverty is the one step outside the distribution. Below the extreme line (about
46 % of z) the distribution holds 15 to 42 persons a year at full scale; the Dinas Sosial
lists hold 149 (December 2024) and 21 (April 2025), a fall no smooth distribution follows
while P0 barely moves. So the poorest families by latent score, up to the year's
EXTREME_SHARE of persons, have their expenditure scaled down by one common factor that
puts the least poor of them just under the extreme line (order is kept; a year whose
distribution already puts them there, as 2025, is left alone). These families, at most
0.11 % of persons, are the only ones off the Box-Cox relation.
"""

import numpy as np
import pandas as pd

from analytics.reference import load_bps_poverty, load_extreme_line

# Box-Cox exponent and standard deviation of T(y / z) per standard unit of the latent
# (see the module docstring for why these two values).
LAMBDA = -0.25
SIGMA = 0.42
# Share of persons below the extreme line. 2024 and 2025 follow the Dinas Sosial lists
# (149 persons in December 2024, 21 persons in April 2025); there is no list for earlier
# years, which keep a small declining series (every extremely poor person adds at least
# ((z - z_ext) / z)^2 ~ 0.27 to P2's sum, so a long list would take P2 far from BPS).
EXTREME_SHARE = {2021: 0.0011, 2022: 0.0008, 2023: 0.0005, 2024: 0.00078, 2025: 0.00011}

# The stated compromise on depth and severity: P1/P0 and P2/P0 of the truth divided by BPS's
# mean ratios of 2021-2023 lie in these ranges every year (measured at full scale, seed 1:
# 1.58-1.68 and 2.56-2.87; the ranges leave room for other seeds and scales). BPS's own
# P1 and P2 are out of reach with a Gini of about 0.30 (module docstring).
DEPTH_FACTOR = (1.45, 1.85)
SEVERITY_FACTOR = (2.3, 3.3)


# Effect of each of the product's default covariates (analytics.model.covariates, computed
# as model/household_covariates computes them: see `covariates`) on the latent score, in its
# raw units (before standardising).
COEFFICIENTS = {
    "log_size": -0.30,
    "children_share": -0.40,
    "elderly_share": -0.15,
    "working_share": 0.35,
    "no_worker": -0.15,
    "disabled_member": -0.08,
    "head_primary_or_less": -0.15,
    "head_tertiary": 0.30,
    "floor_earth_or_wood": -0.20,
    "floor_tiled": 0.15,
    "wall_not_masonry": -0.12,
    "roof_tile": 0.06,
    "water_piped": 0.08,
    "toilet_own": 0.12,
    "electricity_metered": 0.15,
    "clean_cooking_fuel": 0.15,
}


def covariates(fam: pd.DataFrame) -> pd.DataFrame:
    """The default covariates of each family from the fields the registers carry, defined
    exactly as the product's query model/household_covariates defines them (the import's
    n_school_age is the generator's n_school + n_out_of_school)."""
    size = fam["size"].to_numpy(dtype=float)

    def isin(column: str, values) -> np.ndarray:
        return fam[column].isin(values).to_numpy(dtype=float)

    return pd.DataFrame(
        {
            "log_size": np.log(size),
            "children_share": (fam["n_toddlers"] + fam["n_school"] + fam["n_out_of_school"]).to_numpy() / size,
            "elderly_share": fam["n_elderly"].to_numpy() / size,
            "working_share": fam["n_working"].to_numpy() / size,
            "no_worker": (fam["n_working"] == 0).to_numpy(dtype=float),
            "disabled_member": (fam["n_disabled"] > 0).to_numpy(dtype=float),
            "head_primary_or_less": isin(
                "head_education", ["TIDAK/BELUM SEKOLAH", "TDK TAMAT SD/SEDERAJAT", "TAMAT SD/SEDERAJAT"]
            ),
            "head_tertiary": isin("head_education", ["TAMAT PT/AKADEMI"]),
            "floor_earth_or_wood": isin("floor", ["TANAH", "KAYU/PAPAN", "BAMBU"]),
            "floor_tiled": fam["floor"].str.startswith("KERAMIK").to_numpy(dtype=float),
            "wall_not_masonry": (fam["wall"] != "TEMBOK").to_numpy(dtype=float),
            "roof_tile": (fam["roof"] == "GENTENG").to_numpy(dtype=float),
            "water_piped": (fam["water_source"] == "LEDENG/PAM").to_numpy(dtype=float),
            "toilet_own": (fam["sanitation"] == "MILIK SENDIRI").to_numpy(dtype=float),
            "electricity_metered": (fam["lighting"] == "LISTRIK PLN METERAN").to_numpy(dtype=float),
            "clean_cooking_fuel": (fam["cooking_fuel"] == "LISTRIK/GAS").to_numpy(dtype=float),
        },
        index=fam.index,
    )


def covariate_effect(fam: pd.DataFrame) -> np.ndarray:
    """The part of the latent score the covariates explain: the sum of COEFFICIENTS x."""
    x = covariates(fam)
    return x[list(COEFFICIENTS)].to_numpy() @ np.array(list(COEFFICIENTS.values()))


def latent_score(fam: pd.DataFrame, kel_eff: np.ndarray) -> np.ndarray:
    """Raw latent score: covariate effect + kelurahan effect + the family's persistent and
    transient welfare (normal, independent of the covariates; population.py)."""
    return covariate_effect(fam) + kel_eff + fam["perm"].to_numpy() + fam["trans"].to_numpy()


def targets(year: int) -> dict:
    """P0, P1, P2 (fractions) of BPS; years without published P1/P2 use the mean ratios
    P1/P0 and P2/P0 of the years that have them. Only P0 is reproduced exactly."""
    bps = load_bps_poverty().set_index("year")
    full = bps.dropna(subset=["p0_pct", "p1_bps", "p2_bps"]).loc[2021:2023]
    row = bps.loc[year]
    p0 = row["p0_pct"] / 100
    p1 = row["p1_bps"] / 100 if pd.notna(row["p1_bps"]) else p0 * (full["p1_bps"] / full["p0_pct"]).mean()
    p2 = row["p2_bps"] / 100 if pd.notna(row["p2_bps"]) else p0 * (full["p2_bps"] / full["p0_pct"]).mean()
    ext = load_extreme_line().set_index("year").loc[year, "extreme_line"]
    return {
        "z": float(row["poverty_line"]),
        "z_ext": float(ext),
        "p0": p0,
        "p1": p1,
        "p2": p2,
        "extreme_share": EXTREME_SHARE[year],
    }


def boxcox(x: np.ndarray, lam: float = LAMBDA) -> np.ndarray:
    """T_lambda(x) = (x^lambda - 1) / lambda (log x at lambda = 0)."""
    x = np.asarray(x, dtype=float)
    return np.log(x) if lam == 0 else np.expm1(lam * np.log(x)) / lam


def inverse_boxcox(t: np.ndarray, lam: float = LAMBDA) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    if lam == 0:
        return np.exp(t)
    base = 1 + lam * t
    if np.any(base <= 0):
        # With lambda < 0 the pole is about 7.8 standard units above the mean: never
        # reached by a latent score made of normal components, but refused, not clipped.
        raise ValueError("latent score beyond the pole of the Box-Cox transformation")
    return np.exp(np.log(base) / lam)


def person_weighted_rank(latent: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Mid-point rank of each family among persons, in (0, 1)."""
    order = np.argsort(latent, kind="stable")
    cum = np.cumsum(size[order])
    mid = (cum - size[order] / 2) / cum[-1]
    rank = np.empty_like(mid)
    rank[order] = mid
    return rank


def standardised(latent: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The latent score with person-weighted mean 0 and standard deviation 1."""
    w = np.asarray(size, dtype=float)
    mean = np.average(latent, weights=w)
    return (latent - mean) / np.sqrt(np.average((latent - mean) ** 2, weights=w))


def line_position(s: np.ndarray, rank: np.ndarray, p0: float) -> float:
    """The standardised score of the line: midway between the richest family whose
    person-weighted mid-rank is below p0 and the next one, so that those families are poor."""
    below = rank < p0
    return float((s[below].max() + s[~below].min()) / 2)


def mu_of_year(s: np.ndarray, rank: np.ndarray, year: int) -> float:
    """mu_year: T_lambda(1) = 0 is the line, so mu = -SIGMA * (score of the line)."""
    return -SIGMA * line_position(s, rank, targets(year)["p0"])


def welfare_from_latent(latent: np.ndarray, size: np.ndarray, year: int) -> np.ndarray:
    """Expenditure per capita (rupiah) of families with these latent scores and sizes."""
    t = targets(year)
    s = standardised(latent, size)
    rank = person_weighted_rank(latent, size)
    x = inverse_boxcox(mu_of_year(s, rank, year) + SIGMA * s)
    # One rupiah of margin, so that rounding keeps the least poor of the group below the line.
    x = extreme_step(x, rank, (t["z_ext"] - 1) / t["z"], t["extreme_share"])
    # Rupiah amounts; a poor family must stay strictly below the line after rounding.
    y = np.round(x * t["z"])
    y[(x < 1) & (y >= t["z"])] = np.floor(t["z"]) - 1
    return y


def extreme_step(x: np.ndarray, rank: np.ndarray, extreme: float, share: float) -> np.ndarray:
    """Scale the poorest families (mid-rank below `share`) by one factor so that the least
    poor of them sits just under the extreme line `extreme` (in units of the line); nothing
    changes when the distribution already puts them all below it."""
    group = rank < share
    if not group.any() or x[group].max() < extreme:
        return x
    out = x.copy()
    out[group] *= extreme / x[group].max()
    return out


def national_percentile(y: np.ndarray, year: int) -> np.ndarray:
    """National welfare percentile 1-100 of a Bontang expenditure: Bontang is richer than
    the country, so its bottom ~10 % of families fall in national deciles 1-4."""
    z = targets(year)["z"]
    national_median = 1.45 * z
    from scipy.special import ndtr

    pct = ndtr((np.log(y) - np.log(national_median)) / 0.55) * 100
    return np.clip(np.ceil(pct), 1, 100).astype(int)

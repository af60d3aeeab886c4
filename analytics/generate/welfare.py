"""Welfare (monthly expenditure per capita): Box-Cox normal given the register's covariates,
with BPS's P0, P1 and P2 of every year that BPS published them.

Every family has a latent welfare score (snapshot.py), the sum of

* the effect of the product's default model covariates (analytics.model.covariates:
  household size and composition shares, no worker, a disabled member, the head's
  education, housing and services), each computed from the family's register fields exactly
  as the product's query model/household_covariates computes it (``covariates``), times a
  fixed coefficient (``COEFFICIENTS``);
* the kelurahan's effect (profile.py);
* the family's persistent welfare ``perm`` (normal, sd 0.26) and a yearly shock ``trans``
  (normal, AR(1), stationary sd 0.22), drawn independently of everything the registers
  record (population.py), so families still enter and leave poverty.

The covariates are causes, not consequences: schooling, work and housing are drawn first
from the family's own persistent factors (its status, its housing factor, the kelurahan;
snapshot.py), never from its welfare. Standardised over persons each year (s, mean 0 and
standard deviation 1), the score gives expenditure per capita through a Box-Cox
transformation in units of the year's official line z (so the shape does not drift with
prices):

    T_lambda(y / z) = sigma_year * (s - q_year),    T_lambda(x) = (x^lambda - 1) / lambda,

so T_lambda(y), in rupiah too, is an affine function of the covariates plus a kelurahan
effect plus normal errors of constant variance: the nested-error model with a Box-Cox
transformation that the product's EBP fits (area: kelurahan). Two departures remain, as in
any real city: the 15 kelurahan effects are fixed values, not draws, and housing follows
the kelurahan a little, so covariates and area effect are correlated. Least squares of
T_lambda(y) on the covariates gives an R^2 of about 0.60 (0.65 with kelurahan indicators).

Three numbers place each year: q_year (the score of the line) makes the persons below it
exactly BPS's P0; sigma_year makes the Box-Cox normal alone (what a model fitted to a
sample sees) have BPS's P1 (``sigma_of_year``); and a severity step (below) makes P2
exactly BPS's. Years BPS has not published P1 and P2 for (2024, 2025) use the mean ratios
P1/P0 and P2/P0 of 2021-2023 for sigma and take no severity step.

BPS's depth is shallow (P1/P0 0.08-0.10: the poor of Bontang sit close to the line), and a
Box-Cox normal that shallow at the line is narrow everywhere: sigma_year is 0.21-0.27, the
Gini 0.15-0.21 and the mean 1.6-1.9 times the line (full scale, seed 1), where BPS reports a
Gini of about 0.3 for the city. The negative LAMBDA widens the top as far as it safely can
(the richest family spends 9 to 25 times the line); below about -0.5 the top runs into the
transformation's pole (y infinite where 1 + lambda T = 0). The product shows no Gini nor
mean, and its indicators live at and below the line, so the demo keeps BPS's depth and
severity and gives up some inequality above the line. (Before, a Gini of 0.30 was kept and
the truth's P1 and P2 were 1.6 and 2.8 times BPS's; the model's figures followed the truth,
so the demo contradicted BPS on exactly the figures it exists to show.)

Two steps leave the distribution, both order-keeping and both among the poor:

* Extreme poverty. Below the extreme line (about 46 % of z) the distribution holds almost
  nobody; the Dinas Sosial lists hold 149 (December 2024) and 21 (April 2025) persons. So
  the poorest families by latent score, up to the year's EXTREME_SHARE of persons, have
  their expenditure scaled down by one common factor that puts the least poor of them just
  under the extreme line (``extreme_step``).
* Severity (2021-2023). The other poor families' gaps g = 1 - y / z become c * g^b, with b
  and c such that P1 and P2 are exactly BPS's (``severity_step``); b is 0.65-1.0 and c
  0.48-1.0 at full scale (1 and 1 would be no change), so the Box-Cox normal's own P2 is
  within 25 % of BPS's before the step.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from analytics.generate.profile import EXTREME_SHARE, profile
from analytics.reference import load_extreme_line

# Box-Cox exponent, the same every year: as negative as the top allows (module docstring) for
# Bontang's shallow poverty; another region reaching its province's deeper poverty needs more
# room below the line before the pole, so its exponent is the profile's (profile.py).
LAMBDA = profile().boxcox_lambda
# Share of persons below the extreme line (profile.EXTREME_SHARE). 2024 and 2025 follow the
# Dinas Sosial lists. There is no list for earlier years; BPS's P2 of those years leaves room
# for very few (every extremely poor person adds at least ((z - z_ext) / z)^2 ~ 0.29 to P2's
# sum: 150 persons would be half of 2022's), so they keep a small declining series.


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
    P1/P0 and P2/P0 of the years that have them (``published`` False)."""
    bps = profile().poverty
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
        "published": bool(pd.notna(row["p1_bps"]) and pd.notna(row["p2_bps"])),
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


def sigma_of_year(s: np.ndarray, rank: np.ndarray, size: np.ndarray, year: int) -> float:
    """The year's SIGMA: the spread at which the Box-Cox normal alone (what a model sees)
    has the target P1, with the line at the target P0. P1 grows with the spread, so one
    root; the search stops short of the pole (1 + LAMBDA * T stays above 0.03 for the
    richest family)."""
    t = targets(year)
    w = np.asarray(size, dtype=float)
    centred = s - line_position(s, rank, t["p0"])
    high = 0.97 / (abs(LAMBDA) * centred.max()) if LAMBDA < 0 else 2.0

    def excess_depth(sigma: float) -> float:
        gap = np.clip(1 - inverse_boxcox(sigma * centred), 0, None)
        return float(np.average(gap, weights=w)) - t["p1"]

    return float(optimize.brentq(excess_depth, 1e-3, high, xtol=1e-10))


@dataclass(frozen=True)
class Shape:
    """How one year's welfare was drawn: the spread, and the severity map (1, 1: none)."""

    sigma: float
    severity_power: float = 1.0
    severity_scale: float = 1.0


def shape_of_year(latent: np.ndarray, size: np.ndarray, year: int) -> tuple[Shape, np.ndarray]:
    """The year's shape and expenditure in units of the line (before rounding)."""
    t = targets(year)
    w = np.asarray(size, dtype=float)
    s = standardised(latent, w)
    rank = person_weighted_rank(latent, w)
    sigma = sigma_of_year(s, rank, w, year)
    x = inverse_boxcox(sigma * (s - line_position(s, rank, t["p0"])))
    # One rupiah of margin, so that rounding keeps the least poor of the group below the line.
    x = extreme_step(x, rank, (t["z_ext"] - 1) / t["z"], t["extreme_share"])
    if not t["published"]:
        return Shape(sigma), x
    power, scale, x = severity_step(x, w, rank < t["extreme_share"], t["p1"], t["p2"])
    return Shape(sigma, power, scale), x


def severity_step(x: np.ndarray, w: np.ndarray, extreme: np.ndarray, p1: float, p2: float):
    """Map the gaps g of the poor outside the extreme group to c * g^b (order kept), with b
    and c such that P1 and P2 are exactly p1 and p2. P2 / P1^2 does not depend on c, and
    grows with b, so b is one root and c follows."""
    gap = np.clip(1 - x, 0, None)
    moved = (gap > 0) & ~extreme
    total = w.sum()
    depth = p1 * total - np.sum(w[extreme] * gap[extreme])
    severity = p2 * total - np.sum(w[extreme] * gap[extreme] ** 2)
    g, wg = gap[moved], w[moved]

    def excess_dispersion(b: float) -> float:
        return np.sum(wg * g ** (2 * b)) / np.sum(wg * g**b) ** 2 - severity / depth**2

    power = float(optimize.brentq(excess_dispersion, 0.05, 20, xtol=1e-12))
    scale = float(depth / np.sum(wg * g**power))
    out = x.copy()
    out[moved] = 1 - scale * g**power
    if extreme.any() and out[moved].min() <= out[extreme].max():
        raise ValueError("the severity step would put a family below the extreme group")
    return power, scale, out


def welfare_from_latent(latent: np.ndarray, size: np.ndarray, year: int) -> np.ndarray:
    """Expenditure per capita (rupiah) of families with these latent scores and sizes."""
    t = targets(year)
    _, x = shape_of_year(latent, size, year)
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


# Standard deviation of log expenditure per capita when the truth had a Gini of 0.30 (the
# spread the generator's noises were calibrated on).
REFERENCE_LOG_SD = 0.555


def log_spread_ratio(y: np.ndarray) -> float:
    """The year's standard deviation of log expenditure over REFERENCE_LOG_SD: noises given
    in log points are multiplied by it so that they reorder families as much every year."""
    return float(np.log(np.asarray(y, dtype=float)).std() / REFERENCE_LOG_SD)


def national_percentile(y: np.ndarray, year: int, spread: float) -> np.ndarray:
    """National welfare percentile 1-100 of a Bontang expenditure: Bontang is richer than
    the country, so its bottom ~10 % of families fall in national deciles 1-4. The distance
    from the line is read in the reference spread (``spread``: log_spread_ratio of the
    year's families), so a year BPS finds shallow, and the truth narrow, does not crowd the
    city into the middle deciles: the registers' shares per desil stay what they were."""
    from scipy.special import ndtr

    distance = np.log(np.asarray(y, dtype=float) / targets(year)["z"]) / spread
    pct = ndtr((distance - np.log(1.45)) / 0.55) * 100
    return np.clip(np.ceil(pct), 1, 100).astype(int)

"""The registers' welfare rank: a proxy-means test (PMT), not the family's expenditure.

Regsosek, P3KE and DTSEN give a national percentile and desil from a PMT: a regression of
log expenditure per capita on non-monetary family characteristics, fitted on a survey and
applied to every family; the ranks of the predictions are released, not the rupiah. Here the
model is fitted once a year on the synthetic truth (standing in for BPS's fit on Susenas)
and a noise term stands for what the register's data and the model miss in the field
(stale or misreported characteristics). The result ranks families about as well as a real
PMT does (Spearman correlation with true expenditure about 0.7), so targeting on its desil
produces inclusion and exclusion errors, as in Indonesia.
"""

import numpy as np
import pandas as pd

from analytics.generate import welfare

# Fields a PMT can see (Regsosek columns in brackets): housing classes (jenis_lantai,
# jenis_dinding, jenis_atap), water, sanitation, lighting, cooking fuel, the head's education
# and the household composition counts.
PMT_CATEGORIES = (
    "floor",
    "wall",
    "roof",
    "water_source",
    "sanitation",
    "lighting",
    "cooking_fuel",
    "head_education",
)
PMT_COUNTS = (
    "size",
    "n_toddlers",
    "n_school",
    "n_out_of_school",
    "n_working_age",
    "n_working",
    "n_elderly",
    "n_disabled",
)
# Field error in log points of the reference spread (welfare.log_spread_ratio: the city's
# spread changes from year to year with BPS's depth, welfare.sigma_of_year). Welfare is caused by
# nearly these fields (welfare.py: the product's covariates, which the PMT's classes and
# counts contain) plus what no register records, so the model alone ranks families with a
# Spearman correlation of about 0.73; this noise brings it to about 0.67, within the
# 0.6-0.75 of real PMTs.
PMT_NOISE_SD = 0.18


def design_matrix(fam: pd.DataFrame) -> np.ndarray:
    """Indicators of every class of the categorical fields, the counts, log household
    size and a constant (the indicators are collinear with it; least squares copes)."""
    dummies = pd.get_dummies(fam[list(PMT_CATEGORIES)].astype(str)).astype(float)
    counts = fam[list(PMT_COUNTS)].astype(float)
    counts["log_size"] = np.log(fam["size"].astype(float))
    counts["constant"] = 1.0
    return np.hstack([dummies.to_numpy(), counts.to_numpy()])


def fitted_log_expenditure(fam: pd.DataFrame) -> np.ndarray:
    """Least-squares prediction of log expenditure per capita from the PMT fields."""
    x = design_matrix(fam)
    y = np.log(fam["expenditure_pc"].to_numpy(dtype=float))
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return x @ beta


def rank_families(fam: pd.DataFrame, year: int, rng: np.random.Generator) -> None:
    """Add `pmt_prediction` (log rupiah, with field error), `pmt_welfare` (the rupiah
    amount at the family's PMT rank in the city's true distribution), `pmt_percentile`
    (national percentile 1-100) and `pmt_desil` (1-10) to the families of one year."""
    spread = welfare.log_spread_ratio(fam["expenditure_pc"].to_numpy())
    noise_sd = PMT_NOISE_SD * spread
    score = fitted_log_expenditure(fam) + rng.normal(0, noise_sd, len(fam))
    # A PMT only orders families. Reading that order on the city's true distribution keeps
    # the share of Bontang families in each national desil what their expenditure gives.
    order = np.argsort(score, kind="stable")
    on_scale = np.empty(len(fam))
    on_scale[order] = np.sort(fam["expenditure_pc"].to_numpy(dtype=float))
    fam["pmt_prediction"] = np.round(score, 4)
    fam["pmt_welfare"] = on_scale
    fam["pmt_percentile"] = welfare.national_percentile(on_scale, year, spread)
    fam["pmt_desil"] = np.ceil(fam["pmt_percentile"] / 10).astype(int)

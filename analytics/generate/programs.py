"""Register membership and program receipt, with Indonesia's reported targeting errors.

Calibration (facts.md): only about 55 % of eligible families are reached by PKH and
Sembako, and about 45 % of their recipients do not meet the criteria; PBI-JK is broader.
Eligibility follows DTSEN: PKH desil 1-4, Sembako and PBI-JK desil 1-5, on the desil of
the register's proxy-means test (pmt.py), not on the family's true expenditure.
"""

import numpy as np
import pandas as pd

from analytics.generate import welfare

# program: (eligible up to desil, share of eligible reached, share of recipients not eligible)
SOCIAL_ASSISTANCE = {
    "pkh": (4, 0.50, 0.45),
    "sembako": (5, 0.55, 0.45),
    "pbi": (5, 0.70, 0.30),
}


def registers_membership(fam: pd.DataFrame, year: int, rng, previous_dtks: set) -> None:
    """P3KE: its own noisy welfare estimate puts a family in national desil 1-4.
    DTKS: self-registration and local proposals, sticky from year to year; proposals and
    their verification look at what the PMT sees (the house, the household), so entry
    follows the PMT rank with noise."""
    # The noises are in log points of a spread like the country's (sd 0.55); the city's own
    # spread changes with BPS's depth from year to year (welfare.sigma_of_year), and the same
    # noise must shuffle families as much in a narrow year as in a wide one.
    spread = welfare.log_spread_ratio(fam["expenditure_pc"].to_numpy())
    noise = np.exp(rng.normal(0, 0.12 * spread, len(fam)))
    p3ke_pct = welfare.national_percentile(fam["expenditure_pc"].to_numpy() * noise, year, spread)
    fam["p3ke_percentile"] = p3ke_pct
    fam["p3ke_desil"] = np.ceil(p3ke_pct / 10).astype(int)
    fam["in_p3ke"] = p3ke_pct <= 40
    pct = welfare.national_percentile(
        fam["pmt_welfare"].to_numpy() * np.exp(rng.normal(0, 0.25 * spread, len(fam))), year, spread
    )
    was_in = fam["family_id"].isin(previous_dtks).to_numpy()
    r = rng.random(len(fam))
    fam["in_dtks"] = (was_in & (r < 0.80)) | ((pct <= 35) & (r < 0.60)) | (r < 0.005)


def assign_programs(fam: pd.DataFrame, year: int, rng) -> None:
    """Programs are paid from DTKS (PKH, Sembako, PBI, BST) or known through P3KE
    (BPUM, Prakerja, KUR: the empowerment programs, for families with an able adult)."""
    in_dtks = fam["in_dtks"].to_numpy()
    # Eligibility is read off the register's PMT desil, the source of most targeting errors.
    desil = fam["pmt_desil"].to_numpy()
    for name, (max_desil, reach, not_eligible_share) in SOCIAL_ASSISTANCE.items():
        eligible = desil <= max_desil
        n_elig = eligible.sum()
        elig_in_dtks = (eligible & in_dtks).sum()
        p_elig = min(1.0, reach * n_elig / max(elig_in_dtks, 1))
        wanted_inelig = reach * n_elig * not_eligible_share / (1 - not_eligible_share)
        p_inelig = min(1.0, wanted_inelig / max((~eligible & in_dtks).sum(), 1))
        p = np.where(eligible, p_elig, p_inelig)
        fam[f"receives_{name}"] = in_dtks & (rng.random(len(fam)) < p)
    bst_rate = {2021: 0.35, 2022: 0.15}.get(year, 0.0)
    fam["receives_bst"] = in_dtks & ~fam["receives_pkh"].to_numpy() & (rng.random(len(fam)) < bst_rate)
    in_p3ke = fam["in_p3ke"].to_numpy()
    able = fam["n_able_adult"].to_numpy() > 0
    bpum_rate = {2021: 0.06, 2022: 0.04}.get(year, 0.0)
    fam["receives_bpum"] = in_p3ke & able & (rng.random(len(fam)) < bpum_rate)
    fam["receives_prakerja"] = in_p3ke & able & (rng.random(len(fam)) < 0.04)
    fam["receives_kur"] = in_p3ke & able & (rng.random(len(fam)) < 0.03)

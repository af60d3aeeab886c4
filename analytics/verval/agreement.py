"""How well the register's targeting agrees with what the field found.

The families compared are those visited, found at home, with an approved record of the year.
The field's answer is :func:`analytics.verval.outcomes.field_poor` (group DTSEN or fakir
miskin). The register's is the probability of being poor under the year's welfare source: the
published small-area model's probability, or 1/0 where the frame holds observed expenditure
(below the line or not); a year with neither has only the desil (1 poorest … 10), whose rank
is compared instead (lower desil = more likely poor; no probability, hence no Brier score).

- **Calibration**: per band of the register's prediction, the mean predicted probability
  beside the share the field found poor, and how many families each holds.
- **AUC**: the chance that, of one family found poor and one found not poor, the register
  ranks the poor one as more likely poor (ties count half); 0.5 is guessing, 1 always right.
- **Brier score**: the mean squared difference between predicted probability and the field's
  0/1; 0 is perfect, always predicting 50 % gives 0.25.

Below :data:`MIN_RECORDS` families nothing is computed, the AUC needs at least
:data:`MIN_CLASS` families on each side, and a band's share needs :data:`MIN_BAND` families:
a figure from fewer says nothing the page should repeat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_RECORDS = 30
MIN_CLASS = 10
MIN_BAND = 10
#: Bands of the predicted probability (upper bound exclusive except the last).
PROBABILITY_BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
DESIL_BANDS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 10))


@dataclass(frozen=True)
class Agreement:
    """``basis`` 'model' | 'observed' | 'desil' | 'none'; ``calibration``: band (label),
    n, mean_predicted (None for desil), found_poor, share_poor (None below MIN_BAND)."""

    basis: str
    n: int
    found_poor: int
    mean_predicted: float | None
    calibration: pd.DataFrame
    auc: float | None
    brier: float | None

    @property
    def enough(self) -> bool:
        return self.n >= MIN_RECORDS


def auc(score: pd.Series, poor: pd.Series) -> float | None:
    """The Mann–Whitney AUC of ``score`` (higher = more likely poor) against ``poor`` (bool);
    None when either side is empty.

    >>> auc(pd.Series([0.9, 0.8, 0.3, 0.1]), pd.Series([True, False, True, False]))
    0.75
    """
    poor = poor.astype(bool).to_numpy()
    positives, negatives = int(poor.sum()), int((~poor).sum())
    if positives == 0 or negatives == 0:
        return None
    ranks = pd.Series(score.to_numpy(dtype=float)).rank(method="average").to_numpy()
    return float((ranks[poor].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def brier(probability: pd.Series, poor: pd.Series) -> float:
    """Mean of (probability − found poor)², found poor as 1 or 0.

    >>> brier(pd.Series([1.0, 0.0]), pd.Series([True, True]))
    0.5
    """
    return float(np.mean((probability.to_numpy(dtype=float) - poor.astype(float).to_numpy()) ** 2))


def _probability_band(p: float) -> int:
    edges = PROBABILITY_BANDS
    return min(int(np.searchsorted(edges, p, side="right")) - 1, len(edges) - 2)


def _band_label(basis: str, band: int) -> str:
    if basis == "desil":
        low, high = DESIL_BANDS[band]
        return f"Desil {low}" if low == high else f"Desil {low}–{high}"
    low, high = PROBABILITY_BANDS[band], PROBABILITY_BANDS[band + 1]
    return f"{round(low * 100)}–{round(high * 100)} %"


def _bands(basis: str, compared: pd.DataFrame) -> pd.Series:
    if basis == "desil":
        return compared["desil"].map(lambda d: next(i for i, (lo, hi) in enumerate(DESIL_BANDS) if lo <= d <= hi))
    return compared["probability"].map(_probability_band)


def calibration(basis: str, compared: pd.DataFrame) -> pd.DataFrame:
    """One row per band (every band, empty ones with n 0): band, n, mean_predicted,
    found_poor, share_poor."""
    count = len(DESIL_BANDS) if basis == "desil" else len(PROBABILITY_BANDS) - 1
    band = _bands(basis, compared)
    rows = []
    for i in range(count):
        inside = compared[band == i]
        n, poor = len(inside), int(inside["field_poor"].sum())
        mean = float(inside["probability"].mean()) if basis != "desil" and n else None
        rows.append(
            {
                "band": _band_label(basis, i),
                "n": n,
                "mean_predicted": mean,
                "found_poor": poor,
                "share_poor": poor / n if n >= MIN_BAND else None,
            }
        )
    return pd.DataFrame(rows)


def agreement(families: pd.DataFrame, welfare_kind: str) -> Agreement:
    """The agreement over ``families`` (rows of :func:`analytics.verval.outcomes.outcome_families`):
    those approved and found at home, with a probability (``welfare_kind`` 'model' or
    'observed') or else a desil."""
    found = families[families["approved"] & (families["outcome"] == "ditemukan")]
    with_probability = found[found["probability"].notna()]
    if welfare_kind in ("model", "observed") and not with_probability.empty:
        basis, compared = welfare_kind, with_probability
    elif found["desil"].notna().any():
        basis, compared = "desil", found[found["desil"].notna()]
    else:
        basis, compared = "none", found.iloc[0:0]
    n, poor = len(compared), compared["field_poor"].astype(bool)
    if n < MIN_RECORDS:
        return Agreement(basis, n, int(poor.sum()), None, calibration(basis, compared.iloc[0:0]), None, None)
    probabilistic = basis != "desil"
    score = compared["probability"] if probabilistic else -compared["desil"]
    enough_both = poor.sum() >= MIN_CLASS and (~poor).sum() >= MIN_CLASS
    return Agreement(
        basis,
        n,
        int(poor.sum()),
        float(compared["probability"].mean()) if probabilistic else None,
        calibration(basis, compared),
        auc(score, poor) if enough_both else None,
        brier(compared["probability"], poor) if probabilistic else None,
    )

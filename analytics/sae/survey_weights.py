"""Survey weights in the nested-error model: the pseudo-EB of Guadarrama, Molina & Rao (2018).

Guadarrama, M., Molina, I. and Rao, J.N.K. (2018), "Small area estimation of general
parameters under complex sampling designs", Computational Statistics & Data Analysis 121,
20-40 (the pseudo-EBP); the weighted BLUP it builds on is You & Rao (2002, Canadian
Journal of Statistics 30(3)). This is emdi's / povmap's ``weights_type = "Guadarrama"``:

1. ``sigma2_u`` and ``sigma2_e`` come from the unweighted REML fit;
2. per sampled area ``delta2_d = sum w^2 / (sum w)^2`` and
   ``gamma_d^w = sigma2_u / (sigma2_u + sigma2_e delta2_d)``;
3. ``beta_w = [sum_d sum_j w_dj x_dj (x_dj - gamma_d^w xbar_d^w)']^{-1}
   sum_d sum_j w_dj x_dj (y_dj - gamma_d^w ybar_d^w)`` with weighted area means;
4. ``u_d^w = gamma_d^w (ybar_d^w - xbar_d^w' beta_w)``, and the conditional variance of
   ``u_d`` used to generate populations is ``sigma2_u (1 - gamma_d^w)``.

Supported transformations: none and log (including log(y + c) with a fixed c), as emdi
(``check_ebp_arguments.R``: "Weighted ebp with weights_type == 'Guadarrama' can only be used
without transformation or the log-transformation"), and Box-Cox beyond emdi: its lambda is a
parameter of the same unweighted REML likelihood that gives ``sigma2_u`` and ``sigma2_e`` in
step 1, so it is chosen there too, and only ``beta`` and ``u`` are weighted. Every bootstrap
replicate does the same, so the MSE includes lambda's uncertainty. With equal weights the run
is the unweighted Box-Cox EBP (tested).

Not adopted: povmap's ``weights_type = "nlme_lambda"`` (``optimal_parameter.R``) also weights
the likelihood that chooses lambda, but by changing the model: nlme's ``varFixed(~1/w)`` makes
a unit's error variance inversely proportional to its survey weight, and ``varIdent`` by domain
gives every area its own error variance. Survey weights are inverse inclusion probabilities,
not precisions, and a kota of 15 kelurahan with 20-60 surveyed households each would estimate
14 extra variance ratios. The data-driven log-shift stays unweighted-only.
"""

from __future__ import annotations

import numpy as np

from analytics.errors import DataError

__all__ = ["WEIGHTED_TRANSFORMS", "pseudo_eb"]

WEIGHTED_TRANSFORMS = ("boxcox", "log", "none")


def pseudo_eb(
    X: np.ndarray, y: np.ndarray, codes: np.ndarray, n_areas: int, weights, sigma2_u: float, sigma2_e: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted ``beta``, ``gamma^w`` and ``u^w`` per area (areas in code order).

    With all weights equal this is exactly the unweighted REML ``beta`` and BLUP ``u``
    (``delta2_d = 1 / n_d``), which the tests check.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != y.shape or not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise DataError("bobot survei harus berupa angka positif untuk setiap unit sampel")
    p = X.shape[1]
    w_sum = np.bincount(codes, weights=w, minlength=n_areas)
    w2_sum = np.bincount(codes, weights=w * w, minlength=n_areas)
    sxw = np.column_stack([np.bincount(codes, weights=w * X[:, j], minlength=n_areas) for j in range(p)])
    syw = np.bincount(codes, weights=w * y, minlength=n_areas)
    delta2 = w2_sum / w_sum**2
    gamma = sigma2_u / (sigma2_u + sigma2_e * delta2)
    xbar, ybar = sxw / w_sum[:, None], syw / w_sum
    den = (X * w[:, None]).T @ X - (sxw * gamma[:, None]).T @ xbar
    num = (X * w[:, None]).T @ y - sxw.T @ (gamma * ybar)
    beta = np.linalg.solve(den, num)
    u = gamma * (ybar - xbar @ beta)
    return beta, gamma, u

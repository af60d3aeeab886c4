"""Covariate selection help for the unit-level model: collinearity screening, then stepwise BIC.

Nothing is applied silently: the function returns the suggested formula and the table of
steps; the analyst decides.

1. Collinearity: the variance inflation factor of every design column (intercept excluded),
   ``VIF_j = [R^{-1}]_jj`` with ``R`` the correlation matrix of the columns (a pseudo-inverse
   gives an infinite VIF to exactly collinear columns). While a VIF exceeds ``vif_threshold``
   the term owning the worst column is removed (a categorical term goes as a whole).
2. Stepwise search by BIC of the nested-error model fitted by ML (likelihoods with different
   fixed effects are comparable under ML, not REML): ``BIC = -2 loglik + (p + 2) log n``.
   ``direction`` is ``"forward"`` (from the intercept), ``"backward"`` (from all remaining
   terms) or ``"both"`` (from all, adding or dropping one term per step). The welfare
   transformation is fixed once on the model left after step 1 (Box-Cox lambda by REML).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import InputError
from analytics.sae.design import build_design
from analytics.sae.nested_error import area_stats, fit_nested_error
from analytics.sae.transforms import choose_transform

__all__ = ["SelectionResult", "select_covariates", "variance_inflation"]

DIRECTIONS = ("forward", "backward", "both")


@dataclass(frozen=True)
class SelectionResult:
    """``formula`` suggested; ``steps`` (step, action, term, bic, formula); ``collinear``
    (term, max_vif) removed before the search."""

    formula: str
    steps: pd.DataFrame
    collinear: pd.DataFrame


def variance_inflation(X: np.ndarray) -> np.ndarray:
    """VIF of each column of ``X`` (no intercept column): ``1 / (1 - R^2_j)`` of column j regressed
    on the others and a constant; ``inf`` for a constant or exactly collinear column.

    >>> x = np.random.default_rng(0).normal(size=(50, 2))
    >>> bool(np.all(variance_inflation(x) < 1.5)), float(variance_inflation(np.column_stack([x, x[:, 0]]))[2])
    (True, inf)
    """
    n, k = X.shape
    vif = np.full(k, np.inf)
    for j in range(k):
        target = X[:, j]
        spread = np.sum((target - target.mean()) ** 2)
        if spread == 0:
            continue
        others = np.column_stack([np.ones(n), np.delete(X, j, axis=1)])
        coef = np.linalg.lstsq(others, target, rcond=None)[0]
        r2 = 1.0 - np.sum((target - others @ coef) ** 2) / spread
        vif[j] = np.inf if r2 >= 1.0 - 1e-10 else 1.0 / (1.0 - r2)
    return vif


def select_covariates(
    survey: pd.DataFrame,
    *,
    formula: str,
    area: str,
    transform: str = "boxcox",
    shift: float | None = None,
    direction: str = "backward",
    vif_threshold: float = 10.0,
) -> SelectionResult:
    """Suggest a covariate set for ``formula`` (see module docstring)."""
    if direction not in DIRECTIONS:
        raise InputError(f"arah seleksi harus forward, backward atau both, bukan {direction!r}")
    design, X, y = build_design(formula, survey)
    slices = {str(term): sl for term, sl in design.spec.term_slices.items() if str(term) != "1"}
    terms, collinear = _screen_collinear(X, slices, vif_threshold)
    has_intercept = "Intercept" in design.columns
    # The transformation is fixed on the screened model: the full one may be singular (area-level
    # shares of a few kecamatan are exact combinations of one another).
    kept = ([X[:, :1]] if has_intercept else []) + [X[:, slices[name]] for name in terms]
    X_kept = np.column_stack(kept) if kept else np.ones((len(y), 1))
    stats = area_stats(X_kept, y, survey[area].to_numpy())
    t = choose_transform(transform, y, X_kept, stats, shift=shift).forward(y)

    def bic(chosen: list[str]) -> float:
        columns = ([X[:, :1]] if has_intercept else []) + [X[:, slices[name]] for name in chosen]
        Xc = np.column_stack(columns) if columns else np.ones((len(t), 1))
        fit = fit_nested_error(Xc, t, None, method="ml", stats=area_stats(Xc, t, stats.labels[stats.codes]))
        return -2 * fit.loglik + (Xc.shape[1] + 2) * np.log(len(t))

    current = [] if direction == "forward" else list(terms)
    steps = [_step(0, "start", "", bic(current), design.response, current)]
    while True:
        moves = _moves(current, terms, direction)
        if not moves:
            break
        scored = [(bic(candidate), action, term, candidate) for action, term, candidate in moves]
        best = min(scored, key=lambda item: item[0])
        if best[0] >= steps[-1]["bic"]:
            break
        current = best[3]
        steps.append(_step(len(steps), best[1], best[2], best[0], design.response, current))
    chosen = f"{design.response} ~ {' + '.join(current) if current else '1'}"
    return SelectionResult(chosen, pd.DataFrame(steps), collinear)


def _screen_collinear(X, slices, threshold) -> tuple[list[str], pd.DataFrame]:
    terms, removed = list(slices), []
    while terms:
        columns = np.concatenate([np.arange(X.shape[1])[slices[name]] for name in terms])
        vif = variance_inflation(X[:, columns])
        owner = np.concatenate([[name] * len(np.arange(X.shape[1])[slices[name]]) for name in terms])
        worst = int(np.argmax(vif))
        if vif[worst] <= threshold:
            break
        removed.append({"term": owner[worst], "max_vif": float(vif[worst])})
        terms.remove(owner[worst])
    return terms, pd.DataFrame(removed, columns=["term", "max_vif"])


def _moves(current: list[str], terms: list[str], direction: str):
    moves = []
    if direction in ("backward", "both"):
        moves += [("remove", name, [t for t in current if t != name]) for name in current]
    if direction in ("forward", "both"):
        moves += [("add", name, current + [name]) for name in terms if name not in current]
    return moves


def _step(number, action, term, bic, response, current) -> dict:
    return {
        "step": number,
        "action": action,
        "term": term,
        "bic": float(bic),
        "formula": f"{response} ~ {' + '.join(current) if current else '1'}",
    }

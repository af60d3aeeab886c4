"""Influential survey households: how far one household moves the transformation and the total.

The normal nested-error model after Box-Cox reads the whole welfare distribution from about
570 households. One household far below the rest (an extremely poor family, or a mistyped
expenditure) pulls lambda and the error variance, and so the share of persons below the line
everywhere. In the demo's simulation (benchmarks/README_sae.md) samples holding one extremely
poor household put the city's P0 1,4 points above the truth, those without it 0,1 point: the
whole of the model's bias. Area-level Cook's distance cannot see it (the household is one of
40 in its kelurahan), so each run also refits the model without each of the households with
the largest standardised residuals and records the total it would give.

The refit repeats the run's own choice of transformation (lambda searched again) and model;
the totals are exact EB expectations over the population (no Monte Carlo), so a difference
is the household's alone, not the draws'.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import DataError
from analytics.sae.counted import CountedPoor
from analytics.sae.design import build_design
from analytics.sae.inputs import column, weights_of
from analytics.sae.nested_error import area_stats
from analytics.sae.population import build_population
from analytics.sae.prediction import area_effects, expected_lines
from analytics.sae.unit_model import ModelSettings, fit_unit_model

__all__ = ["CANDIDATES", "INFLUENTIAL_SHARE", "ROUNDS", "SetAside", "influence", "set_aside"]

#: Households refitted without: the largest standardised residuals (a household that moves the
#: fit is far from it; the six refits take about 2 s a year on the demo).
CANDIDATES = 6
#: A household is influential when leaving it out moves the total P0 by this share of itself
#: or more: one household of hundreds should not move the headline figure by a tenth.
INFLUENTIAL_SHARE = 0.10
#: Rounds of :func:`set_aside`: once the farthest household is out, λ and the error variance move
#: and another may cross the bar, so each round checks again without those found. (Two equally far
#: households that each move P0 by less than the bar are not found: leaving out one keeps the other.)
ROUNDS = 3
_SHOWN = ("p0", "p1", "p2")


@dataclass(frozen=True, eq=False)
class SetAside:
    """``rows``: survey row positions found influential over the rounds, in the order found;
    ``checked``: the last round's :func:`influence` table (its ``_with`` totals are the fit
    without ``rows``)."""

    rows: list[int]
    checked: pd.DataFrame


def set_aside(survey: pd.DataFrame, population: pd.DataFrame, lines: dict[str, float], **options) -> SetAside:
    """The survey households to leave out: refit, check, leave out the influential ones, again.

    ``options`` are :func:`~analytics.sae.ebp.ebp_lines`'s (formula, area, size, weight,
    transform...); L and B are not needed (the check uses exact expectations) and are set here.
    Stops when a round finds none, or after :data:`ROUNDS` rounds have left households out.
    """
    from analytics.sae.ebp import ebp_lines  # ebp builds on this module's neighbours, not on it

    options = {**options, "L": 1, "B": 0}
    found: list[int] = []
    for round_ in range(ROUNDS + 1):  # the last pass only checks: its totals are without every row found
        keep = np.setdiff1d(np.arange(len(survey)), found)
        part = survey.iloc[keep].reset_index(drop=True)
        fit = next(iter(ebp_lines(part, population, lines=lines, **options).values()))
        checked = influence(fit, part, population, lines)
        new = checked.loc[checked["influential"], "row"].to_numpy()
        if not len(new) or round_ == ROUNDS:
            break
        found += [int(keep[r]) for r in new]
    return SetAside(found, checked)


def influence(result, survey: pd.DataFrame, population: pd.DataFrame, lines: dict[str, float]) -> pd.DataFrame:
    """One row per candidate household of ``result``'s fit (an :class:`~analytics.sae.ebp.EbpResult`).

    Columns: ``row`` (the survey's row position), ``area``, ``welfare`` (its welfare) and
    ``welfare_share`` (welfare over the first line),
    ``residual`` (standardised unit residual of the full fit), ``lambda_without``, and per line
    name ``{name}_{p0,p1,p2}_with`` / ``_without`` (the total over the population, persons
    weighted), ``line_name`` (the first line's, on which ``influential`` is judged),
    ``refitted`` (False when the model cannot be fitted without the household: it alone had a
    covariate's rare value) and ``influential`` (P0 at the first line moves by
    :data:`INFLUENTIAL_SHARE` or more). Sorted by the size of that move, largest first.
    """
    params = result.parameters
    design, X, y = build_design(result.design.formula, survey)
    areas = column(survey, result.area, "survei")
    weights = weights_of(survey, params["weight"])
    settings = ModelSettings(
        params["transform_requested"], params["shift_requested"], params["lambda_interval"], "reml", design.columns
    )
    pop = build_population(population, design, result.area, size=params["size"])
    counted = CountedPoor.of_run(params)
    # the households a run's list counts were never in its fit: only the others are candidates
    fitted = np.arange(len(y)) if counted is None else np.flatnonzero(counted.modelled(y))
    X, y, areas = X[fitted], y[fitted], areas[fitted]
    weights = None if weights is None else weights[fitted]
    full = _totals(result.transform, result.model, pop, lines, counted)  # the run's own fit, not a second one
    rows = []
    for position in _candidates(result, X, y, areas):
        keep = np.arange(len(y)) != position
        w = None if weights is None else weights[keep]
        try:
            without = _totals(*_refit(X[keep], y[keep], areas[keep], w, settings), pop, lines, counted)
        except DataError:  # it was the only household with a rare covariate value: no fit without it
            without = dict.fromkeys(full, float("nan"))
        rows.append({**_row(position, areas, y, result, X, full, without), "row": int(fitted[position])})
    out = pd.DataFrame(rows)
    first = next(iter(lines))
    out.insert(3, "welfare_share", out["welfare"] / lines[first])
    out["line_name"] = first
    out["refitted"] = out[f"{first}_p0_without"].notna()
    move = (out[f"{first}_p0_without"] - out[f"{first}_p0_with"]).abs() / out[f"{first}_p0_with"]
    out["influential"] = move >= INFLUENTIAL_SHARE
    return out.assign(_move=move).sort_values("_move", ascending=False).drop(columns="_move").reset_index(drop=True)


def _candidates(result, X: np.ndarray, y: np.ndarray, areas: np.ndarray) -> np.ndarray:
    residual = _standardised(result, X, y, areas)
    count = min(CANDIDATES, len(y))
    return np.argsort(-np.abs(residual), kind="stable")[:count]


def _standardised(result, X, y, areas) -> np.ndarray:
    """Unit residuals ``(T(y) - x'beta - u_d) / sigma_e`` of the full fit."""
    fit = result.model
    u = pd.Series(fit.areas["u"].to_numpy(), index=fit.areas["area"].to_numpy())
    effect = u.reindex(areas).fillna(0.0).to_numpy()
    return (result.transform.forward(y) - X @ fit.beta - effect) / np.sqrt(fit.sigma2_e)


def _refit(X, y, areas, weights, settings):
    return fit_unit_model(X, y, area_stats(X, y, areas), settings, weights=weights)


def _totals(transform, fit, pop, lines: dict[str, float], counted: CountedPoor | None = None) -> dict:
    """λ and the persons-weighted totals of P0, P1, P2 at each line: exact EB over the population
    (with a run's counted persons blended in, as its figures are)."""
    values = expected_lines(pop, fit.beta, area_effects(fit, pop), fit.sigma2_e, transform, tuple(lines.values()))
    if counted is not None:
        values = counted.blend(values, counted.shares(pop), tuple(lines.values()))
    share = pop.persons / pop.persons.sum()
    totals = {"lambda": transform.lam}
    for k, name in enumerate(lines):
        for j, indicator in enumerate(_SHOWN):
            totals[f"{name}_{indicator}"] = float(values[k, j] @ share)
    return totals


def _row(position, areas, y, result, X, full: dict, without: dict) -> dict:
    row = {
        "row": int(position),
        "area": areas[position],
        "welfare": float(y[position]),
        "residual": float(_standardised(result, X[[position]], y[[position]], areas[[position]])[0]),
        "lambda_with": full["lambda"],
        "lambda_without": without["lambda"],
    }
    for key, value in full.items():
        if key != "lambda":
            row[f"{key}_with"], row[f"{key}_without"] = value, without[key]
    return row

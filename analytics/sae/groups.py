"""Estimates for groups of areas (kecamatan, the city) from the same run as the areas.

A group's indicator is the person-weighted mean of its areas' (every indicator of
:data:`~analytics.sae.indicators.INDICATORS` is a mean over persons of its area), so the
group's point estimate is a fixed linear combination ``W @ estimates`` of the area estimates
and its bootstrap MSE is the mean squared error of ``W @ (predicted - true)`` over the same
replicates. That MSE keeps the covariance between the areas of a group (they share the
estimated coefficients); adding the areas' MSEs as if independent would understate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import DataError, InputError
from analytics.sae.indicators import INDICATORS
from analytics.sae.monte_carlo_error import MSE_ERROR_INDICATORS, Mse, add_monte_carlo_error, estimate_standard_errors
from analytics.sae.population import Population
from analytics.sae.quality import add_precision

__all__ = ["Groups", "build_groups", "group_tables", "result_groups"]


@dataclass(frozen=True)
class Groups:
    """Per level: the group labels and the aggregation matrix (groups x areas); ``stacked``
    is every level's matrix one under another (what the bootstrap multiplies)."""

    labels: dict[str, np.ndarray]
    matrices: dict[str, np.ndarray]

    @property
    def stacked(self) -> np.ndarray:
        return np.vstack(list(self.matrices.values()))

    def split(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """Cut values over the stacked groups (last axis) back into levels."""
        out, start = {}, 0
        for level, matrix in self.matrices.items():
            out[level] = values[..., start : start + len(matrix)]
            start += len(matrix)
        return out


def build_groups(groups: Mapping[str, Mapping] | None, pop: Population) -> Groups | None:
    """``groups`` is ``{level: {area label: group label}}``; every area of the population needs a group."""
    if not groups:
        return None
    if not isinstance(groups, Mapping):
        raise InputError("groups harus berupa {tingkat: {wilayah: kelompok}}")
    labels, matrices = {}, {}
    for level, mapping in groups.items():
        missing = [a for a in pop.labels if a not in mapping]
        if missing:
            raise DataError(f"wilayah tanpa kelompok {level!r}: {', '.join(map(str, missing[:5]))}")
        member = np.array([mapping[a] for a in pop.labels], dtype=object)
        names = np.array(sorted(set(member), key=str), dtype=object)
        matrix = np.zeros((len(names), len(pop.labels)))
        position = {name: g for g, name in enumerate(names)}
        for d, name in enumerate(member):
            matrix[position[name], d] = pop.persons[d]
        matrices[level] = matrix / matrix.sum(axis=1, keepdims=True)
        labels[level] = names
    return Groups(labels, matrices)


def group_tables(
    groups: Groups,
    pop: Population,
    n_sample: np.ndarray,
    estimates: np.ndarray,
    mse: Mse | None,
    level: float,
    estimate_se: np.ndarray | None = None,
) -> dict[str, pd.DataFrame]:
    """One table per level, with the columns of an area table (``area`` = the group label);
    ``estimate_se`` is the groups' Monte Carlo standard error (indicators x stacked groups)."""
    aggregated = groups.stacked @ estimates.T  # (groups, indicators)
    split_estimates = groups.split(aggregated.T)
    split_mse = groups.split(mse.value) if mse is not None else {}
    split_mse_se = groups.split(mse.standard_error) if mse is not None else {}
    split_se = groups.split(estimate_se) if estimate_se is not None else {}
    tables = {}
    for name, matrix in groups.matrices.items():
        member = matrix > 0
        table = pd.DataFrame(
            {
                "area": groups.labels[name],
                "n_sample": member @ n_sample,
                "n_population": member @ pop.units,
                "persons": member @ pop.persons,
            }
        )
        for k, indicator in enumerate(INDICATORS):
            table[indicator] = split_estimates[name][k]
        for k, indicator in enumerate(INDICATORS):
            add_precision(table, indicator, split_mse[name][k] if mse is not None else None, level)
            se = split_se[name][k] if estimate_se is not None else None
            mse_se = split_mse_se[name][k] if mse is not None and indicator in MSE_ERROR_INDICATORS else None
            add_monte_carlo_error(table, indicator, se, mse_se)
        tables[name] = table
    return tables


def result_groups(
    groups: Groups, pop: Population, n_sample: np.ndarray, result, mse: Mse | None, level: float
) -> dict[str, pd.DataFrame]:
    """The group tables of one line's result; a benchmark's ratio (estimates over the Monte
    Carlo means, one per indicator) scales the groups' MSE as it scales the areas'. The Monte
    Carlo error of a group comes from its value in each of the ``L`` populations."""
    estimates = result.table[list(INDICATORS)].to_numpy().T
    point = result.draws.mean(axis=1).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.where(point != 0, estimates.sum(axis=1) / point, 1.0)
    group_draws = result.draws @ groups.stacked.T  # (indicators, L, groups)
    city_draws = result.draws @ (pop.persons / pop.persons.sum())
    estimate_se = estimate_standard_errors(group_draws, city_draws, factors)
    if mse is not None:
        mse = mse.scaled(factors)
    return group_tables(groups, pop, n_sample, estimates, mse, level, estimate_se)

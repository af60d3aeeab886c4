"""Design-based simulation: repeated two-stage samples from one synthetic population with true welfare.

The population is held fixed (it is the "truth"); only the sample changes. Each replicate

1. draws a two-stage sample (:func:`two_stage_sample`): in every area, clusters (census blocks)
   by systematic PPS on the number of households (inclusion probability
   ``pi_c = m M_c / sum M``, clusters larger than the step taken with certainty), then
   ``k`` households per cluster by simple random sampling; weight ``1 / (pi_c k_c / M_c)``;
2. runs the EBP (:func:`analytics.sae.ebp.ebp`) with the population's covariates, and the
   direct Hájek estimator (:func:`analytics.sae.direct.direct`) with clusters;
3. compares each area's estimate and interval with the area's true value.

Reported per method and indicator: bias and RMSE (over all areas and replicates; also
per area in ``areas``) and the coverage of the nominal intervals (EBP: normal intervals with
the bootstrap MSE, so ``B > 0`` is needed; direct: normal intervals with the linearised
variance, where the area has at least two sampled clusters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.errors import DataError, InputError
from analytics.sae.direct import direct
from analytics.sae.ebp import ebp
from analytics.sae.indicators import unit_values

__all__ = ["SimulationResult", "design_simulation", "true_values", "two_stage_sample"]

MEASURED = ("p0", "p1", "p2", "watts", "mean")


@dataclass(frozen=True)
class SimulationResult:
    """``summary`` (method, indicator, bias, rmse, coverage, n), ``areas`` (the same per area),
    ``truth`` (true area values) and the ``parameters`` of the run."""

    summary: pd.DataFrame
    areas: pd.DataFrame
    truth: pd.DataFrame
    parameters: dict


def true_values(frame: pd.DataFrame, *, area: str, welfare: str, line: float, size: str | None = None) -> pd.DataFrame:
    """Person-weighted P0, P1, P2, Watts and mean welfare of each area of a full population."""
    y = frame[welfare].to_numpy(dtype=np.float64)
    w = np.ones(len(frame)) if size is None else frame[size].to_numpy(dtype=np.float64)
    labels, codes = np.unique(frame[area].to_numpy(), return_inverse=True)
    persons = np.bincount(codes, weights=w)
    table = pd.DataFrame({"area": labels})
    for name, values in zip(MEASURED, unit_values(y, float(line))):
        table[name] = np.bincount(codes, weights=w * values) / persons
    return table


def two_stage_sample(
    frame: pd.DataFrame,
    *,
    area: str,
    cluster: str,
    clusters_per_area: int,
    households_per_cluster: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Rows of ``frame`` in the sample, with a ``weight`` column (see module docstring)."""
    if clusters_per_area < 1 or households_per_cluster < 1:
        raise InputError("jumlah klaster per area dan rumah tangga per klaster harus >= 1")
    picked, weights = [], []
    for _, rows in frame.groupby(area, sort=True):
        sizes = rows.groupby(cluster, sort=True).size()
        chosen, probability = _systematic_pps(sizes.to_numpy(dtype=np.float64), clusters_per_area, rng)
        for index, pi in zip(chosen, probability):
            members = np.flatnonzero(rows[cluster].to_numpy() == sizes.index[index])
            take = min(households_per_cluster, len(members))
            sampled = rng.choice(members, take, replace=False)
            picked.append(rows.index.to_numpy()[sampled])
            weights.append(np.full(take, len(members) / (pi * take)))
    out = frame.loc[np.concatenate(picked)].copy()
    out["weight"] = np.concatenate(weights)
    return out.reset_index(drop=True)


def _systematic_pps(sizes: np.ndarray, m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Systematic PPS of ``m`` units (random order); returns indices and inclusion probabilities."""
    m = min(m, len(sizes))
    certain = np.zeros(len(sizes), dtype=bool)
    while True:  # clusters bigger than the sampling step are taken with certainty
        rest = m - certain.sum()
        pi = np.where(certain, 1.0, rest * sizes / sizes[~certain].sum() if rest > 0 else 0.0)
        if not np.any(pi[~certain] > 1.0):
            break
        certain |= pi >= 1.0
    order = rng.permutation(np.flatnonzero(~certain))
    cumulative = np.concatenate([[0.0], np.cumsum(pi[order])])
    points = rng.uniform() + np.arange(int(round(cumulative[-1])))
    chosen = order[np.searchsorted(cumulative, points, side="right") - 1] if len(points) else order[:0]
    indices = np.concatenate([np.flatnonzero(certain), chosen])
    return indices, pi[indices]


def design_simulation(
    population: pd.DataFrame,
    *,
    formula: str,
    area: str,
    cluster: str,
    welfare: str,
    line: float,
    size: str | None = None,
    replicates: int = 20,
    clusters_per_area: int = 2,
    households_per_cluster: int = 10,
    seed: int = 1,
    ebp_options: dict | None = None,
    interval: float = 0.90,
) -> SimulationResult:
    """Run ``replicates`` samples; ``ebp_options`` go to :func:`ebp` (e.g. ``{"L": 50, "B": 50}``).

    ``population`` must hold ``area``, ``cluster``, ``welfare``, the covariates of ``formula``
    and optionally ``size`` (persons per household).
    """
    _check_population(population, (area, cluster, welfare) + ((size,) if size else ()), replicates)
    options = {"L": 50, "B": 0, **(ebp_options or {}), "interval": interval}
    truth = true_values(population, area=area, welfare=welfare, line=line, size=size)
    covariates = population.drop(columns=[welfare])
    rng = np.random.default_rng(seed)
    records = []
    for r in range(replicates):
        sample = two_stage_sample(
            population,
            area=area,
            cluster=cluster,
            clusters_per_area=clusters_per_area,
            households_per_cluster=households_per_cluster,
            rng=rng,
        )
        model = ebp(
            sample, covariates, formula=formula, area=area, line=line, size=size, seed=seed * 100_003 + r, **options
        ).table
        plain = direct(
            sample,
            welfare=welfare,
            area=area,
            line=line,
            weight="weight",
            size=size,
            cluster=cluster,
            interval=interval,
        ).table
        records += _errors(model, truth, "ebp", r) + _errors(plain, truth, "direct", r)
    parameters = {
        "formula": formula,
        "line": float(line),
        "replicates": replicates,
        "seed": seed,
        "clusters_per_area": clusters_per_area,
        "households_per_cluster": households_per_cluster,
        "interval": interval,
        "ebp_options": options,
    }
    return _result(records, truth, parameters)


def _check_population(population: pd.DataFrame, columns: tuple[str, ...], replicates: int) -> None:
    """Refuse a population without the named columns, or a run without replicates."""
    for column in columns:
        if column not in population.columns:
            raise DataError(f"kolom {column!r} tidak ada pada populasi simulasi")
    if replicates < 1:
        raise InputError("jumlah replikasi simulasi harus >= 1")


def _result(records: list[dict], truth: pd.DataFrame, parameters: dict) -> SimulationResult:
    """The replicates' errors summarised over all areas and per area, with the truth and the run's parameters."""
    errors = pd.DataFrame.from_records(records)
    return SimulationResult(
        _summarise(errors, ["method", "indicator"]),
        _summarise(errors, ["method", "indicator", "area"]),
        truth,
        parameters,
    )


def _errors(table: pd.DataFrame, truth: pd.DataFrame, method: str, replicate: int) -> list[dict]:
    joined = truth.merge(table, on="area", how="inner", suffixes=("_true", ""))
    rows = []
    for name in MEASURED:
        lower, upper = joined[f"lower_{name}"].to_numpy(), joined[f"upper_{name}"].to_numpy()
        true = joined[f"{name}_true"].to_numpy()
        covered = np.where(np.isfinite(lower) & np.isfinite(upper), (lower <= true) & (true <= upper), np.nan)
        for a, est, t, c in zip(joined["area"], joined[name], true, covered):
            rows.append(
                {"method": method, "indicator": name, "area": a, "replicate": replicate, "error": est - t, "covered": c}
            )
    return rows


def _summarise(errors: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = errors.groupby(keys, sort=True)
    return pd.DataFrame(
        {
            "bias": grouped["error"].mean(),
            "rmse": grouped["error"].apply(lambda e: float(np.sqrt(np.mean(np.square(e))))),
            "coverage": grouped["covered"].mean(),
            "n": grouped["error"].size(),
        }
    ).reset_index()

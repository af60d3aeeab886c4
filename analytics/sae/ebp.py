"""Empirical Best Prediction (census EB) of poverty indicators per area.

Molina & Rao (2010) EBP in its census form (Corral, Molina & Nguyen 2021; emdi's ``ebp``):
the population file holds every unit (household) with its covariates and area, not linked
to the survey. Steps:

1. transformation of welfare (Box-Cox lambda by REML by default, see :mod:`.transforms`);
2. nested-error model by REML (:mod:`.nested_error`), or the Guadarrama et al. (2018)
   pseudo-EB under survey weights (:mod:`.survey_weights`);
3. point estimates by Monte Carlo: ``L`` populations drawn from the conditional
   distribution (:mod:`.prediction`), back-transformed, P0, P1, P2 (poor when y < z),
   Watts and mean welfare per area, averaged over the ``L`` draws; with ``size`` the
   indicators are over persons (BPS), otherwise every unit counts once;
4. MSE by parametric bootstrap with ``B`` replicates (:mod:`.bootstrap`), CV, intervals and
   BPS reliability flags (:mod:`.quality`); optional ratio benchmarking (:mod:`.benchmarking`).

Every random number comes from ``numpy.random.default_rng(seed)``: the point estimate from
one child stream, the bootstrap from another, so changing ``B`` leaves the point estimate
unchanged. Results depend on ``chunk_rows`` through the order of draws (it is stored).

:func:`ebp_lines` runs several poverty lines on one fit, one set of draws and one bootstrap;
:meth:`EbpResult.to_stored` gives the fitted model for reuse without the survey (:mod:`.stored`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import formulaic
import numpy as np
import pandas as pd
import scipy

from analytics.errors import InputError
from analytics.sae.benchmarking import check_line_targets, check_targets, indicator_factors
from analytics.sae.bootstrap import parametric_bootstrap
from analytics.sae.counted import CountedPoor, counted_values
from analytics.sae.design import Design, build_design
from analytics.sae.groups import build_groups, result_groups
from analytics.sae.indicators import INDICATORS, check_line, check_lines
from analytics.sae.inputs import check_arguments, column, weights_of
from analytics.sae.monte_carlo_error import (
    MSE_ERROR_INDICATORS,
    Mse,
    add_monte_carlo_error,
    estimate_standard_errors,
)
from analytics.sae.nested_error import NestedErrorFit, area_stats
from analytics.sae.population import DEFAULT_CHUNK_ROWS, Population, build_population, check_area_labels
from analytics.sae.prediction import AreaEffects, area_effects, expected_areas, monte_carlo_lines
from analytics.sae.quality import add_precision
from analytics.sae.stored import StoredModel
from analytics.sae.transforms import Transform
from analytics.sae.unit_model import ModelSettings, fit_unit_model

__all__ = ["EbpResult", "ebp", "ebp_lines"]

DEFAULT_SEED = 20240601


@dataclass(frozen=True, eq=False)
class EbpResult:
    """An EBP run: the per-area ``table``, the fitted ``model``, its ``transform`` and ``parameters``.

    ``table`` columns: ``area, n_sample, n_population, persons``, the indicators
    ``p0, p1, p2, watts, mean`` (fractions; mean in welfare units), and for each indicator
    ``mse_, cv_, lower_, upper_, reliability_`` (NaN / empty when ``B = 0``), and the Monte
    Carlo standard errors ``mc_se_`` of the estimate and ``mse_mc_se_`` of the MSE
    (:mod:`.monte_carlo_error`).
    ``draws`` holds the Monte Carlo area values, shape ``(5, L, areas)``;
    ``city`` the same indicators over all units, from the same draws.
    """

    table: pd.DataFrame
    model: NestedErrorFit
    transform: Transform
    parameters: dict
    city: dict
    draws: np.ndarray = field(repr=False)
    design: Design = field(repr=False, default=None)
    area: str = ""
    size: str | None = None
    line: float = float("nan")
    groups: dict = field(default_factory=dict)

    def exact(self, population: pd.DataFrame) -> pd.DataFrame:
        """The exact EB of each area (the L -> infinity limit of the Monte Carlo point estimate),
        with the run's counted persons blended in as its draws are.

        ``population`` is the frame the run used; returns ``area`` and the five indicators.
        """
        pop = build_population(population, self.design, self.area, size=self.size)
        effects = area_effects(self.model, pop)
        values = expected_areas(pop, self.model.beta, effects, self.model.sigma2_e, self.transform, self.line)
        counted = CountedPoor.of_run(self.parameters)
        if counted is not None:
            values = counted.blend(values[None], counted.shares(pop), [self.line])[0]
        return pd.DataFrame({"area": pop.labels, **{name: values[k] for k, name in enumerate(INDICATORS)}})

    def to_stored(self) -> StoredModel:
        """The fitted model, reusable without the survey (see :class:`analytics.sae.stored.StoredModel`).

        Every line's result of one :func:`ebp_lines` run gives the same model; ``metadata``
        records the run's ``lines`` (``{"line": z}`` after :func:`ebp`), size column, L, B
        and library versions.
        """
        keys = ("size", "weight", "L", "B", "transform_requested", "fit_method", "versions")
        metadata = {"lines": self.parameters.get("lines", {"line": self.line})}
        metadata.update({key: self.parameters[key] for key in keys})
        return StoredModel.from_fit(
            self.design, self.model, self.transform, self.area, self.parameters["seed"], metadata
        )


def ebp(
    survey: pd.DataFrame,
    population: pd.DataFrame,
    *,
    formula: str,
    area: str,
    line: float,
    weight: str | None = None,
    size: str | None = None,
    transform: str = "boxcox",
    shift: float | None = None,
    L: int = 100,
    B: int = 200,
    seed: int = DEFAULT_SEED,
    interval: float = 0.90,
    benchmark: dict | None = None,
    chunk_rows: int | None = None,
    lambda_interval: tuple[float, float] | None = None,
    mse_draws: int | None = None,
) -> EbpResult:
    """Census EBP of P0, P1, P2, Watts and mean welfare for every area of ``population``.

    Parameters
    ----------
    survey, population : DataFrame
        Survey units with welfare, covariates and ``area`` (and ``weight``); population
        units with covariates and ``area`` (and ``size``).
    formula : str
        Wilkinson formula ``"welfare ~ x1 + C(g)"``; the left side is the welfare column.
    line : float
        Poverty line z (same units as welfare); a person is poor when y < z.
    weight : str, optional
        Survey weight column: the Guadarrama et al. (2018) pseudo-EB (emdi's
        ``weights_type = "Guadarrama"``), with ``transform`` 'boxcox' (lambda from the
        unweighted REML, as the variance components), 'log' or 'none'.
    size : str, optional
        Persons per population unit; the indicators are then over persons.
    transform : {'boxcox', 'log', 'log-shift', 'none'}
        ``shift`` with ``'log'`` means log(y + shift).
    L, B : int
        Monte Carlo populations (>= 1) and bootstrap replicates (0 = no MSE).
    seed : int
        Seed of ``numpy.random.default_rng`` (stored in ``parameters``).
    interval : float
        Level of the intervals: estimate -/+ z sqrt(MSE), truncated (see :mod:`.quality`).
    benchmark : dict, optional
        ``{indicator: published aggregate}`` for ratio benchmarking (off by default).
    chunk_rows : int, optional
        Population rows per chunk of the Monte Carlo (default: about 2 million draws).
    mse_draws : int, optional
        Monte Carlo draws inside each bootstrap replicate; default: exact expectations.

    Returns
    -------
    EbpResult
        One row per population area; ``mc_se_<indicator>`` is ``draws.std(axis=1) / sqrt(L)``,
        the Monte Carlo standard error of each point estimate.
    """
    line = check_line(line)
    check_arguments(L, B, interval, chunk_rows, mse_draws)
    targets = check_targets(benchmark) if benchmark is not None else None
    options = _Options(weight, size, transform, shift, L, B, seed, interval, chunk_rows, lambda_interval, mse_draws)
    return _run(survey, population, formula, area, {"": line}, {"": targets}, options, named=False)[""]


def ebp_lines(
    survey: pd.DataFrame,
    population: pd.DataFrame,
    *,
    formula: str,
    area: str,
    lines: Mapping[str, float],
    weight: str | None = None,
    size: str | None = None,
    transform: str = "boxcox",
    shift: float | None = None,
    L: int = 100,
    B: int = 200,
    seed: int = DEFAULT_SEED,
    interval: float = 0.90,
    benchmark: Mapping[str, dict] | None = None,
    chunk_rows: int | None = None,
    lambda_interval: tuple[float, float] | None = None,
    mse_draws: int | None = None,
    groups: Mapping[str, Mapping] | None = None,
    counted: CountedPoor | None = None,
) -> dict[str, EbpResult]:
    """:func:`ebp` at several poverty lines from one fit, one Monte Carlo and one bootstrap.

    ``lines`` is ``{name: line}`` (e.g. ``{"bps": 801945, "ekstrem": 400000}``); the result
    maps each name to the :class:`EbpResult` at that line, in the order of ``lines``. The
    model is fitted once, the ``L`` Monte Carlo populations are drawn once and evaluated at
    every line, and every bootstrap replicate (population, sample, refit) serves every line,
    so two lines cost little more than one.

    No random number depends on the line, so each result is exactly (bit for bit) what
    ``ebp(..., line=lines[name])`` gives alone with the same seed and arguments; only
    ``parameters`` gains ``line_name`` and ``lines``.

    ``benchmark`` is ``{name: {indicator: published aggregate}}`` (a published figure
    belongs to one line); lines without an entry are not benchmarked. ``groups`` is
    ``{level: {area: group}}`` (e.g. kelurahan -> kecamatan, kelurahan -> city): each result
    then has ``groups[level]``, a table like ``table`` for the groups, estimated from the same
    draws and bootstrap replicates (:mod:`.groups`). Other keywords as :func:`ebp`.
    """
    checked = check_lines(lines)
    check_arguments(L, B, interval, chunk_rows, mse_draws)
    targets = check_line_targets(benchmark, checked)
    if counted is not None:
        counted_values(counted.below, checked.values())  # every line at or above the counted line
        if any(targets.values()):
            # A ratio would scale the counted persons too (a listed person's P0 would become the factor);
            # benchmarking the modelled part alone is not built.
            raise InputError("benchmark belum dapat digabung dengan jiwa yang dihitung (counted): pilih salah satu")
    options = _Options(
        weight, size, transform, shift, L, B, seed, interval, chunk_rows, lambda_interval, mse_draws, counted
    )
    return _run(survey, population, formula, area, checked, targets, options, named=True, groups=groups)


@dataclass(frozen=True)
class _Options:
    """The keywords of a run apart from the data, formula, area and lines."""

    weight: str | None
    size: str | None
    transform: str
    shift: float | None
    L: int
    B: int
    seed: int
    interval: float
    chunk_rows: int | None
    lambda_interval: tuple[float, float] | None
    mse_draws: int | None
    counted: CountedPoor | None = None


@dataclass(frozen=True, eq=False)
class _Fitted:
    """What every line of a run shares: encoding, population, fit and area effects."""

    design: Design
    area: str
    pop: Population
    fit: NestedErrorFit
    transform: Transform
    effects: AreaEffects


def _run(
    survey, population, formula, area, lines: dict, targets: dict, o: _Options, *, named: bool, groups=None
) -> dict:
    """Fit once, draw once, bootstrap once; one :class:`EbpResult` per line."""
    design, X_s, y_s = build_design(formula, survey)
    n_counted = 0
    if o.counted is not None:  # the fit is exactly a run on the households the list does not count
        modelled = o.counted.modelled(y_s)
        n_counted = int((~modelled).sum())
        survey = survey[modelled].reset_index(drop=True)
        design, X_s, y_s = build_design(formula, survey)
    areas_s = column(survey, area, "survei")
    weights = weights_of(survey, o.weight)
    settings = ModelSettings(o.transform, o.shift, o.lambda_interval, "reml", design.columns)
    settings.check(weighted=weights is not None)
    pop = build_population(population, design, area, size=o.size, chunk_rows=DEFAULT_CHUNK_ROWS)
    shares = None if o.counted is None else o.counted.shares(pop)
    grouping = build_groups(groups, pop)
    stats = area_stats(X_s, y_s, areas_s)
    sample_in_pop = check_area_labels(stats.labels, pop)[stats.codes]
    transform_fit, fit = fit_unit_model(X_s, y_s, stats, settings, weights=weights)
    point_rng, boot_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(o.seed).spawn(2))
    effects = area_effects(fit, pop)
    z = tuple(lines.values())
    draws = monte_carlo_lines(pop, fit.beta, effects, fit.sigma2_e, transform_fit, z, o.L, point_rng, rows=o.chunk_rows)
    if shares is not None:
        draws = o.counted.blend(draws, shares, z)
    fitted = _Fitted(design, area, pop, fit, transform_fit, effects)
    boot = _bootstrap(fitted, X_s, stats, sample_in_pop, settings, z, o, boot_rng, weights, grouping, shares)
    results = {}
    for k, (name, line) in enumerate(lines.items()):
        parameters = _parameters(fitted, o, targets[name], line)
        if named:
            parameters.update({"line_name": name, "lines": dict(lines)})
        if shares is not None:
            parameters["counted"] = o.counted.summary(n_counted)
        areas, groups = (None, None) if boot is None else boot.line(k)
        result = _result(fitted, o, draws[k], areas, targets[name], line, parameters)
        if grouping is not None:
            tables = result_groups(grouping, fitted.pop, fitted.effects.n_sample, result, groups, o.interval)
            result = replace(result, groups=tables)
        results[name] = result
    return results


def _bootstrap(
    fitted: _Fitted, X_s, stats, sample_in_pop, settings, lines, o: _Options, rng, weights, grouping, shares
):
    """The bootstrap MSE of every line (None with ``B = 0``); a counted share has no error."""
    if o.B == 0:
        return None
    return parametric_bootstrap(
        pop=fitted.pop,
        X_s=X_s,
        stats=stats,
        sample_in_pop=sample_in_pop,
        fit=fitted.fit,
        transform=fitted.transform,
        settings=settings,
        lines=lines,
        B=o.B,
        rng=rng,
        weights=weights,
        mc_draws=o.mse_draws,
        aggregate=None if grouping is None else grouping.stacked,
        keep=None if shares is None else 1.0 - shares,
    )


def _result(fitted: _Fitted, o: _Options, draws, mse: Mse | None, targets, line: float, parameters: dict) -> EbpResult:
    pop = fitted.pop
    estimates = draws.mean(axis=1)
    factors = indicator_factors(estimates, pop.persons, targets)
    if targets:  # how far the areas moved: a large adjustment is a sign of a misspecified model
        parameters["benchmark"]["factors"] = {name: float(factors[INDICATORS.index(name)]) for name in targets}
    city_draws = draws @ (pop.persons / pop.persons.sum())
    estimate_se = estimate_standard_errors(draws, city_draws, factors)
    estimates = estimates * factors[:, None]
    mse = None if mse is None else mse.scaled(factors)
    table = _table(pop, fitted.effects, estimates, estimate_se, mse, o.interval)
    city = {name: float(np.sum(pop.persons * estimates[k]) / pop.persons.sum()) for k, name in enumerate(INDICATORS)}
    return EbpResult(
        table, fitted.fit, fitted.transform, parameters, city, draws, fitted.design, fitted.area, o.size, float(line)
    )


def _table(pop: Population, effects, estimates, estimate_se, mse: Mse | None, level: float) -> pd.DataFrame:
    table = pd.DataFrame(
        {"area": pop.labels, "n_sample": effects.n_sample, "n_population": pop.units, "persons": pop.persons}
    )
    for k, name in enumerate(INDICATORS):
        table[name] = estimates[k]
    for k, name in enumerate(INDICATORS):
        add_precision(table, name, None if mse is None else mse.value[k], level)
        mse_se = None if mse is None or name not in MSE_ERROR_INDICATORS else mse.standard_error[k]
        add_monte_carlo_error(table, name, estimate_se[k], mse_se)
    return table


def _parameters(fitted: _Fitted, o: _Options, targets, line: float) -> dict:
    fit, transform = fitted.fit, fitted.transform
    return {
        "formula": fitted.design.formula,
        "transform": transform.kind,
        "lambda": transform.lam,
        "shift": transform.shift,
        "seed": o.seed,
        "L": o.L,
        "B": o.B,
        "interval": o.interval,
        "interval_method": "normal approximation, estimate -/+ z * sqrt(bootstrap MSE), truncated",
        "mse_method": "parametric bootstrap" + (f", {o.mse_draws} Monte Carlo draws" if o.mse_draws else ", exact EB"),
        "benchmark": None if not targets else {"method": "ratio", "targets": dict(targets)},
        "weights": fit.weights,
        "fit_method": fit.method,
        "chunk_rows": o.chunk_rows,
        "versions": {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "formulaic": formulaic.__version__,
        },
        "line": float(line),
        "area": fitted.area,
        "weight": o.weight,
        "size": o.size,
        "transform_requested": o.transform,
        "shift_requested": o.shift,
        "lambda_interval": o.lambda_interval,
    }

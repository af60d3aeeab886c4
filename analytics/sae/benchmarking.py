"""Ratio benchmarking of area estimates to a published aggregate (off unless asked for).

``theta_d^bench = theta_d * tau / sum_k share_k theta_k`` with ``share_k = N_k / N``, so that
the share-weighted mean of the area estimates equals the published figure ``tau`` (e.g. the
BPS city head count). This is option "ratio" of Datta et al. (2011) as emdi's
``benchmark(type = "ratio")`` implements it. The MSE of a benchmarked estimate is reported
as ``ratio^2 * MSE`` of the unbenchmarked one (the ratio treated as fixed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from analytics.errors import InputError
from analytics.sae.indicators import INDICATORS

__all__ = ["BENCHMARK_INDICATORS", "check_line_targets", "check_targets", "indicator_factors", "ratio_factors"]

BENCHMARK_INDICATORS = ("p0", "p1", "p2", "watts", "mean")


def check_targets(targets) -> dict[str, float]:
    """Validate ``{indicator: published aggregate}``."""
    if not isinstance(targets, dict) or not targets:
        raise InputError("benchmark harus berupa dict {indikator: angka agregat}, misalnya {'p0': 0.0431}")
    checked = {}
    for name, value in targets.items():
        if name not in BENCHMARK_INDICATORS:
            raise InputError(
                f"indikator benchmark {name!r} tidak dikenal; pilih dari {', '.join(BENCHMARK_INDICATORS)}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise InputError(f"nilai benchmark {name!r} harus berupa angka positif, bukan {value!r}")
        checked[name] = float(value)
    return checked


def check_line_targets(benchmark, lines) -> dict[str, dict[str, float] | None]:
    """Validate ``{line name: {indicator: published aggregate}}``; lines without one map to None."""
    targets = dict.fromkeys(lines)
    if benchmark is None:
        return targets
    if not isinstance(benchmark, Mapping):
        raise InputError("benchmark harus berupa dict {nama garis: {indikator: angka agregat}}")
    for name, value in benchmark.items():
        if name not in targets:
            raise InputError(f"benchmark untuk garis {name!r} yang tidak ada; garis: {', '.join(map(repr, lines))}")
        targets[name] = check_targets(dict(value) if isinstance(value, Mapping) else value)
    return targets


def ratio_factors(estimates: np.ndarray, shares: np.ndarray, target: float) -> float:
    """The common factor that makes ``sum(shares * estimates) == target``.

    >>> ratio_factors(np.array([0.1, 0.3]), np.array([0.5, 0.5]), 0.1)
    0.5
    """
    aggregate = float(np.sum(shares * estimates))
    if aggregate <= 0:
        raise InputError("agregat estimasi bernilai 0; benchmark rasio tidak dapat dihitung")
    return target / aggregate


def indicator_factors(estimates: np.ndarray, persons: np.ndarray, targets: dict | None) -> np.ndarray:
    """One ratio factor per indicator of ``INDICATORS`` (estimates ``(indicators, areas)``,
    persons per area): the target's over the persons-weighted city value, 1 where none."""
    factors = np.ones(len(INDICATORS))
    if targets:
        shares = persons / persons.sum()
        for name, value in targets.items():
            k = INDICATORS.index(name)
            factors[k] = ratio_factors(estimates[k], shares, value)
    return factors

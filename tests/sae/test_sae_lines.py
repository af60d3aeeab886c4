"""Several poverty lines in one EBP run: each line is exactly its own run, and the work is shared."""

import importlib
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analytics.errors import InputError
from analytics.sae.ebp import ebp, ebp_lines
from tests.sae.sae_fixtures import synthetic_city

FORMULA = "welfare ~ x1 + x2"
# The modules themselves (``analytics.sae`` re-exports a function named ``ebp``).
ebp_module, bootstrap_module, prediction_module = (
    importlib.import_module(f"analytics.sae.{name}") for name in ("ebp", "bootstrap", "prediction")
)


def two_lines(survey) -> dict:
    return {"bps": float(np.quantile(survey["welfare"], 0.35)), "ekstrem": float(np.quantile(survey["welfare"], 0.1))}


def assert_same_run(together, alone):
    pd.testing.assert_frame_equal(together.table, alone.table, check_exact=True)
    assert together.city == alone.city
    np.testing.assert_array_equal(together.draws, alone.draws)
    shared = {k: v for k, v in together.parameters.items() if k not in ("line_name", "lines")}
    assert shared == alone.parameters
    assert together.line == alone.line


@pytest.mark.parametrize(
    "options",
    [
        {"transform": "boxcox", "size": "size", "L": 15, "B": 4, "chunk_rows": 53},
        {"transform": "log", "weight": "weight", "L": 10, "B": 3, "mse_draws": 4},
        {"transform": "none", "L": 10, "B": 2},
        {"transform": "log-shift", "size": "size", "L": 10, "B": 0},
    ],
    ids=["boxcox-size-chunks", "weighted-log-mc-mse", "none", "log-shift-no-mse"],
)
def test_each_line_equals_its_own_run_bit_for_bit(options):
    # No random number depends on the line: the point estimate's draws, the bootstrap's
    # populations, samples and refits are the same whatever the lines, so equality is exact.
    survey, population, _ = synthetic_city(21)
    lines = two_lines(survey)
    runs = ebp_lines(survey, population, formula=FORMULA, area="area", lines=lines, seed=5, **options)
    assert list(runs) == list(lines)
    for name, z in lines.items():
        alone = ebp(survey, population, formula=FORMULA, area="area", line=z, seed=5, **options)
        assert_same_run(runs[name], alone)
        assert runs[name].parameters["line_name"] == name and runs[name].parameters["lines"] == lines
        assert runs[name].draws.shape == (5, options["L"], population["area"].nunique())


def test_benchmark_belongs_to_its_own_line():
    survey, population, _ = synthetic_city(22)
    lines = two_lines(survey)
    common = {"formula": FORMULA, "area": "area", "size": "size", "L": 10, "B": 2, "seed": 1}
    runs = ebp_lines(survey, population, lines=lines, benchmark={"bps": {"p0": 0.3}}, **common)
    assert_same_run(runs["bps"], ebp(survey, population, line=lines["bps"], benchmark={"p0": 0.3}, **common))
    assert_same_run(runs["ekstrem"], ebp(survey, population, line=lines["ekstrem"], **common))
    assert runs["ekstrem"].parameters["benchmark"] is None


def test_one_fit_one_monte_carlo_and_one_bootstrap_serve_every_line(monkeypatch):
    # The work that costs: model fits (1 + B) and simulated populations (1 Monte Carlo + B truths).
    # Three lines must cost the same number of each as one.
    calls = Counter()

    def counting(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(ebp_module, "fit_unit_model")
    counting(bootstrap_module, "fit_unit_model")
    counting(prediction_module, "simulate_lines")
    counting(bootstrap_module, "simulate_lines")
    survey, population, _ = synthetic_city(23)
    common = {"formula": FORMULA, "area": "area", "L": 5, "B": 3, "seed": 2, "transform": "log"}
    ebp(survey, population, line=float(np.median(survey["welfare"])), **common)
    one = dict(calls)
    calls.clear()
    z = np.quantile(survey["welfare"], [0.1, 0.3, 0.5])
    ebp_lines(survey, population, lines={"a": z[0], "b": z[1], "c": z[2]}, **common)
    assert dict(calls) == one == {"fit_unit_model": 4, "simulate_lines": 4}


def test_draws_rise_with_the_line():
    # The same simulated populations at two lines: every indicator but the mean is at least as
    # large at the higher line, draw by draw and area by area.
    survey, population, _ = synthetic_city(24)
    lines = two_lines(survey)
    runs = ebp_lines(survey, population, formula=FORMULA, area="area", lines=lines, size="size", L=20, B=0)
    high, low = runs["bps"].draws, runs["ekstrem"].draws
    assert np.all(high[:4] >= low[:4])
    np.testing.assert_array_equal(high[4], low[4])


def test_bad_lines_are_refused():
    survey, population, _ = synthetic_city(25)
    common = {"formula": FORMULA, "area": "area", "L": 2, "B": 0}
    for lines, message in (
        ({}, "lines harus"),
        ([801945.0], "lines harus"),
        ({"bps": -1.0}, "garis kemiskinan harus"),
        ({"bps": float("nan")}, "garis kemiskinan harus"),
        ({"bps": "801945"}, "garis kemiskinan harus"),
        ({1: 801945.0}, "nama garis"),
    ):
        with pytest.raises(InputError, match=message):
            ebp_lines(survey, population, lines=lines, **common)
    with pytest.raises(InputError, match="benchmark untuk garis 'lain'"):
        ebp_lines(survey, population, lines={"bps": 1e6}, benchmark={"lain": {"p0": 0.1}}, **common)
    with pytest.raises(InputError, match="indikator benchmark"):
        ebp_lines(survey, population, lines={"bps": 1e6}, benchmark={"bps": {"gini": 0.1}}, **common)

"""Benchmarking, when an analyst turns it on: the page says by how much each kelurahan moved."""

import pandas as pd
import pytest

from analytics.formats import number, points
from analytics.model import published
from analytics.model.run import RunSettings, run_model
from analytics.views.sae_benchmark import benchmark_notes
from analytics.views.sae_page import run_view
from analytics.views.selection import kelurahan_names

# Without the 2024 extreme-poverty recap: a ratio would scale its counted persons too, so a run refuses
# the two together (the last test).
QUICK = {"L": 5, "B": 0, "seed": 11, "counted": False}


def _official_p(run) -> pd.DataFrame:
    estimates = run.estimates
    kel = estimates[(estimates["line"] == "official") & (estimates["level"] == "kelurahan")]
    return published.widen(kel).set_index("kode")[["p0", "p1", "p2"]]


@pytest.fixture(scope="module")
def runs(model_con):
    plain = run_model(model_con, 2024, RunSettings(**QUICK), "test")
    bench = run_model(model_con, 2024, RunSettings(**QUICK, benchmark=True), "test")
    return plain, bench


def test_the_note_states_each_factor_and_the_largest_move_as_the_two_runs_differ(runs):
    plain, bench = runs
    view = run_view(bench)
    # The move of every kelurahan, taken as the difference of the two runs (same seed, same draws).
    moved = _official_p(bench) - _official_p(plain)
    names = kelurahan_names()
    factors = {}
    for indicator in ("p0", "p1", "p2"):
        factor = (_official_p(bench)[indicator] / _official_p(plain)[indicator]).median()
        if factor == pytest.approx(1.0, abs=1e-12):  # BPS published no city figure for it
            assert f"{indicator.upper()} ×" not in view.benchmark_note
            continue
        factors[indicator] = factor
        largest = moved[indicator].abs().idxmax()
        assert f"{indicator.upper()} × {number(factor, 3)}" in view.benchmark_note, view.benchmark_note
        assert f"{points(moved.loc[largest, indicator])} poin di {names[largest]}" in view.benchmark_note
    assert factors  # BPS publishes at least the city P0 of 2024
    large = any(abs(f - 1.0) > 0.10 for f in factors.values())
    assert any("lebih dari 10\u00a0%" in w for w in view.warnings) == large
    assert run_view(plain).benchmark_note == ""


def test_a_large_adjustment_is_a_warning_and_a_small_one_is_not():
    kel = pd.DataFrame({"p0": [0.10, 0.02]})
    names = pd.Series(["Api-Api", "Loktuan"])
    note, warnings = benchmark_notes({"benchmark": {"factors": {"p0": 0.85}}}, kel, names)
    assert "P0 × 0,850 (-15,0\u00a0%)" in note and "Api-Api" in note
    # 0.10 benchmarked from 0.10 / 0.85: moved 0.10 * (1 - 1 / 0.85) = -1.76 points.
    assert "paling jauh -1,76 poin di Api-Api" in note
    assert len(warnings) == 1 and "lebih dari 10\u00a0%" in warnings[0] and "P0 × 0,850" in warnings[0]
    note, warnings = benchmark_notes({"benchmark": {"factors": {"p0": 0.95}}}, kel, names)
    assert note and warnings == []


def test_a_run_without_recorded_factors_says_nothing():
    kel, names = pd.DataFrame({"p0": [0.1]}), pd.Series(["Api-Api"])
    assert benchmark_notes({}, kel, names) == ("", [])
    # A run stored before the factors were recorded had only method and targets.
    assert benchmark_notes({"benchmark": {"method": "ratio", "targets": {"p0": 0.03}}}, kel, names) == ("", [])


def test_benchmarking_and_the_counted_recap_are_refused_together(model_con):
    from analytics.errors import InputError

    with pytest.raises(InputError, match="belum dapat digabung dengan rekap daftar miskin ekstrem"):
        run_model(model_con, 2024, RunSettings(L=5, B=0, benchmark=True), "test")

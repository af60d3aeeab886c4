"""The interval of a change between two model years (analytics.welfare.change, issue 22 item 4).

The bound is checked by simulation, independently of its derivation: two years' estimates
with normal errors of any correlation, and the share of draws whose interval holds the true
change. Then the pages' and the paragraph's verdicts on a change use it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from analytics.welfare.change import change_interval, change_uncertain

Z90 = norm.ppf(0.95)
DRAWS = 20_000


@pytest.mark.parametrize("rho", [-1.0, -0.5, 0.0, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("sd", [(0.01, 0.01), (0.004, 0.012)])
def test_the_change_interval_covers_the_true_change_whatever_the_correlation(rho, sd):
    rng = np.random.default_rng(7)
    sd_now, sd_before = sd
    true_now, true_before = 0.08, 0.10
    z = rng.standard_normal((DRAWS, 2))
    error_now = sd_now * z[:, 0]
    error_before = sd_before * (rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1])
    now, before = true_now + error_now, true_before + error_before
    low, high = change_interval(
        now, before, now - Z90 * sd_now, now + Z90 * sd_now, before - Z90 * sd_before, before + Z90 * sd_before
    )
    covered = np.mean((low <= true_now - true_before) & (true_now - true_before <= high))
    # At least 90 % (3 Monte Carlo standard errors of slack); exactly 90 % only at rho = -1.
    assert covered >= 0.90 - 3 * np.sqrt(0.09 / DRAWS)
    if rho == -1.0:
        assert covered == pytest.approx(0.90, abs=0.01)


def test_the_old_rule_called_too_many_changes_sure():
    """The rule it replaces (last year's figure outside this year's interval) ignores last
    year's error: with independent years of equal error it covers the true change only about
    75 % of the time (P(|N(0, 2)| ≤ 1,645) = 0,755)."""
    rng = np.random.default_rng(11)
    sd, true = 0.01, 0.10  # no true change
    now = true + sd * rng.standard_normal(DRAWS)
    before = true + sd * rng.standard_normal(DRAWS)
    old_rule_sure = (before < now - Z90 * sd) | (before > now + Z90 * sd)
    assert 0.22 < old_rule_sure.mean() < 0.27
    low, high = change_interval(now, before, now - Z90 * sd, now + Z90 * sd, before - Z90 * sd, before + Z90 * sd)
    assert ((low > 0) | (high < 0)).mean() < 0.10


def test_a_clipped_interval_keeps_its_wider_side():
    """A rate's interval is clipped at 0 (analytics.sae.quality): the side away from 0 holds
    the model's error."""
    low, high = change_interval(0.01, 0.05, 0.0, 0.03, 0.03, 0.07)
    assert low == pytest.approx(-0.04 - 0.04) and high == pytest.approx(-0.04 + 0.04)


def test_no_interval_when_neither_year_is_an_estimate():
    low, high = change_interval(0.04, 0.05, np.nan, np.nan, np.nan, np.nan)
    assert np.isnan(low) and np.isnan(high)
    row = pd.Series({"value": 0.04, "previous": 0.05, "lower": np.nan, "upper": np.nan})
    assert not change_uncertain(row)


def test_a_hidden_figure_is_no_verdict():
    row = pd.Series({"value": "x", "previous": 0.05, "lower": 0.03, "upper": 0.06})
    assert not change_uncertain(row)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0, 0.5),
    st.floats(0, 0.5),
    st.one_of(st.just(0.0), st.floats(1e-6, 0.1)),  # no interval, or one wider than rounding
    st.one_of(st.just(0.0), st.floats(1e-6, 0.1)),
)
def test_the_change_interval_is_wider_than_either_year_alone(now, before, h_now, h_before):
    """Never narrower than the rule it replaces, and it always holds the estimated change."""
    low, high = change_interval(now, before, now - h_now, now + h_now, before - h_before, before + h_before)
    if h_now == 0 and h_before == 0:
        assert np.isnan(low)
        return
    change = now - before
    assert low <= change <= high
    assert high - low >= 2 * max(h_now, h_before) - 1e-12


def test_tren_prints_each_change_with_its_interval():
    """Tren's table: P0's change from the year above, with the change's interval on model years;
    a hidden year hides the change (one year and the change give the other back)."""
    from analytics.views.trend_page import _p0_changes

    series = pd.DataFrame(
        {
            "p0": [0.050, 0.046, 0.040, "x", 0.030],
            "lower_p0": [np.nan, 0.040, 0.035, np.nan, np.nan],
            "upper_p0": [np.nan, 0.052, 0.045, np.nan, np.nan],
        }
    )
    texts = _p0_changes(series)
    assert texts[0] == "–"
    # 2nd: observed before (no width) and a model year of half-width 0,006: -0,40 ± 0,60.
    assert texts[1] == "-0,40 (-1,00 s.d. +0,20)"
    # 3rd: both model years, 0,006 + 0,005: -0,60 ± 1,10.
    assert texts[2] == "-0,60 (-1,70 s.d. +0,50)"
    assert texts[3] == "x" and texts[4] == "x"

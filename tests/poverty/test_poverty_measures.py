"""NumPy reference measures: doctests, input checks and hand-worked cases."""

import doctest
import importlib

import numpy as np
import pytest

from analytics.errors import UserError
from analytics.poverty.fgt import fgt, normalised_gaps
from analytics.poverty.sst import sst, sst_components, weighted_gini
from analytics.poverty.watts import watts

DOCTEST_MODULES = [
    "analytics.poverty.fgt",
    "analytics.poverty.watts",
    "analytics.poverty.sst",
    "analytics.poverty.area",
    "analytics.poverty.frame",
    "analytics.poverty.sensitivity",
    "analytics.poverty.subgroup",
    "analytics.poverty.change",
    "analytics.poverty.datt_ravallion",
]


@pytest.mark.parametrize("name", DOCTEST_MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module)
    assert result.attempted > 0, f"{name} has no doctest example"
    assert result.failed == 0


class TestInputChecks:
    @pytest.mark.parametrize(
        "welfare",
        [[], [[1, 2]], [1, np.nan], [1, np.inf], [-1, 2], ["a", "b"]],
    )
    def test_bad_welfare(self, welfare):
        with pytest.raises(UserError, match="kesejahteraan"):
            fgt(welfare, 10)

    @pytest.mark.parametrize("line", [0, -5, np.nan, np.inf, "100", None, True])
    def test_bad_line(self, line):
        with pytest.raises(UserError, match="garis kemiskinan"):
            fgt([1, 2], line)

    @pytest.mark.parametrize("alpha", [-0.5, np.nan, "2", None])
    def test_bad_alpha(self, alpha):
        with pytest.raises(UserError, match="alpha"):
            fgt([1, 2], 10, alpha)

    @pytest.mark.parametrize("weights", [[1], [1, -1], [0, 0], [1, np.nan]])
    def test_bad_weights(self, weights):
        with pytest.raises(UserError, match="bobot"):
            fgt([1, 2], 10, 0, weights)

    def test_bad_poor_if(self):
        with pytest.raises(UserError, match="poor_if"):
            fgt([1, 2], 10, poor_if="lte")
        with pytest.raises(UserError, match="poor_if"):
            watts([1, 2], 10, poor_if="<")
        with pytest.raises(UserError, match="poor_if"):
            sst([1, 2], 10, poor_if="")

    def test_bad_zero_welfare_option(self):
        with pytest.raises(UserError, match="zero_welfare"):
            watts([1, 2], 10, zero_welfare="skip")


class TestHandWorked:
    def test_fgt_any_alpha(self):
        # Gaps 0.5 and 0.25 among four persons.
        y = [50, 75, 100, 200]
        for alpha in (0, 0.5, 1, 1.5, 2, 3):
            assert fgt(y, 100, alpha) == pytest.approx((0.5**alpha + 0.25**alpha) / 4, rel=1e-15)

    def test_on_the_line(self):
        # 'le' counts the person on the line in P0 (0**0 = 1) but adds no gap.
        y = [50, 100, 200]
        assert fgt(y, 100, 0, poor_if="le") == pytest.approx(2 / 3)
        assert fgt(y, 100, 0, poor_if="lt") == pytest.approx(1 / 3)
        assert fgt(y, 100, 1, poor_if="le") == fgt(y, 100, 1, poor_if="lt")
        assert watts(y, 100, poor_if="le") == watts(y, 100, poor_if="lt")

    def test_normalised_gaps(self):
        assert normalised_gaps([0, 50, 100], 100).tolist() == [1.0, 0.5, 0.0]
        assert normalised_gaps([0, 50, 100], 100, poor_if="le").tolist() == [1.0, 0.5, 0.0]

    def test_weights_are_persons(self):
        # A family of 4 at half the line and a single person above it: 4 of 5 poor.
        assert fgt([50, 150], 100, 0, weights=[4, 1]) == 0.8
        assert fgt([50, 150], 100, 2, weights=[4, 1]) == pytest.approx(4 * 0.25 / 5)

    def test_watts_zero_weight_zero_welfare_is_fine(self):
        # A zero-weight row cannot make the index undefined.
        assert watts([0, 50, 150], 100, weights=[0, 1, 1]) == pytest.approx(np.log(2) / 2)

    def test_gini_pairwise_definition(self):
        rng = np.random.default_rng(3)
        x, w = rng.random(30), rng.integers(1, 5, 30).astype(float)
        pairwise = np.sum(w[:, None] * w[None, :] * np.abs(x[:, None] - x[None, :]))
        expected = pairwise / (2 * w.sum() ** 2 * np.sum(w * x) / w.sum())
        assert weighted_gini(x, w) == pytest.approx(expected, rel=1e-12)

    def test_sst_without_poor(self):
        c = sst_components([150, 200], 100)
        assert c == {"headcount": 0.0, "gap_among_poor": 0.0, "gini_of_gaps": 0.0, "sst": 0.0}

    def test_sst_everyone_equally_poor(self):
        # Equal gaps of 0.5 for all: G = 0, SST = P0 * 0.5 = 0.5.
        assert sst([50, 50, 50], 100) == pytest.approx(0.5)
